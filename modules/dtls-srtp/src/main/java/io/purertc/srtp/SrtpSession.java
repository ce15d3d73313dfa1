package io.purertc.srtp;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.util.Objects;

/**
 * SRTP and SRTCP for one DTLS-SRTP association: protects outgoing RTP and RTCP with the local master key and
 * unprotects incoming packets with the remote one, in place in the caller's buffer.
 *
 * <p>Each method takes a packet at {@code buf[off, off + len)} and returns its new length, or a negative
 * {@link SrtpFailure#code()} — {@link SrtpFailure#of(int)} names it — without throwing or allocating.
 * Protecting writes the trailer after the packet, so {@code buf} must have {@link #rtpOverhead()} (RTP) or
 * {@link #rtcpOverhead()} (RTCP) bytes beyond {@code off + len}, else {@link SrtpFailure#BUFFER_TOO_SMALL}.
 * Unprotecting returns the length without the trailer; a packet that fails is not accepted, and with the
 * AES-CM profiles its bytes are left as they were. The only exception thrown is
 * {@link IndexOutOfBoundsException} when {@code off} and {@code len} do not lie within {@code buf}, a bug of the
 * caller's rather than bad input.
 *
 * <p>State per SSRC: the rollover counter, estimated on both sides from sequence numbers so that it steps up
 * when they wrap; the next SRTCP index of each sender SSRC, from 0; and a replay window per received SSRC for
 * SRTP and for SRTCP. A received packet updates its SSRC's state, or creates it, only after its tag verified,
 * so forged packets move no window and take no SSRC slot. Each of the four directions and kinds keeps at most
 * {@link SrtpOptions#maxSsrcs()} SSRCs. Each failure is counted ({@link #failures}).
 *
 * <p>Header extensions are authenticated and left in the clear, and the encrypted part starts after them;
 * RTP padding is part of the encrypted payload (RFC 3711 §3.1). Header extension encryption (RFC 6904,
 * cryptex) is not done.
 *
 * <p>Not thread-safe, and not meant to be: a session belongs to one connection's event loop, which calls
 * every method, counters included. The ciphers are created and keyed once here; with the AES-CM profiles a
 * packet allocates nothing, with the GCM profiles SunJCE allocates about 1 KB inside each {@code Cipher.init}.
 */
// RFC 3711 §3.3, §3.4; RFC 7714 §8, §9; RFC 5764 §4.1.2
public final class SrtpSession {

    /** No SRTP or SRTCP packet exceeds what a UDP datagram's 16-bit length can carry. */
    public static final int MAX_PACKET_LENGTH = 0xFFFF;

    private static final VarHandle INT = MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.BIG_ENDIAN);
    private static final VarHandle SHORT = MethodHandles.byteArrayViewVarHandle(short[].class, ByteOrder.BIG_ENDIAN);
    private static final int RTP_HEADER_LENGTH = 12;
    private static final int RTCP_HEADER_LENGTH = 8;
    private static final int VERSION_MASK = 0xC0;
    private static final int VERSION_2 = 0x80;
    private static final int EXTENSION_BIT = 0x10;
    private static final int INDEX_MASK = 0x7FFF_FFFF;

    private final SrtpProfile profile;
    private final SrtpOptions options;
    private final SrtpCipher rtpOut;
    private final SrtpCipher rtpIn;
    private final SrtpCipher rtcpOut;
    private final SrtpCipher rtcpIn;
    private final SsrcTable<RolloverCounter> rtpSenders;
    private final SsrcTable<RtpReceiver> rtpReceivers;
    private final SsrcTable<SrtcpIndex> rtcpSenders;
    private final SsrcTable<ReplayWindow> rtcpReceivers;
    private final long[] failures = new long[SrtpFailure.values().length];

    /** An SSRC's received-SRTP state. */
    private record RtpReceiver(RolloverCounter rollover, ReplayWindow window) {
    }

    SrtpSession(SrtpProfile profile, SrtpCipher rtpOut, SrtpCipher rtpIn, SrtpCipher rtcpOut, SrtpCipher rtcpIn,
                SrtpOptions options) {
        this.profile = profile;
        this.options = options;
        this.rtpOut = rtpOut;
        this.rtpIn = rtpIn;
        this.rtcpOut = rtcpOut;
        this.rtcpIn = rtcpIn;
        this.rtpSenders = new SsrcTable<>(options.maxSsrcs());
        this.rtpReceivers = new SsrcTable<>(options.maxSsrcs());
        this.rtcpSenders = new SsrcTable<>(options.maxSsrcs());
        this.rtcpReceivers = new SsrcTable<>(options.maxSsrcs());
    }

    /**
     * A session that protects with {@code outbound} and unprotects with {@code inbound}, both of one profile.
     * Derives the session keys here.
     */
    public static SrtpSession create(SrtpMasterKey outbound, SrtpMasterKey inbound, SrtpOptions options) {
        SrtpProfile profile = outbound.profile();
        if (inbound.profile() != profile) {
            throw new IllegalArgumentException("outbound key is for " + profile + ", inbound for " + inbound.profile());
        }
        Objects.requireNonNull(options, "options");
        return new SrtpSession(profile, cipher(profile, SessionKeys.forRtp(outbound)),
                cipher(profile, SessionKeys.forRtp(inbound)), cipher(profile, SessionKeys.forRtcp(outbound)),
                cipher(profile, SessionKeys.forRtcp(inbound)), options);
    }

    /** The session of the DTLS client ({@code dtlsClient}) or server side of a finished handshake. */
    public static SrtpSession create(SrtpKeyingMaterial material, boolean dtlsClient, SrtpOptions options) {
        return create(material.local(dtlsClient), material.remote(dtlsClient), options);
    }

    private static SrtpCipher cipher(SrtpProfile profile, SessionKeys keys) {
        return profile.isAead() ? new AesGcm(keys) : new AesCmHmacSha1(keys, profile);
    }

    public SrtpProfile profile() {
        return profile;
    }

    public SrtpOptions options() {
        return options;
    }

    /** Bytes {@link #protectRtp} appends: the authentication tag. */
    public int rtpOverhead() {
        return rtpOut.rtpOverhead();
    }

    /** Bytes {@link #protectRtcp} appends: the E-flag and SRTCP index word and the authentication tag. */
    public int rtcpOverhead() {
        return rtcpOut.rtcpOverhead();
    }

    /** How many packets failed for {@code failure} so far, protecting and unprotecting together. */
    public long failures(SrtpFailure failure) {
        return failures[failure.ordinal()];
    }

    /**
     * Encrypts the payload of the RTP packet in {@code buf[off, off + len)} and appends the tag.
     *
     * @return the SRTP packet's length, or a negative {@link SrtpFailure#code()}
     */
    public int protectRtp(byte[] buf, int off, int len) {
        Objects.checkFromIndexSize(off, len, buf.length);
        int overhead = rtpOut.rtpOverhead();
        if (len < RTP_HEADER_LENGTH) {
            return fail(SrtpFailure.TOO_SHORT);
        }
        int headerLength = rtpHeaderLength(buf, off, len);
        if (headerLength < 0 || len > MAX_PACKET_LENGTH - overhead) {
            return fail(SrtpFailure.MALFORMED);
        }
        if (buf.length - off - len < overhead) {
            return fail(SrtpFailure.BUFFER_TOO_SMALL);
        }
        int ssrc = (int) INT.get(buf, off + 8);
        int seq = sequenceNumber(buf, off);
        RolloverCounter rollover = rtpSenders.get(ssrc);
        if (rollover == null) {
            if (rtpSenders.isFull()) {
                return fail(SrtpFailure.TOO_MANY_SSRCS);
            }
            rollover = new RolloverCounter(seq);
            rtpSenders.add(ssrc, rollover);
        }
        long index = rollover.estimate(seq);
        if (index < 0) {
            return fail(SrtpFailure.TOO_OLD);
        }
        int protectedLength = rtpOut.sealRtp(buf, off, len, headerLength, ssrc, index);
        rollover.advance(index);
        return protectedLength;
    }

    /**
     * Verifies and decrypts the SRTP packet in {@code buf[off, off + len)}.
     *
     * @return the RTP packet's length, or a negative {@link SrtpFailure#code()}
     */
    public int unprotectRtp(byte[] buf, int off, int len) {
        Objects.checkFromIndexSize(off, len, buf.length);
        int tagLength = rtpIn.rtpOverhead();
        if (len < RTP_HEADER_LENGTH + tagLength) {
            return fail(SrtpFailure.TOO_SHORT);
        }
        int headerLength = rtpHeaderLength(buf, off, len - tagLength);
        if (headerLength < 0 || len > MAX_PACKET_LENGTH) {
            return fail(SrtpFailure.MALFORMED);
        }
        int ssrc = (int) INT.get(buf, off + 8);
        int seq = sequenceNumber(buf, off);
        RtpReceiver receiver = rtpReceivers.get(ssrc);
        long index;
        if (receiver == null) {
            if (rtpReceivers.isFull()) {
                return fail(SrtpFailure.TOO_MANY_SSRCS);
            }
            index = seq;
        } else {
            index = receiver.rollover().estimate(seq);
            if (index < 0) {
                return fail(SrtpFailure.TOO_OLD);
            }
            SrtpFailure replay = receiver.window().check(index);
            if (replay != null) {
                return fail(replay);
            }
        }
        int plainLength = rtpIn.openRtp(buf, off, len, headerLength, ssrc, index);
        if (plainLength < 0) {
            return fail(SrtpFailure.AUTH_FAILED);
        }
        if (receiver == null) {
            receiver = new RtpReceiver(new RolloverCounter(seq), new ReplayWindow(options.replayWindow()));
            rtpReceivers.add(ssrc, receiver);
        }
        receiver.rollover().advance(index);
        receiver.window().accept(index);
        return plainLength;
    }

    /**
     * Encrypts the RTCP packet (compound or not) in {@code buf[off, off + len)} after its first 8 bytes and
     * appends E = 1, the sender SSRC's next SRTCP index and the tag.
     *
     * @return the SRTCP packet's length, or a negative {@link SrtpFailure#code()}
     */
    public int protectRtcp(byte[] buf, int off, int len) {
        Objects.checkFromIndexSize(off, len, buf.length);
        int overhead = rtcpOut.rtcpOverhead();
        if (len < RTCP_HEADER_LENGTH) {
            return fail(SrtpFailure.TOO_SHORT);
        }
        if ((buf[off] & VERSION_MASK) != VERSION_2 || len > MAX_PACKET_LENGTH - overhead) {
            return fail(SrtpFailure.MALFORMED);
        }
        if (buf.length - off - len < overhead) {
            return fail(SrtpFailure.BUFFER_TOO_SMALL);
        }
        int ssrc = (int) INT.get(buf, off + 4);
        SrtcpIndex next = rtcpSenders.get(ssrc);
        if (next == null) {
            if (rtcpSenders.isFull()) {
                return fail(SrtpFailure.TOO_MANY_SSRCS);
            }
            next = new SrtcpIndex();
            rtcpSenders.add(ssrc, next);
        }
        int index = next.take();
        if (index < 0) {
            return fail(SrtpFailure.KEY_EXHAUSTED);
        }
        return rtcpOut.sealRtcp(buf, off, len, ssrc, index);
    }

    /**
     * Verifies the SRTCP packet in {@code buf[off, off + len)} and decrypts it if its E-flag is set.
     *
     * @return the RTCP packet's length, or a negative {@link SrtpFailure#code()}
     */
    public int unprotectRtcp(byte[] buf, int off, int len) {
        Objects.checkFromIndexSize(off, len, buf.length);
        if (len < RTCP_HEADER_LENGTH + rtcpIn.rtcpOverhead()) {
            return fail(SrtpFailure.TOO_SHORT);
        }
        if ((buf[off] & VERSION_MASK) != VERSION_2 || len > MAX_PACKET_LENGTH) {
            return fail(SrtpFailure.MALFORMED);
        }
        int ssrc = (int) INT.get(buf, off + 4);
        int esrtcp = (int) INT.get(buf, off + rtcpIn.rtcpIndexOffset(len));
        int index = esrtcp & INDEX_MASK;
        ReplayWindow window = rtcpReceivers.get(ssrc);
        if (window == null) {
            if (rtcpReceivers.isFull()) {
                return fail(SrtpFailure.TOO_MANY_SSRCS);
            }
        } else {
            SrtpFailure replay = window.check(index);
            if (replay != null) {
                return fail(replay);
            }
        }
        int plainLength = rtcpIn.openRtcp(buf, off, len, ssrc, esrtcp);
        if (plainLength < 0) {
            return fail(SrtpFailure.AUTH_FAILED);
        }
        if (window == null) {
            window = new ReplayWindow(options.replayWindow());
            rtcpReceivers.add(ssrc, window);
        }
        window.accept(index);
        return plainLength;
    }

    private int fail(SrtpFailure failure) {
        failures[failure.ordinal()]++;
        return failure.code();
    }

    private static int sequenceNumber(byte[] buf, int off) {
        return (short) SHORT.get(buf, off + 2) & 0xFFFF;
    }

    /**
     * The fixed header, CSRC list and extension block of the version-2 RTP packet at {@code off}, or -1 if
     * the version is not 2 or they run past {@code limit} bytes. RtpPacket.parse is not used: it allocates,
     * checks the padding count, which is encrypted here, and checks RFC 8285 elements, which SRTP does not
     * care about.
     */
    private static int rtpHeaderLength(byte[] buf, int off, int limit) {
        int first = buf[off];
        if ((first & VERSION_MASK) != VERSION_2) {
            return -1;
        }
        int length = RTP_HEADER_LENGTH + 4 * (first & 0x0F);
        if ((first & EXTENSION_BIT) != 0) {
            if (length + 4 > limit) {
                return -1;
            }
            length += 4 + 4 * ((short) SHORT.get(buf, off + length + 2) & 0xFFFF);
        }
        return length <= limit ? length : -1;
    }
}
