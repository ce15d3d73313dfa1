package io.purertc.srtp;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

/**
 * AES_CM_128_HMAC_SHA1_80 and _32. The keystream IV is k_s * 2^16 XOR SSRC * 2^64 XOR i * 2^16, i the 48-bit
 * SRTP index or the 31-bit SRTCP index. The SRTP tag is HMAC-SHA1 over the packet and the 4-byte ROC; the
 * SRTCP tag is HMAC-SHA1 over the packet and the E||index word that precedes it on the wire (RFC 3711 §3.4),
 * always 80 bits. Opening checks the tag before it decrypts anything.
 */
// RFC 3711 §3.1, §3.4, §4.1.1, §4.2.1; RFC 5764 §4.1.2
final class AesCmHmacSha1 implements SrtpCipher {

    private static final VarHandle LONG = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.BIG_ENDIAN);
    private static final VarHandle INT = MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.BIG_ENDIAN);
    private static final int RTCP_HEADER_LENGTH = 8;
    private static final int ESRTCP_LENGTH = 4;
    private static final int ENCRYPTED = 0x8000_0000;

    private final AesCounterMode aes;
    private final HmacSha1 hmac;
    /** The session salt times 2^16, as the high and low halves of the 128-bit IV. */
    private final long saltHigh;
    private final long saltLow;
    private final int rtpTagLength;
    private final int rtcpTagLength;
    private final byte[] roc = new byte[4];

    AesCmHmacSha1(SessionKeys keys, SrtpProfile profile) {
        this.aes = new AesCounterMode(keys.cipherKey());
        this.hmac = new HmacSha1(keys.authKey());
        byte[] shifted = new byte[16];
        System.arraycopy(keys.salt(), 0, shifted, 0, keys.salt().length);
        this.saltHigh = (long) LONG.get(shifted, 0);
        this.saltLow = (long) LONG.get(shifted, 8);
        this.rtpTagLength = profile.rtpTagLength();
        this.rtcpTagLength = profile.rtcpTagLength();
    }

    @Override
    public int rtpOverhead() {
        return rtpTagLength;
    }

    @Override
    public int rtcpOverhead() {
        return ESRTCP_LENGTH + rtcpTagLength;
    }

    @Override
    public int sealRtp(byte[] buf, int off, int len, int headerLength, int ssrc, long index) {
        crypt(buf, off + headerLength, off + len, ssrc, index);
        byte[] tag = rtpTag(buf, off, len, index);
        System.arraycopy(tag, 0, buf, off + len, rtpTagLength);
        return len + rtpTagLength;
    }

    @Override
    public int openRtp(byte[] buf, int off, int len, int headerLength, int ssrc, long index) {
        int authenticated = len - rtpTagLength;
        if (!HmacSha1.matches(rtpTag(buf, off, authenticated, index), buf, off + authenticated, rtpTagLength)) {
            return -1;
        }
        crypt(buf, off + headerLength, off + authenticated, ssrc, index);
        return authenticated;
    }

    @Override
    public int sealRtcp(byte[] buf, int off, int len, int ssrc, int index) {
        crypt(buf, off + RTCP_HEADER_LENGTH, off + len, ssrc, index);
        INT.set(buf, off + len, ENCRYPTED | index);
        int authenticated = len + ESRTCP_LENGTH;
        hmac.start();
        hmac.update(buf, off, authenticated);
        System.arraycopy(hmac.finish(), 0, buf, off + authenticated, rtcpTagLength);
        return authenticated + rtcpTagLength;
    }

    @Override
    public int rtcpIndexOffset(int len) {
        return len - rtcpTagLength - ESRTCP_LENGTH;
    }

    @Override
    public int openRtcp(byte[] buf, int off, int len, int ssrc, int esrtcp) {
        int authenticated = len - rtcpTagLength;
        hmac.start();
        hmac.update(buf, off, authenticated);
        if (!HmacSha1.matches(hmac.finish(), buf, off + authenticated, rtcpTagLength)) {
            return -1;
        }
        int plain = authenticated - ESRTCP_LENGTH;
        if ((esrtcp & ENCRYPTED) != 0) {
            crypt(buf, off + RTCP_HEADER_LENGTH, off + plain, ssrc, esrtcp & ~ENCRYPTED);
        }
        return plain;
    }

    private void crypt(byte[] buf, int from, int to, int ssrc, long index) {
        aes.apply(buf, from, to, saltHigh ^ (ssrc & 0xFFFF_FFFFL), saltLow ^ (index << 16));
    }

    /** HMAC over {@code buf[off, off + len)} || ROC, the ROC being the index's upper 32 bits. */
    private byte[] rtpTag(byte[] buf, int off, int len, long index) {
        INT.set(roc, 0, (int) (index >>> 16));
        hmac.start();
        hmac.update(buf, off, len);
        hmac.update(roc, 0, roc.length);
        return hmac.finish();
    }
}
