package io.purertc.srtp;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.management.ManagementFactory;
import java.util.Random;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The AES-CM profiles protect and unprotect without allocating: counted by the JVM's per-thread allocation
 * counter over thousands of packets after warm-up, so the figure includes whatever the JIT fails to elide.
 */
class SrtpAllocationTest {

    private static final int WARM_UP_ROUNDS = 20_000;
    private static final int MEASURED_ROUNDS = 5_000;

    private final com.sun.management.ThreadMXBean threads =
            (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();

    @ParameterizedTest
    @EnumSource(names = {"AES_CM_128_HMAC_SHA1_80", "AES_CM_128_HMAC_SHA1_32"})
    void aesCmPacketsAllocateNothing(SrtpProfile profile) {
        Random random = new Random(1);
        SrtpMasterKey key = Packet.randomKey(random, profile);
        SrtpSession sender = SrtpSession.create(key, key, SrtpOptions.DEFAULT);
        SrtpSession receiver = SrtpSession.create(key, key, SrtpOptions.DEFAULT);
        byte[] small = Packet.rtp(random, 1, 0, 0);
        byte[] video = new byte[12 + 1200];
        System.arraycopy(small, 0, video, 0, 12);
        byte[] rtcp = Packet.rtcp(random, 2, 200);
        byte[] buf = new byte[2048];

        int seq = run(sender, receiver, small, video, rtcp, buf, 0, WARM_UP_ROUNDS);
        long before = threads.getThreadAllocatedBytes(Thread.currentThread().getId());
        run(sender, receiver, small, video, rtcp, buf, seq, MEASURED_ROUNDS);
        long allocated = threads.getThreadAllocatedBytes(Thread.currentThread().getId()) - before;

        assertTrue(allocated < MEASURED_ROUNDS, allocated + " bytes over " + MEASURED_ROUNDS + " rounds of "
                + "protect and unprotect of a 12-byte and a 1212-byte RTP and a " + rtcp.length + "-byte RTCP packet");
    }

    /** Rounds of each packet protected by the sender and unprotected by the receiver; returns the next seq. */
    private static int run(SrtpSession sender, SrtpSession receiver, byte[] small, byte[] video, byte[] rtcp,
                           byte[] buf, int firstSeq, int rounds) {
        int seq = firstSeq;
        for (int round = 0; round < rounds; round++) {
            rtpRound(sender, receiver, small, buf, seq++);
            rtpRound(sender, receiver, video, buf, seq++);
            System.arraycopy(rtcp, 0, buf, 0, rtcp.length);
            check(receiver.unprotectRtcp(buf, 0, sender.protectRtcp(buf, 0, rtcp.length)));
        }
        return seq;
    }

    private static void rtpRound(SrtpSession sender, SrtpSession receiver, byte[] rtp, byte[] buf, int seq) {
        System.arraycopy(rtp, 0, buf, 0, rtp.length);
        buf[2] = (byte) (seq >>> 8);
        buf[3] = (byte) seq;
        check(receiver.unprotectRtp(buf, 0, sender.protectRtp(buf, 0, rtp.length)));
    }

    private static void check(int result) {
        if (result < 0) {
            throw new AssertionError(SrtpFailure.of(result));
        }
    }
}
