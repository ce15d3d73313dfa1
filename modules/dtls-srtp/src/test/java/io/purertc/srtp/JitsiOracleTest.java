package io.purertc.srtp;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.security.GeneralSecurityException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Our SRTP against jitsi-srtp, an independent implementation: for every profile, 10 000 random RTP packets
 * (CSRCs, header extensions, padding, payloads up to 1400 bytes) from three SSRCs whose sequence numbers
 * wrap, with some sent out of order, and 10 000 random RTCP packets. Protected by both, the bytes must be the
 * same; each side must unprotect the other's back to the original.
 */
class JitsiOracleTest {

    private static final int PACKETS = 10_000;
    private static final int SSRCS = 3;
    private static final int MAX_PAYLOAD = 1400;

    /** A packet to send and the sequence number it carries. */
    private record Planned(int ssrc, int seq) {
    }

    /** Our sessions and jitsi's contexts on one key, and what every packet goes through. */
    private record Oracle(Random random, SrtpSession ourSender, SrtpSession ourReceiver, JitsiSrtp jitsiSender,
                          JitsiSrtp jitsiReceiver) {

        static Oracle of(SrtpProfile profile, Random random) {
            SrtpMasterKey key = Packet.randomKey(random, profile);
            return new Oracle(random, SrtpSession.create(key, key, SrtpOptions.DEFAULT),
                    SrtpSession.create(key, key, SrtpOptions.DEFAULT), new JitsiSrtp(key, true),
                    new JitsiSrtp(key, false));
        }

        /** Both protect {@code plain} to the same bytes; each unprotects the other's back to {@code plain}. */
        void check(byte[] plain, boolean rtcp, String what) throws GeneralSecurityException {
            Packet ours = Packet.of(plain, random.nextInt(9));
            int length = rtcp ? ourSender.protectRtcp(ours.buf(), ours.off(), ours.len())
                    : ourSender.protectRtp(ours.buf(), ours.off(), ours.len());
            assertTrue(length > 0, () -> what + " failed: " + SrtpFailure.of(length));
            byte[] theirs = rtcp ? jitsiSender.protectRtcp(plain) : jitsiSender.protectRtp(plain);
            byte[] wire = ours.withLength(length).bytes();
            assertArrayEquals(theirs, wire, what);

            Packet fromJitsi = Packet.of(theirs, random.nextInt(9));
            int plainLength = rtcp ? ourReceiver.unprotectRtcp(fromJitsi.buf(), fromJitsi.off(), fromJitsi.len())
                    : ourReceiver.unprotectRtp(fromJitsi.buf(), fromJitsi.off(), fromJitsi.len());
            assertTrue(plainLength > 0, () -> what + " unprotect failed: " + SrtpFailure.of(plainLength));
            assertArrayEquals(plain, fromJitsi.withLength(plainLength).bytes(), what);
            assertArrayEquals(plain, rtcp ? jitsiReceiver.unprotectRtcp(wire) : jitsiReceiver.unprotectRtp(wire), what);
        }
    }

    @ParameterizedTest
    @EnumSource(SrtpProfile.class)
    void rtpProtectedByBothIsTheSameAndEachUnprotectsTheOther(SrtpProfile profile) throws GeneralSecurityException {
        Random random = new Random(profile.id() * 7919L);
        Oracle oracle = Oracle.of(profile, random);
        List<Planned> plan = plan(random);
        int wrapped = 0;
        for (int i = 0; i < plan.size(); i++) {
            Planned next = plan.get(i);
            byte[] plain = Packet.rtp(random, next.ssrc(), next.seq(), MAX_PAYLOAD);
            oracle.check(plain, false, profile + " RTP #" + i + " seq " + next.seq() + ": " + Hex.of(plain, 0, 12));
            if (i > 0 && next.seq() < plan.get(i - 1).seq() - 0x8000) {
                wrapped++;
            }
        }
        assertTrue(wrapped >= SSRCS, "every SSRC's sequence numbers wrapped");
    }

    @ParameterizedTest
    @EnumSource(SrtpProfile.class)
    void rtcpProtectedByBothIsTheSameAndEachUnprotectsTheOther(SrtpProfile profile) throws GeneralSecurityException {
        Random random = new Random(profile.id() * 104729L);
        Oracle oracle = Oracle.of(profile, random);
        int[] ssrcs = random.ints(SSRCS).toArray();
        for (int i = 0; i < PACKETS; i++) {
            byte[] plain = Packet.rtcp(random, ssrcs[random.nextInt(SSRCS)], MAX_PAYLOAD);
            oracle.check(plain, true, profile + " RTCP #" + i + ": " + Hex.of(plain, 0, 8));
        }
    }

    /**
     * Sequence numbers per SSRC from just below the wrap, mostly consecutive, sometimes skipping up to 30;
     * the SSRCs interleaved; one packet in twenty sent after its successor.
     */
    private static List<Planned> plan(Random random) {
        List<List<Planned>> streams = new ArrayList<>();
        for (int s = 0; s < SSRCS; s++) {
            int ssrc = random.nextInt();
            int seq = 0x10000 - 1 - random.nextInt(2000);
            List<Planned> stream = new ArrayList<>();
            for (int i = 0; i < PACKETS / SSRCS; i++) {
                stream.add(new Planned(ssrc, seq & 0xFFFF));
                seq += random.nextInt(10) == 0 ? 1 + random.nextInt(30) : 1;
            }
            for (int i = 1; i + 1 < stream.size(); i++) {
                if (random.nextInt(20) == 0) {
                    Collections.swap(stream, i, i + 1);
                }
            }
            streams.add(stream);
        }
        List<Planned> plan = new ArrayList<>();
        int[] next = new int[SSRCS];
        while (plan.size() < SSRCS * (PACKETS / SSRCS)) {
            int s = random.nextInt(SSRCS);
            if (next[s] < streams.get(s).size()) {
                plan.add(streams.get(s).get(next[s]++));
            }
        }
        return plan;
    }
}
