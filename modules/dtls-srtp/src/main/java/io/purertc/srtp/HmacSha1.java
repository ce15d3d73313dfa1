package io.purertc.srtp;

import java.security.DigestException;
import java.security.MessageDigest;

/**
 * HMAC-SHA1 on a {@link MessageDigest}, so that a tag costs no allocation: {@code javax.crypto.Mac} hands back
 * a fresh array from every {@code doFinal}, even the one that writes into the caller's. Use: {@link #start},
 * {@link #update} any number of times, {@link #finish}.
 */
// RFC 2104 §2; RFC 3711 §4.2.1
final class HmacSha1 {

    static final int LENGTH = 20;
    private static final int BLOCK = 64;

    private final MessageDigest sha1 = Jce.sha1();
    private final byte[] innerPad = new byte[BLOCK];
    private final byte[] outerPad = new byte[BLOCK];
    private final byte[] digest = new byte[LENGTH];

    /** {@code key} is at most one block long; SRTP's session authentication key is 20 bytes. */
    HmacSha1(byte[] key) {
        if (key.length > BLOCK) {
            throw new IllegalArgumentException("an HMAC key longer than 64 bytes is hashed first; SRTP never has one");
        }
        for (int i = 0; i < BLOCK; i++) {
            byte k = i < key.length ? key[i] : 0;
            innerPad[i] = (byte) (k ^ 0x36);
            outerPad[i] = (byte) (k ^ 0x5C);
        }
    }

    void start() {
        sha1.update(innerPad);
    }

    void update(byte[] buf, int off, int len) {
        sha1.update(buf, off, len);
    }

    /** The 20-byte MAC, in an array this object reuses on the next call. */
    byte[] finish() {
        try {
            sha1.digest(digest, 0, LENGTH);
            sha1.update(outerPad);
            sha1.update(digest, 0, LENGTH);
            sha1.digest(digest, 0, LENGTH);
        } catch (DigestException e) {
            throw new IllegalStateException("SHA-1 digest buffer holds 20 bytes", e);
        }
        return digest;
    }

    /** Whether the first {@code length} bytes of {@code mac} equal {@code buf[off, off + length)}, in constant time. */
    static boolean matches(byte[] mac, byte[] buf, int off, int length) {
        int difference = 0;
        for (int i = 0; i < length; i++) {
            difference |= mac[i] ^ buf[off + i];
        }
        return difference == 0;
    }
}
