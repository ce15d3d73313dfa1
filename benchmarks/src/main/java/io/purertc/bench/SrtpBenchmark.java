package io.purertc.bench;

import java.security.GeneralSecurityException;
import java.util.Random;
import java.util.concurrent.TimeUnit;

import org.jitsi.srtp.SrtcpCryptoContext;
import org.jitsi.srtp.SrtpContextFactory;
import org.jitsi.srtp.SrtpCryptoContext;
import org.jitsi.srtp.SrtpErrorStatus;
import org.jitsi.srtp.SrtpPolicy;
import org.jitsi.srtp.crypto.Aes;
import org.jitsi.utils.ByteArrayBuffer;
import org.jitsi.utils.logging2.LoggerImpl;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

import io.purertc.srtp.SrtpMasterKey;
import io.purertc.srtp.SrtpOptions;
import io.purertc.srtp.SrtpProfile;
import io.purertc.srtp.SrtpSession;

/**
 * SRTP and SRTCP protect and unprotect of one packet, ours beside jitsi-srtp in the same run: payloads of
 * 100, 160 (20 ms of G.711), 1000 (Pion's figures) and 1200 bytes (a full video packet) behind a 12-byte
 * header; the RTCP packets are 8 bytes of header plus the same payload.
 *
 * <p>What an operation includes: copying the packet from its template into the work buffer (the same
 * arraycopy for every implementation), then the call. Protect gives every packet the next sequence number, so
 * no implementation sees a repeated IV. Unprotect reads a ring of {@value #RING} packets protected in the
 * set-up with consecutive sequence numbers (SRTCP indices); when the ring comes round the receiver is
 * replaced by a fresh one, so no packet is a replay, and that re-creation, 1 in {@value #RING} operations,
 * is part of the figure.
 *
 * <p>{@code implementation}: {@code purertc}; {@code jitsi-sunjce}, jitsi-srtp with its AES factory pinned
 * to SunJCE (its HMAC-SHA1 still runs in OpenSSL whenever its native library loads, which it does here);
 * {@code jitsi-default}, jitsi-srtp choosing its factories by its own start-up benchmark, OpenSSL here.
 * jitsi's factory choice is static, so each parameter set needs its own fork (JMH's default; not -f 0).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class SrtpBenchmark {

    private static final int RING = 4096;
    private static final int HEADER = 12;
    private static final int SSRC = 0x5EC0_0001;

    @Param({"AES_CM_128_HMAC_SHA1_80", "AEAD_AES_128_GCM"})
    public String profile;

    @Param({"100", "160", "1000", "1200"})
    public int payload;

    @Param({"purertc", "jitsi-sunjce", "jitsi-default"})
    public String implementation;

    private SrtpMasterKey key;
    private Endpoint sender;
    private Endpoint receiver;
    private byte[] rtp;
    private byte[] rtcp;
    private final byte[] buf = new byte[2048];
    private final byte[][] rtpRing = new byte[RING][];
    private final byte[][] rtcpRing = new byte[RING][];
    private int seq;
    private int nextRtp;
    private int nextRtcp;
    private long failures;

    /** One side of a session, ours or jitsi's, working on {@code buf[0, len)}. */
    private interface Endpoint {
        int protectRtp(byte[] buf, int len);

        int unprotectRtp(byte[] buf, int len);

        int protectRtcp(byte[] buf, int len);

        int unprotectRtcp(byte[] buf, int len);
    }

    @Setup
    public void setUp() {
        if (implementation.equals("jitsi-sunjce")) {
            Aes.setFactoryClassName("SunJCE");
        }
        SrtpProfile srtpProfile = SrtpProfile.valueOf(profile);
        Random random = new Random(7);
        byte[] masterKey = new byte[srtpProfile.keyLength()];
        byte[] masterSalt = new byte[srtpProfile.saltLength()];
        random.nextBytes(masterKey);
        random.nextBytes(masterSalt);
        key = new SrtpMasterKey(srtpProfile, masterKey, masterSalt);
        rtp = new byte[HEADER + payload];
        random.nextBytes(rtp);
        rtp[0] = (byte) 0x80;
        rtp[1] = 96;
        putInt(rtp, 8, SSRC);
        rtcp = new byte[8 + payload];
        random.nextBytes(rtcp);
        rtcp[0] = (byte) 0x80;
        rtcp[1] = (byte) 200;
        putInt(rtcp, 4, SSRC);

        Endpoint ringSender = endpoint(true);
        for (int i = 0; i < RING; i++) {
            rtpRing[i] = protectedCopy(ringSender.protectRtp(fill(rtp, i), rtp.length));
            rtcpRing[i] = protectedCopy(ringSender.protectRtcp(fill(rtcp, -1), rtcp.length));
        }
        sender = endpoint(true);
        receiver = endpoint(false);
        seq = RING;
    }

    @TearDown(Level.Iteration)
    public void noPacketFailed() {
        if (failures != 0) {
            throw new IllegalStateException(failures + " packets failed in " + implementation);
        }
    }

    @Benchmark
    public int protectRtp() {
        return check(sender.protectRtp(fill(rtp, seq++), rtp.length));
    }

    @Benchmark
    public int unprotectRtp() {
        byte[] packet = rtpRing[nextRtp];
        System.arraycopy(packet, 0, buf, 0, packet.length);
        int result = check(receiver.unprotectRtp(buf, packet.length));
        if (++nextRtp == RING) {
            nextRtp = 0;
            receiver = endpoint(false);
        }
        return result;
    }

    @Benchmark
    public int protectRtcp() {
        return check(sender.protectRtcp(fill(rtcp, -1), rtcp.length));
    }

    @Benchmark
    public int unprotectRtcp() {
        byte[] packet = rtcpRing[nextRtcp];
        System.arraycopy(packet, 0, buf, 0, packet.length);
        int result = check(receiver.unprotectRtcp(buf, packet.length));
        if (++nextRtcp == RING) {
            nextRtcp = 0;
            receiver = endpoint(false);
        }
        return result;
    }

    private int check(int result) {
        if (result < 0) {
            failures++;
        }
        return result;
    }

    /** Copies {@code template} into the work buffer with sequence number {@code seq}, unless it is -1 (RTCP). */
    private byte[] fill(byte[] template, int seq) {
        System.arraycopy(template, 0, buf, 0, template.length);
        if (seq >= 0) {
            buf[2] = (byte) (seq >>> 8);
            buf[3] = (byte) seq;
        }
        return buf;
    }

    private byte[] protectedCopy(int length) {
        if (length < 0) {
            throw new IllegalStateException(implementation + " could not protect a set-up packet");
        }
        byte[] copy = new byte[length];
        System.arraycopy(buf, 0, copy, 0, length);
        return copy;
    }

    private Endpoint endpoint(boolean sending) {
        if (implementation.equals("purertc")) {
            return new Ours(SrtpSession.create(key, key, SrtpOptions.DEFAULT));
        }
        try {
            return new Jitsi(key, sending);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("jitsi-srtp could not make its contexts", e);
        }
    }

    private static void putInt(byte[] buf, int at, int value) {
        buf[at] = (byte) (value >>> 24);
        buf[at + 1] = (byte) (value >>> 16);
        buf[at + 2] = (byte) (value >>> 8);
        buf[at + 3] = (byte) value;
    }

    private record Ours(SrtpSession session) implements Endpoint {

        @Override
        public int protectRtp(byte[] buf, int len) {
            return session.protectRtp(buf, 0, len);
        }

        @Override
        public int unprotectRtp(byte[] buf, int len) {
            return session.unprotectRtp(buf, 0, len);
        }

        @Override
        public int protectRtcp(byte[] buf, int len) {
            return session.protectRtcp(buf, 0, len);
        }

        @Override
        public int unprotectRtcp(byte[] buf, int len) {
            return session.unprotectRtcp(buf, 0, len);
        }
    }

    /** jitsi-srtp's contexts for the one SSRC, over a reused packet view of the work buffer. */
    private static final class Jitsi implements Endpoint, ByteArrayBuffer {

        private final SrtpCryptoContext rtpContext;
        private final SrtcpCryptoContext rtcpContext;
        private byte[] buffer;
        private int offset;
        private int length;

        Jitsi(SrtpMasterKey key, boolean sender) throws GeneralSecurityException {
            SrtpProfile profile = key.profile();
            SrtpPolicy rtpPolicy = policy(profile, profile.rtpTagLength());
            rtpPolicy.setSendReplayEnabled(false);
            SrtpContextFactory factory = new SrtpContextFactory(sender, key.key(), key.salt(), rtpPolicy,
                    policy(profile, profile.rtcpTagLength()), new LoggerImpl(SrtpBenchmark.class.getName()));
            rtpContext = factory.deriveContext(SSRC, 0);
            rtcpContext = factory.deriveControlContext(SSRC);
        }

        private static SrtpPolicy policy(SrtpProfile profile, int tagLength) {
            if (profile.isAead()) {
                return new SrtpPolicy(SrtpPolicy.AESGCM_ENCRYPTION, profile.keyLength(),
                        SrtpPolicy.NULL_AUTHENTICATION, 0, tagLength, profile.saltLength());
            }
            return new SrtpPolicy(SrtpPolicy.AESCM_ENCRYPTION, profile.keyLength(),
                    SrtpPolicy.HMACSHA1_AUTHENTICATION, 20, tagLength, profile.saltLength());
        }

        private int result(SrtpErrorStatus status) {
            return status == SrtpErrorStatus.OK ? length : -1;
        }

        private void view(byte[] buf, int len) {
            buffer = buf;
            offset = 0;
            length = len;
        }

        @Override
        public int protectRtp(byte[] buf, int len) {
            view(buf, len);
            try {
                return result(rtpContext.transformPacket(this));
            } catch (GeneralSecurityException e) {
                return -1;
            }
        }

        @Override
        public int unprotectRtp(byte[] buf, int len) {
            view(buf, len);
            try {
                return result(rtpContext.reverseTransformPacket(this, false));
            } catch (GeneralSecurityException e) {
                return -1;
            }
        }

        @Override
        public int protectRtcp(byte[] buf, int len) {
            view(buf, len);
            try {
                return result(rtcpContext.transformPacket(this));
            } catch (GeneralSecurityException e) {
                return -1;
            }
        }

        @Override
        public int unprotectRtcp(byte[] buf, int len) {
            view(buf, len);
            try {
                return result(rtcpContext.reverseTransformPacket(this));
            } catch (GeneralSecurityException e) {
                return -1;
            }
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

        /** The work buffer always has room for a trailer; jitsi only asks. */
        @Override
        public void grow(int howMuch) {
            if (offset + length + howMuch > buffer.length) {
                throw new IllegalStateException("work buffer too small");
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
