package io.purertc.stun;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import javax.crypto.Mac;
import javax.crypto.ShortBufferException;
import javax.crypto.spec.SecretKeySpec;

/**
 * One credential's key with its HMAC-SHA1 and HMAC-SHA256 instances, initialised once so that checking
 * a packet costs no key setup. Not thread-safe: keep one per ICE agent or per thread.
 *
 * <p>Long-term credentials go through {@link OpaqueString} (RFC 8489 §9.2.2). A short-term password is
 * taken as its UTF-8 bytes: RFC 8489 §9.1.1 would apply OpaqueString there too, but an ICE password is
 * made of ice-chars (ALPHA, DIGIT, "+", "/"; RFC 8839 §5.4), on which OpaqueString changes nothing.
 */
// RFC 8489 §9.1.1, §9.2.2, §14.5, §14.6
public final class StunIntegrity {

    private static final int SHA1_LENGTH = 20;
    private static final int SHA256_LENGTH = 32;

    private final Mac sha1;
    private final Mac sha256;
    private final byte[] scratch = new byte[SHA256_LENGTH];
    private final byte[] lengthField = new byte[2];

    /** @param key the HMAC key; must not be empty (javax.crypto refuses empty keys) */
    public StunIntegrity(byte[] key) {
        try {
            sha1 = Mac.getInstance("HmacSHA1");
            sha1.init(new SecretKeySpec(key, "HmacSHA1"));
            sha256 = Mac.getInstance("HmacSHA256");
            sha256.init(new SecretKeySpec(key, "HmacSHA256"));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("the JDK lacks HmacSHA1/HmacSHA256", e);
        }
    }

    /** Short-term credential: the key is the password itself. */
    public static StunIntegrity shortTerm(String password) {
        return new StunIntegrity(password.getBytes(StandardCharsets.UTF_8));
    }

    /**
     * Long-term credential: the key is MD5(username ":" realm ":" password), each prepared with
     * {@link OpaqueString}. The USERNAME a client sends must be the prepared form too, since the server
     * takes it from the wire as it is.
     *
     * @throws IllegalArgumentException when OpaqueString rejects one of the three
     */
    public static StunIntegrity longTerm(String username, String realm, String password) {
        try {
            byte[] joined = (OpaqueString.enforce(username) + ":" + OpaqueString.enforce(realm) + ":"
                    + OpaqueString.enforce(password)).getBytes(StandardCharsets.UTF_8);
            return new StunIntegrity(MessageDigest.getInstance("MD5").digest(joined));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("the JDK lacks MD5", e);
        }
    }

    /** True when MESSAGE-INTEGRITY is present and matches this key; false when absent or wrong. */
    public boolean verify(StunMessage message) {
        int at = message.integrityAt();
        return at >= 0 && matches(sha1, message.buffer(), message.offset(), at, SHA1_LENGTH);
    }

    /**
     * True when MESSAGE-INTEGRITY-SHA256 is present and matches this key, in full or truncated to the
     * 16-28 bytes the parser lets through; false when absent or wrong.
     */
    public boolean verifySha256(StunMessage message) {
        int at = message.integritySha256At();
        return at >= 0 && matches(sha256, message.buffer(), message.offset(), at, message.integritySha256Length());
    }

    /**
     * Authenticates a request the way RFC 8489 §9.1.3 and §9.2.4 tell a server to: by
     * MESSAGE-INTEGRITY-SHA256 when the request carries it, else by MESSAGE-INTEGRITY. False when neither
     * is present.
     */
    public boolean verifyRequest(StunMessage request) {
        return request.integritySha256At() >= 0 ? verifySha256(request) : verify(request);
    }

    private boolean matches(Mac mac, byte[] buf, int offset, int at, int valueLength) {
        compute(mac, buf, offset, at, valueLength);
        int diff = 0;
        for (int i = 0; i < valueLength; i++) {
            diff |= scratch[i] ^ buf[offset + at + 4 + i];
        }
        return diff == 0;
    }

    void writeSha1(byte[] buf, int offset, int at) {
        compute(sha1, buf, offset, at, SHA1_LENGTH);
        System.arraycopy(scratch, 0, buf, offset + at + 4, SHA1_LENGTH);
    }

    void writeSha256(byte[] buf, int offset, int at) {
        compute(sha256, buf, offset, at, SHA256_LENGTH);
        System.arraycopy(scratch, 0, buf, offset + at + 4, SHA256_LENGTH);
    }

    // The HMAC covers the header with its length field set as if the integrity attribute ended the message.
    private void compute(Mac mac, byte[] buf, int offset, int at, int valueLength) {
        int adjusted = at + 4 + valueLength - StunMessage.HEADER_LENGTH;
        lengthField[0] = (byte) (adjusted >> 8);
        lengthField[1] = (byte) adjusted;
        mac.update(buf, offset, 2);
        mac.update(lengthField);
        mac.update(buf, offset + 4, at - 4);
        try {
            mac.doFinal(scratch, 0);
        } catch (ShortBufferException impossible) {
            throw new AssertionError("scratch holds a SHA-256 digest", impossible);
        }
    }
}
