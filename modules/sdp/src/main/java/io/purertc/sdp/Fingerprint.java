package io.purertc.sdp;

import java.util.Locale;
import java.util.Optional;

/**
 * {@code a=fingerprint:<hash-func> <hex pairs>}: the digest of the DTLS certificate
 * (RFC 8122 §5). The hex text is kept as written (RFC 8122 asks for upper case; some write
 * lower); {@link #digest()} gives the bytes.
 */
public record Fingerprint(String hashFunction, String fingerprint) implements Attribute {

    static final String NAME = "fingerprint";
    private static final String RULE = "fingerprint must be hex pairs separated by colons";

    public Fingerprint {
        if (!Grammar.isToken(hashFunction)) {
            throw new IllegalArgumentException("hash-func \"" + hashFunction + "\" is not a token");
        }
        if (!valid(fingerprint)) {
            throw new IllegalArgumentException(RULE);
        }
    }

    /** The fingerprint of {@code digest} under {@code hashFunction}, in upper-case hex. */
    public static Fingerprint of(String hashFunction, byte[] digest) {
        StringBuilder hex = new StringBuilder();
        for (byte b : digest) {
            if (hex.length() > 0) {
                hex.append(':');
            }
            hex.append(String.format(Locale.ROOT, "%02X", b & 0xff));
        }
        return new Fingerprint(hashFunction, hex.toString());
    }

    private static boolean valid(String fingerprint) {
        if (fingerprint.length() % 3 != 2) {
            return false;
        }
        for (int i = 0; i < fingerprint.length(); i++) {
            char c = fingerprint.charAt(i);
            boolean ok = i % 3 == 2 ? c == ':' : c < 0x80 && Character.digit(c, 16) >= 0;
            if (!ok) {
                return false;
            }
        }
        return true;
    }

    /** The digest bytes. */
    public byte[] digest() {
        byte[] digest = new byte[(fingerprint.length() + 1) / 3];
        for (int i = 0; i < digest.length; i++) {
            digest[i] = (byte) Integer.parseInt(fingerprint.substring(3 * i, 3 * i + 2), 16);
        }
        return digest;
    }

    @Override
    public String attributeName() {
        return NAME;
    }

    @Override
    public Optional<String> attributeValue() {
        return Optional.of(hashFunction + " " + fingerprint);
    }

    static Fingerprint parse(Fields f) throws SdpParseException {
        String hashFunction = f.token("hash-func");
        String fingerprint = f.only("fingerprint");
        f.check(valid(fingerprint), RULE);
        return new Fingerprint(hashFunction, fingerprint);
    }
}
