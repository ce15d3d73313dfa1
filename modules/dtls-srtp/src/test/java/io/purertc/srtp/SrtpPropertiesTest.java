package io.purertc.srtp;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.EnumSet;
import java.util.List;
import java.util.Random;
import java.util.Set;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;

/**
 * Round trips for random packets, and hostile input: random bytes, truncations and every single-bit change of
 * protected packets are refused with a failure code, never an exception, never accepted, and never with a
 * read outside the packet.
 */
class SrtpPropertiesTest {

    private static final Set<SrtpFailure> REJECTED_ALTERATION = EnumSet.of(SrtpFailure.AUTH_FAILED,
            SrtpFailure.MALFORMED);

    /** An operation of the session on a packet in a buffer. */
    private interface Operation {
        int apply(SrtpSession session, byte[] buf, int off, int len);
    }

    private static final Operation PROTECT_RTP = SrtpSession::protectRtp;
    private static final Operation UNPROTECT_RTP = SrtpSession::unprotectRtp;
    private static final Operation PROTECT_RTCP = SrtpSession::protectRtcp;
    private static final Operation UNPROTECT_RTCP = SrtpSession::unprotectRtcp;

    private static SrtpSession session(SrtpMasterKey key) {
        return SrtpSession.create(key, key, SrtpOptions.DEFAULT);
    }

    private static byte[] plain(Random random, boolean rtcp, int maxPayload) {
        return rtcp ? Packet.rtcp(random, random.nextInt(), maxPayload)
                : Packet.rtp(random, random.nextInt(), random.nextInt(0x10000), maxPayload);
    }

    private static Packet protect(SrtpSession session, byte[] plain, boolean rtcp) {
        Packet p = Packet.of(plain, 2);
        int length = (rtcp ? PROTECT_RTCP : PROTECT_RTP).apply(session, p.buf(), p.off(), p.len());
        assertTrue(length > plain.length, () -> "protect: " + SrtpFailure.of(length));
        return p.withLength(length);
    }

    /** A random packet protected by one session, and a fresh receiver on the same key. */
    private record Exchange(Packet wire, SrtpSession receiver, Operation unprotect) {

        static Exchange of(SrtpProfile profile, boolean rtcp, long seed, int maxPayload) {
            Random random = new Random(seed);
            SrtpMasterKey key = Packet.randomKey(random, profile);
            return new Exchange(protect(session(key), plain(random, rtcp, maxPayload), rtcp), session(key),
                    rtcp ? UNPROTECT_RTCP : UNPROTECT_RTP);
        }

        int unprotect(Packet packet) {
            return unprotect.apply(receiver, packet.buf(), packet.off(), packet.len());
        }
    }

    @Property(tries = 200)
    void unprotectGivesBackWhatProtectWasGiven(@ForAll SrtpProfile profile, @ForAll boolean rtcp,
            @ForAll long seed) {
        Random random = new Random(seed);
        SrtpMasterKey key = Packet.randomKey(random, profile);
        byte[] plain = plain(random, rtcp, 1400);
        Packet wire = protect(session(key), plain, rtcp);

        int length = (rtcp ? UNPROTECT_RTCP : UNPROTECT_RTP).apply(session(key), wire.buf(), wire.off(), wire.len());

        assertEquals(plain.length, length, () -> "unprotect: " + SrtpFailure.of(length));
        assertArrayEquals(plain, wire.withLength(length).bytes());
    }

    @Property(tries = 300)
    void randomBytesGiveALengthOrAFailureAndNothingOutsideThePacketMatters(@ForAll SrtpProfile profile,
            @ForAll @Size(max = 120) byte[] bytes, @ForAll boolean version2, @ForAll @IntRange(max = 8) int off,
            @ForAll @IntRange(max = 40) int slack, @ForAll long seed) {
        if (version2 && bytes.length > 0) {
            bytes[0] = (byte) (bytes[0] & 0x3F | 0x80);
        }
        Random random = new Random(seed);
        SrtpMasterKey key = Packet.randomKey(random, profile);
        for (Operation operation : List.of(PROTECT_RTP, UNPROTECT_RTP, PROTECT_RTCP, UNPROTECT_RTCP)) {
            byte[] zeros = new byte[off + bytes.length + slack];
            byte[] noise = new byte[zeros.length];
            random.nextBytes(noise);
            System.arraycopy(bytes, 0, zeros, off, bytes.length);
            System.arraycopy(bytes, 0, noise, off, bytes.length);

            int result = operation.apply(session(key), zeros, off, bytes.length);
            int again = operation.apply(session(key), noise, off, bytes.length);

            assertEquals(result, again, "the bytes around the packet changed the outcome");
            if (result >= 0) {
                assertTrue(off + result <= zeros.length);
                assertArrayEquals(Arrays.copyOfRange(zeros, off, off + result),
                        Arrays.copyOfRange(noise, off, off + result));
            } else {
                SrtpFailure.of(result);
            }
        }
    }

    @Property(tries = 40)
    void everyTruncationOfAProtectedPacketIsRefused(@ForAll SrtpProfile profile, @ForAll boolean rtcp,
            @ForAll long seed) {
        Exchange exchange = Exchange.of(profile, rtcp, seed, 200);
        Packet wire = exchange.wire();

        for (int length = 0; length < wire.len(); length++) {
            int result = exchange.unprotect(Packet.of(Arrays.copyOf(wire.bytes(), length), 0));
            assertTrue(result < 0, "accepted at length " + length);
            SrtpFailure.of(result);
        }
        assertTrue(exchange.unprotect(wire.copy()) > 0);
    }

    @Property(tries = 25)
    void everySingleBitChangeOfAProtectedPacketIsRefused(@ForAll SrtpProfile profile, @ForAll boolean rtcp,
            @ForAll long seed) {
        Exchange exchange = Exchange.of(profile, rtcp, seed, 48);
        Packet wire = exchange.wire();

        for (int bit = 0; bit < 8 * wire.len(); bit++) {
            Packet altered = wire.copy();
            altered.buf()[altered.off() + bit / 8] ^= (byte) (0x80 >>> bit % 8);
            int result = exchange.unprotect(altered);
            int changed = bit;
            assertTrue(result < 0 && REJECTED_ALTERATION.contains(SrtpFailure.of(result)),
                    () -> "bit " + changed + ": " + (result < 0 ? SrtpFailure.of(result) : "accepted"));
            if (!profile.isAead()) {
                byte[] expected = wire.bytes();
                expected[bit / 8] ^= (byte) (0x80 >>> bit % 8);
                assertArrayEquals(expected, altered.bytes(), "AES-CM checks the tag before it decrypts");
            }
        }
        assertTrue(exchange.unprotect(wire.copy()) > 0);
    }

    @Property(tries = 50)
    void packetsArrivingInAnyOrderWithinTheWindowAreAcceptedOnceEach(@ForAll SrtpProfile profile,
            @ForAll boolean rtcp, @ForAll long seed) {
        Random random = new Random(seed);
        SrtpMasterKey key = Packet.randomKey(random, profile);
        SrtpSession sender = session(key);
        int ssrc = random.nextInt();
        int firstSeq = random.nextInt(0x10000);
        List<Packet> sent = new ArrayList<>();
        for (int i = 0; i < 64; i++) {
            byte[] plain = rtcp ? Packet.rtcp(random, ssrc, 40)
                    : Packet.rtp(random, ssrc, (firstSeq + i) & 0xFFFF, 40);
            sent.add(protect(sender, plain, rtcp));
        }
        List<Packet> arrivals = new ArrayList<>(sent.subList(1, sent.size()));
        Collections.shuffle(arrivals, random);
        arrivals.add(0, sent.get(0));
        SrtpSession receiver = session(key);
        Operation unprotect = rtcp ? UNPROTECT_RTCP : UNPROTECT_RTP;

        for (Packet packet : arrivals) {
            Packet copy = packet.copy();
            assertTrue(unprotect.apply(receiver, copy.buf(), copy.off(), copy.len()) > 0);
        }
        Packet replayed = arrivals.get(random.nextInt(arrivals.size())).copy();
        int result = unprotect.apply(receiver, replayed.buf(), replayed.off(), replayed.len());
        assertEquals(SrtpFailure.REPLAYED, SrtpFailure.of(result));
    }
}
