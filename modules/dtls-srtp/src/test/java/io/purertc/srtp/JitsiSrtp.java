package io.purertc.srtp;

import java.security.GeneralSecurityException;
import java.util.HashMap;
import java.util.Map;

import org.jitsi.srtp.SrtcpCryptoContext;
import org.jitsi.srtp.SrtpContextFactory;
import org.jitsi.srtp.SrtpCryptoContext;
import org.jitsi.srtp.SrtpErrorStatus;
import org.jitsi.srtp.SrtpPolicy;
import org.jitsi.utils.ByteArrayBuffer;
import org.jitsi.utils.logging2.LoggerImpl;

/**
 * jitsi-srtp, the oracle: one direction's contexts for one master key, a context per SSRC as jitsi keeps
 * them. Its default cipher factory is whichever of OpenSSL (through its bundled native library), SunJCE,
 * BouncyCastle and PKCS#11 its own start-up benchmark finds fastest, and its HMAC is OpenSSL's when that
 * library loads.
 */
final class JitsiSrtp {

    private final SrtpContextFactory factory;
    private final Map<Integer, SrtpCryptoContext> rtp = new HashMap<>();
    private final Map<Integer, SrtcpCryptoContext> rtcp = new HashMap<>();

    JitsiSrtp(SrtpMasterKey key, boolean sender) {
        SrtpProfile profile = key.profile();
        factory = new SrtpContextFactory(sender, key.key(), key.salt(), policy(profile, profile.rtpTagLength()),
                policy(profile, profile.rtcpTagLength()), new LoggerImpl(JitsiSrtp.class.getName()));
    }

    private static SrtpPolicy policy(SrtpProfile profile, int tagLength) {
        if (profile.isAead()) {
            return new SrtpPolicy(SrtpPolicy.AESGCM_ENCRYPTION, profile.keyLength(), SrtpPolicy.NULL_AUTHENTICATION,
                    0, tagLength, profile.saltLength());
        }
        return new SrtpPolicy(SrtpPolicy.AESCM_ENCRYPTION, profile.keyLength(), SrtpPolicy.HMACSHA1_AUTHENTICATION,
                SessionKeys.AUTH_KEY_LENGTH, tagLength, profile.saltLength());
    }

    /** The protected packet, or the failure jitsi reports as an exception. */
    byte[] protectRtp(byte[] packet) throws GeneralSecurityException {
        Buffer buffer = new Buffer(packet);
        return buffer.result(rtpContext(packet).transformPacket(buffer));
    }

    byte[] unprotectRtp(byte[] packet) throws GeneralSecurityException {
        Buffer buffer = new Buffer(packet);
        return buffer.result(rtpContext(packet).reverseTransformPacket(buffer, false));
    }

    byte[] protectRtcp(byte[] packet) throws GeneralSecurityException {
        Buffer buffer = new Buffer(packet);
        return buffer.result(rtcpContext(packet).transformPacket(buffer));
    }

    byte[] unprotectRtcp(byte[] packet) throws GeneralSecurityException {
        Buffer buffer = new Buffer(packet);
        return buffer.result(rtcpContext(packet).reverseTransformPacket(buffer));
    }

    private SrtpCryptoContext rtpContext(byte[] packet) throws GeneralSecurityException {
        int ssrc = readInt(packet, 8);
        SrtpCryptoContext context = rtp.get(ssrc);
        if (context == null) {
            context = factory.deriveContext(ssrc, 0);
            rtp.put(ssrc, context);
        }
        return context;
    }

    private SrtcpCryptoContext rtcpContext(byte[] packet) throws GeneralSecurityException {
        int ssrc = readInt(packet, 4);
        SrtcpCryptoContext context = rtcp.get(ssrc);
        if (context == null) {
            context = factory.deriveControlContext(ssrc);
            rtcp.put(ssrc, context);
        }
        return context;
    }

    private static int readInt(byte[] packet, int at) {
        return (packet[at] & 0xFF) << 24 | (packet[at + 1] & 0xFF) << 16 | (packet[at + 2] & 0xFF) << 8
                | packet[at + 3] & 0xFF;
    }

    /** jitsi's packet view, with the headroom it writes tags into (its GCM transform does not grow the buffer). */
    static final class Buffer implements ByteArrayBuffer {

        private byte[] buffer;
        private int offset;
        private int length;

        Buffer(byte[] packet) {
            this.buffer = new byte[packet.length + Packet.SLACK];
            System.arraycopy(packet, 0, buffer, 0, packet.length);
            this.length = packet.length;
        }

        byte[] result(SrtpErrorStatus status) throws GeneralSecurityException {
            if (status != SrtpErrorStatus.OK) {
                throw new GeneralSecurityException("jitsi-srtp: " + status);
            }
            return java.util.Arrays.copyOfRange(buffer, offset, offset + length);
        }

        @Override
        public byte[] getBuffer() {
            return buffer;
        }

        @Override
        public int getOffset() {
            return offset;
        }

        @Override
        public int getLength() {
            return length;
        }

        @Override
        public void setLength(int length) {
            this.length = length;
        }

        @Override
        public void setOffset(int offset) {
            this.offset = offset;
        }

        @Override
        public boolean isInvalid() {
            return false;
        }

        @Override
        public void readRegionToBuff(int off, int len, byte[] out) {
            System.arraycopy(buffer, offset + off, out, 0, len);
        }

        @Override
        public void grow(int howMuch) {
            if (offset + length + howMuch > buffer.length) {
                byte[] grown = new byte[length + howMuch];
                System.arraycopy(buffer, offset, grown, 0, length);
                buffer = grown;
                offset = 0;
            }
        }

        @Override
        public void append(byte[] data, int len) {
            grow(len);
            System.arraycopy(data, 0, buffer, offset + length, len);
            length += len;
        }

        @Override
        public void shrink(int len) {
            length = Math.max(0, length - len);
        }
    }
}
