package io.purertc.srtp;

import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.NoSuchProviderException;

import javax.crypto.Cipher;
import javax.crypto.NoSuchPaddingException;

/**
 * The JDK's own providers, asked for by name: a provider registered ahead of them (BouncyCastle, which the
 * DTLS layer brings in) would otherwise win, and its AES and SHA-1 lack SunJCE's AES-NI and SHA intrinsics.
 * A JDK without those provider names falls back to whatever provides the algorithm.
 */
// Java SE requires AES/ECB/NoPadding, AES/GCM/NoPadding and SHA-1 of every JDK
final class Jce {

    private Jce() {
    }

    static Cipher cipher(String transformation) {
        try {
            try {
                return Cipher.getInstance(transformation, "SunJCE");
            } catch (NoSuchProviderException | NoSuchAlgorithmException e) {
                return Cipher.getInstance(transformation);
            }
        } catch (NoSuchAlgorithmException | NoSuchPaddingException e) {
            throw new IllegalStateException("this JDK lacks " + transformation, e);
        }
    }

    static MessageDigest sha1() {
        try {
            try {
                return MessageDigest.getInstance("SHA-1", "SUN");
            } catch (NoSuchProviderException | NoSuchAlgorithmException e) {
                return MessageDigest.getInstance("SHA-1");
            }
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("this JDK lacks SHA-1", e);
        }
    }

    /** For a key or parameter the JDK rejects although Java SE promises it: a broken JDK, not bad input. */
    static IllegalStateException broken(GeneralSecurityException e) {
        return new IllegalStateException("the JDK refused an AES operation it must support", e);
    }
}
