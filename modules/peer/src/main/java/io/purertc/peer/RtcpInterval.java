package io.purertc.peer;

import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;
import java.util.Random;

/**
 * How long to wait before the next compound RTCP packet, so that all participants together keep RTCP to 5% of
 * the session bandwidth: the participant counts, the average compound size and the randomised interval of
 * RFC 3550 §6.3, with the member and sender tables and their time-outs.
 *
 * <p>Our own sources are told by {@link #setLocalSources}; the table holds the other side's SSRCs, at most
 * {@link #MAX_REMOTE_MEMBERS}, so a peer inventing SSRCs cannot grow it. With the reduced minimum of §6.2 the
 * minimum interval shrinks with the bandwidth, as RFC 8834 §4.1 asks WebRTC endpoints to support, while
 * time-outs keep the fixed 5 s minimum so that a peer without it is not timed out early.
 */
// RFC 3550 §6.2, §6.3, Appendix A.7; RFC 8834 §4.1
final class RtcpInterval {

    static final double RTCP_BANDWIDTH_FRACTION = 0.05;
    static final double SENDER_BANDWIDTH_FRACTION = 0.25;
    static final double RECEIVER_BANDWIDTH_FRACTION = 1 - SENDER_BANDWIDTH_FRACTION;
    static final double MIN_TIME_SECONDS = 5;
    /** §6.2: the reduced minimum is 360 s divided by the session bandwidth in kb/s. */
    static final double REDUCED_MIN_TIME_KILOBITS = 360;
    /** A.7: timer reconsideration converges below the intended average; e − 3/2 makes up for it. */
    static final double COMPENSATION = Math.E - 1.5;
    /** §6.3.5: a member silent for this many deterministic intervals is timed out. */
    static final int TIMEOUT_MULTIPLIER = 5;
    /** §6.3.5: a sender silent for this many intervals counts as a member only. */
    static final int SENDER_TIMEOUT_INTERVALS = 2;
    static final int MAX_REMOTE_MEMBERS = 128;

    private static final double NANOS_PER_SECOND = 1e9;

    private final boolean reducedMinimum;
    private final double sessionBandwidth;
    private final Map<Long, Member> remote = new HashMap<>();
    private double averageRtcpSize;
    private boolean initial = true;
    private int localMembers = 1;
    private int localSenders;
    private int remoteSenders;

    /** What the tables know of one remote SSRC. */
    private static final class Member {
        long lastHeardNanos;
        boolean sender;
        long lastRtpNanos;
    }

    /**
     * @param sessionBandwidth the session bandwidth in bits per second, RTCP's 5% included (§6.2)
     * @param reducedMinimum whether the minimum interval is 360 / (session bandwidth in kb/s) rather than 5 s
     * @param initialAverageRtcpSize the probable size in octets of the first compound we will send (§6.3.2),
     *     lower-layer headers included
     */
    RtcpInterval(double sessionBandwidth, boolean reducedMinimum, double initialAverageRtcpSize) {
        if (!(sessionBandwidth > 0) || !(initialAverageRtcpSize > 0)) {
            throw new IllegalArgumentException("session bandwidth and RTCP size are positive: " + sessionBandwidth
                    + ", " + initialAverageRtcpSize);
        }
        this.sessionBandwidth = sessionBandwidth;
        this.reducedMinimum = reducedMinimum;
        this.averageRtcpSize = initialAverageRtcpSize;
    }

    /**
     * The A.7 {@code rtcp_interval}: the randomised interval in seconds of a participant that knows
     * {@code members} and {@code senders} (itself included), given the RTCP bandwidth in octets per second and
     * the minimum interval before any halving for the first report.
     */
    // RFC 3550 Appendix A.7, with the minimum as a parameter for §6.2's reduced minimum
    static double rtcpInterval(int members, int senders, double rtcpBandwidth, boolean weSent,
            double averageRtcpSize, boolean initial, double minTime, Random random) {
        double t = deterministicInterval(members, senders, rtcpBandwidth, weSent, averageRtcpSize,
                initial ? minTime / 2 : minTime);
        return t * (random.nextDouble() + 0.5) / COMPENSATION;
    }

    /** §6.3.1 steps 1 to 3: Td, the interval before randomisation. */
    static double deterministicInterval(int members, int senders, double rtcpBandwidth, boolean weSent,
            double averageRtcpSize, double minTime) {
        int n = members;
        double bandwidth = rtcpBandwidth;
        if (senders <= members * SENDER_BANDWIDTH_FRACTION) {
            if (weSent) {
                bandwidth *= SENDER_BANDWIDTH_FRACTION;
                n = senders;
            } else {
                bandwidth *= RECEIVER_BANDWIDTH_FRACTION;
                n -= senders;
            }
        }
        return Math.max(minTime, averageRtcpSize * n / bandwidth);
    }

    /** The next interval in seconds, drawn from {@code random} (§6.3.1). */
    double interval(Random random) {
        return rtcpInterval(members(), senders(), rtcpBandwidth(), weSent(), averageRtcpSize, initial,
                minimumInterval(), random);
    }

    /** Our own SSRCs in the session, at least one, and how many of them sent RTP in the last two intervals. */
    void setLocalSources(int members, int senders) {
        if (members < 1 || senders < 0 || senders > members) {
            throw new IllegalArgumentException("local members " + members + ", senders " + senders);
        }
        localMembers = members;
        localSenders = senders;
    }

    /**
     * Notes an RTCP packet from a remote SSRC (§6.3.3).
     *
     * @return false when the SSRC is new and the table is full, so it is not counted
     */
    boolean onRtcp(long ssrc, long nowNanos) {
        Member member = member(ssrc);
        if (member == null) {
            return false;
        }
        member.lastHeardNanos = Math.max(member.lastHeardNanos, nowNanos);
        return true;
    }

    /**
     * Notes that a remote SSRC sent RTP at {@code arrivalNanos}, which makes it a sender (§6.3.3).
     *
     * @return false when the SSRC is new and the table is full, so it is not counted
     */
    boolean onRtp(long ssrc, long arrivalNanos) {
        Member member = member(ssrc);
        if (member == null) {
            return false;
        }
        member.lastHeardNanos = Math.max(member.lastHeardNanos, arrivalNanos);
        member.lastRtpNanos = Math.max(member.lastRtpNanos, arrivalNanos);
        if (!member.sender) {
            member.sender = true;
            remoteSenders++;
        }
        return true;
    }

    /** A remote SSRC said BYE: it leaves both tables (§6.3.4). */
    void onGoodbye(long ssrc) {
        Member member = remote.remove(ssrc);
        if (member != null && member.sender) {
            remoteSenders--;
        }
    }

    /** Folds a received compound of {@code size} octets, lower-layer headers included, into the average. */
    void onCompoundReceived(int size) {
        updateAverage(size);
    }

    /** Folds a compound we sent into the average; after the first, the minimum interval is no longer halved. */
    void onCompoundSent(int size) {
        updateAverage(size);
        initial = false;
    }

    // RFC 3550 §6.3.3
    private void updateAverage(int size) {
        averageRtcpSize = size / 16.0 + averageRtcpSize * 15 / 16;
    }

    /**
     * Times out remote members silent for {@link #TIMEOUT_MULTIPLIER} deterministic receiver intervals with
     * the fixed minimum, and demotes senders that sent no RTP for {@link #SENDER_TIMEOUT_INTERVALS} intervals.
     */
    // RFC 3550 §6.3.5; RFC 8834 §4.1 (the fixed minimum for time-outs)
    void timeOut(long nowNanos) {
        double memberTimeout = TIMEOUT_MULTIPLIER * deterministicInterval(members(), senders(), rtcpBandwidth(),
                false, averageRtcpSize, MIN_TIME_SECONDS);
        double senderTimeout = SENDER_TIMEOUT_INTERVALS * deterministicInterval(members(), senders(),
                rtcpBandwidth(), weSent(), averageRtcpSize, minimumInterval());
        long memberDeadline = nowNanos - (long) (memberTimeout * NANOS_PER_SECOND);
        long senderDeadline = nowNanos - (long) (senderTimeout * NANOS_PER_SECOND);
        for (Iterator<Member> it = remote.values().iterator(); it.hasNext(); ) {
            Member member = it.next();
            boolean leaves = member.lastHeardNanos < memberDeadline;
            if (member.sender && (leaves || member.lastRtpNanos < senderDeadline)) {
                member.sender = false;
                remoteSenders--;
            }
            if (leaves) {
                it.remove();
            }
        }
    }

    /** Every SSRC in the session: ours and the remote ones in the table. */
    int members() {
        return localMembers + remote.size();
    }

    /** The SSRCs that sent RTP within the last two intervals, ours included. */
    int senders() {
        return localSenders + remoteSenders;
    }

    boolean weSent() {
        return localSenders > 0;
    }

    boolean initial() {
        return initial;
    }

    double averageRtcpSize() {
        return averageRtcpSize;
    }

    /** The bandwidth all participants' RTCP shares, in octets per second (§6.2). */
    double rtcpBandwidth() {
        return sessionBandwidth * RTCP_BANDWIDTH_FRACTION / 8;
    }

    /** The minimum interval in seconds before any halving: 5 s, or the reduced minimum when that is smaller. */
    double minimumInterval() {
        return reducedMinimum
                ? Math.min(MIN_TIME_SECONDS, REDUCED_MIN_TIME_KILOBITS / (sessionBandwidth / 1000))
                : MIN_TIME_SECONDS;
    }

    private Member member(long ssrc) {
        Member member = remote.get(ssrc);
        if (member == null && remote.size() < MAX_REMOTE_MEMBERS) {
            member = new Member();
            member.lastHeardNanos = Long.MIN_VALUE;
            member.lastRtpNanos = Long.MIN_VALUE;
            remote.put(ssrc, member);
        }
        return member;
    }
}
