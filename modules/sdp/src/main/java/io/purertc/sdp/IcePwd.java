package io.purertc.sdp;

import java.util.Optional;

/** {@code a=ice-pwd}: the ICE password (RFC 8839 §5.4). */
public record IcePwd(String password) implements Attribute {

    static final String NAME = "ice-pwd";
    private static final String RULE = "ice-pwd must be 22..256 characters of ALPHA / DIGIT / + / /";

    public IcePwd {
        if (!valid(password)) {
            throw new IllegalArgumentException(RULE);
        }
    }

    private static boolean valid(String password) {
        return password.length() >= 22 && password.length() <= 256 && Grammar.isIceChars(password);
    }

    @Override
    public String attributeName() {
        return NAME;
    }

    @Override
    public Optional<String> attributeValue() {
        return Optional.of(password);
    }

    /** Keeps the password out of logs. */
    @Override
    public String toString() {
        return "IcePwd[" + password.length() + " chars]";
    }

    static IcePwd parse(Fields f) throws SdpParseException {
        String password = f.only("password");
        f.check(valid(password), RULE);
        return new IcePwd(password);
    }
}
