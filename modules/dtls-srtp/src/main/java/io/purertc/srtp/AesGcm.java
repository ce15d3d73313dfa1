package io.purertc.srtp;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.security.GeneralSecurityException;
import java.util.Arrays;

import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * AEAD_AES_128_GCM and AEAD_AES_256_GCM on SunJCE's {@code AES/GCM/NoPadding}, 16-byte tag. The 12-byte IV is
 * the session salt XOR (00 00 || SSRC || ROC || SEQ) for SRTP and XOR (00 00 || SSRC || 00 00 || 0 || index)
 * for SRTCP. The associated data is the RTP header with its CSRCs and extension; for SRTCP it is the first
 * 8 bytes and the ESRTCP word, which follows the tag on the wire, or the whole packet and that word when the
 * sender did not encrypt (E = 0).
 *
 * <p>The JDK's GCM allocates its own per-IV state in every {@code Cipher.init}, about 1 KB a packet; that is
 * the one allocation on this hot path and it is the JDK's.
 */
// RFC 7714 §8.1, §8.2, §9.1, §9.2, §9.3, §17
final class AesGcm implements SrtpCipher {

    private static final VarHandle INT = MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.BIG_ENDIAN);
    private static final VarHandle SHORT = MethodHandles.byteArrayViewVarHandle(short[].class, ByteOrder.BIG_ENDIAN);
    private static final int TAG_LENGTH = 16;
    private static final int IV_LENGTH = 12;
    private static final int RTCP_HEADER_LENGTH = 8;
    private static final int ESRTCP_LENGTH = 4;
    private static final int ENCRYPTED = 0x8000_0000;

    private final Cipher gcm = Jce.cipher("AES/GCM/NoPadding");
    private final SecretKeySpec key;
    private final byte[] salt;
    private final byte[] iv = new byte[IV_LENGTH];
    private final byte[] esrtcp = new byte[ESRTCP_LENGTH];
    /** An encrypted SRTCP packet's AAD, the 8-byte header then the ESRTCP word, for one {@code updateAAD}. */
    private final byte[] rtcpAad = new byte[RTCP_HEADER_LENGTH + ESRTCP_LENGTH];
    /** The IV of the last encryption; SunJCE refuses to encrypt twice in a row under one key and IV. */
    private final byte[] lastSealIv = new byte[IV_LENGTH];
    private boolean sealed;

    AesGcm(SessionKeys keys) {
        this.key = new SecretKeySpec(keys.cipherKey(), "AES");
        this.salt = keys.salt().clone();
    }

    @Override
    public int rtpOverhead() {
        return TAG_LENGTH;
    }

    @Override
    public int rtcpOverhead() {
        return TAG_LENGTH + ESRTCP_LENGTH;
    }

    @Override
    public int sealRtp(byte[] buf, int off, int len, int headerLength, int ssrc, long index) {
        rtpIv(ssrc, index);
        try {
            initSeal();
            gcm.updateAAD(buf, off, headerLength);
            return headerLength + gcm.doFinal(buf, off + headerLength, len - headerLength, buf, off + headerLength);
        } catch (GeneralSecurityException e) {
            throw Jce.broken(e);
        }
    }

    @Override
    public int openRtp(byte[] buf, int off, int len, int headerLength, int ssrc, long index) {
        rtpIv(ssrc, index);
        try {
            gcm.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(TAG_LENGTH * 8, iv));
            gcm.updateAAD(buf, off, headerLength);
            return headerLength + gcm.doFinal(buf, off + headerLength, len - headerLength, buf, off + headerLength);
        } catch (AEADBadTagException e) {
            return -1;
        } catch (GeneralSecurityException e) {
            throw Jce.broken(e);
        }
    }

    @Override
    public int sealRtcp(byte[] buf, int off, int len, int ssrc, int index) {
        rtcpIv(ssrc, index);
        INT.set(esrtcp, 0, ENCRYPTED | index);
        try {
            initSeal();
            gcm.updateAAD(encryptedRtcpAad(buf, off));
            int start = off + RTCP_HEADER_LENGTH;
            int sealedLength = RTCP_HEADER_LENGTH + gcm.doFinal(buf, start, len - RTCP_HEADER_LENGTH, buf, start);
            System.arraycopy(esrtcp, 0, buf, off + sealedLength, ESRTCP_LENGTH);
            return sealedLength + ESRTCP_LENGTH;
        } catch (GeneralSecurityException e) {
            throw Jce.broken(e);
        }
    }

    @Override
    public int rtcpIndexOffset(int len) {
        return len - ESRTCP_LENGTH;
    }

    @Override
    public int openRtcp(byte[] buf, int off, int len, int ssrc, int word) {
        rtcpIv(ssrc, word & ~ENCRYPTED);
        INT.set(esrtcp, 0, word);
        int cipherEnd = len - ESRTCP_LENGTH;
        // E = 1: the AAD is the 8-byte header, the cipher runs from there to the ESRTCP word. E = 0: the AAD is
        // everything before the tag, and the cipher is the tag alone.
        int cipherStart = (word & ENCRYPTED) != 0 ? RTCP_HEADER_LENGTH : cipherEnd - TAG_LENGTH;
        try {
            gcm.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(TAG_LENGTH * 8, iv));
            if ((word & ENCRYPTED) != 0) {
                gcm.updateAAD(encryptedRtcpAad(buf, off));
            } else {
                gcm.updateAAD(buf, off, cipherStart);
                gcm.updateAAD(esrtcp);
            }
            return cipherStart + gcm.doFinal(buf, off + cipherStart, cipherEnd - cipherStart, buf, off + cipherStart);
        } catch (AEADBadTagException e) {
            return -1;
        } catch (GeneralSecurityException e) {
            throw Jce.broken(e);
        }
    }

    /**
     * A retransmission is protected again under its own index and yields the same bytes, which reveals nothing
     * new; SunJCE's guard against reusing the previous encryption IV cannot tell it from a real reuse, so an
     * init with a different IV comes in between.
     */
    private void initSeal() throws GeneralSecurityException {
        if (sealed && Arrays.equals(iv, lastSealIv)) {
            lastSealIv[0] ^= 1;
            gcm.init(Cipher.ENCRYPT_MODE, key, new GCMParameterSpec(TAG_LENGTH * 8, lastSealIv));
        }
        gcm.init(Cipher.ENCRYPT_MODE, key, new GCMParameterSpec(TAG_LENGTH * 8, iv));
        System.arraycopy(iv, 0, lastSealIv, 0, IV_LENGTH);
        sealed = true;
    }

    private byte[] encryptedRtcpAad(byte[] buf, int off) {
        System.arraycopy(buf, off, rtcpAad, 0, RTCP_HEADER_LENGTH);
        System.arraycopy(esrtcp, 0, rtcpAad, RTCP_HEADER_LENGTH, ESRTCP_LENGTH);
        return rtcpAad;
    }

    private void rtpIv(int ssrc, long index) {
        SHORT.set(iv, 0, (short) 0);
        INT.set(iv, 2, ssrc);
        INT.set(iv, 6, (int) (index >>> 16));
        SHORT.set(iv, 10, (short) index);
        xorSalt();
    }

    private void rtcpIv(int ssrc, int index) {
        SHORT.set(iv, 0, (short) 0);
        INT.set(iv, 2, ssrc);
        SHORT.set(iv, 6, (short) 0);
        INT.set(iv, 8, index);
        xorSalt();
    }

    private void xorSalt() {
        for (int i = 0; i < IV_LENGTH; i++) {
            iv[i] ^= salt[i];
        }
    }
}
