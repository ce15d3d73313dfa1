package io.purertc.ice;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.purertc.sdp.Candidate;
import io.purertc.sdp.SdpParseException;
import java.net.InetSocketAddress;
import java.util.Optional;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.LongRange;
import org.junit.jupiter.api.Test;

class IceCandidateTest {

    @Test
    void prioritiesFollowTheFormulaOfRfc8445() {
        // RFC 8445 §5.1.2.1 with the §5.1.2.2 type preferences: a host candidate at local preference 65535.
        assertEquals(2_130_706_431L, IceCandidate.priority(IceCandidate.HOST_PREFERENCE, 65535, 1));
        assertEquals((100L << 24) + (40000L << 8) + 255, IceCandidate.priority(IceCandidate.SERVER_REFLEXIVE_PREFERENCE,
                40000, 1));
        assertEquals(255, IceCandidate.priority(IceCandidate.RELAYED_PREFERENCE, 0, 1));
        assertEquals(IceCandidate.PEER_REFLEXIVE_PREFERENCE, IceCandidate.typePreference(Candidate.Type.PRFLX));
    }

    @Test
    void pairPriorityFavoursTheControllingSideOnTies() {
        // RFC 8445 §6.1.2.3: 2^32 MIN(G,D) + 2 MAX(G,D) + (G > D ? 1 : 0)
        assertEquals((5L << 32) + 2 * 7 + 1, IceCandidatePair.priority(7, 5));
        assertEquals((5L << 32) + 2 * 7, IceCandidatePair.priority(5, 7));
        long max = 0xFFFF_FFFFL;
        assertEquals((max << 32) + 2 * max, IceCandidatePair.priority(max, max));
    }

    @Test
    void aChromiumCandidateLineConverts() throws SdpParseException {
        Candidate sdp = Candidate.parse("candidate:842163049 1 udp 1677729535 203.0.113.7 46154 typ srflx raddr "
                + "192.168.1.4 rport 46154 generation 0 ufrag EsAw network-cost 999");
        IceCandidate candidate = IceCandidate.fromSdp(sdp).orElseThrow();
        assertEquals(new InetSocketAddress("203.0.113.7", 46154), candidate.address());
        assertEquals(new InetSocketAddress("192.168.1.4", 46154), candidate.relatedAddress());
        assertEquals(Candidate.Type.SRFLX, candidate.type());
        assertEquals(1_677_729_535L, candidate.priority());
        assertEquals(candidate, IceCandidate.fromSdp(candidate.toSdp()).orElseThrow());
    }

    @Test
    void ipv6HostCandidatesConvertBothWays() throws SdpParseException {
        Candidate sdp = Candidate.parse("candidate:1 1 UDP 2122262783 2001:db8::5 9000 typ host");
        IceCandidate candidate = IceCandidate.fromSdp(sdp).orElseThrow();
        assertEquals(new InetSocketAddress("2001:db8::5", 9000), candidate.address());
        assertEquals(candidate, IceCandidate.fromSdp(candidate.toSdp()).orElseThrow());
    }

    @Test
    void mdnsNamesAndTcpCandidatesAreNotUsableOverUdp() throws SdpParseException {
        assertEquals(Optional.empty(), IceCandidate.fromSdp(Candidate.parse(
                "candidate:1 1 udp 2122262783 1f3b7a2c-77c4-4b8e-9d61-0d3c8a5b2e10.local 51234 typ host")));
        assertEquals(Optional.empty(), IceCandidate.fromSdp(Candidate.parse(
                "candidate:2 1 tcp 1518280447 192.0.2.1 9 typ host tcptype active")));
        assertEquals(Optional.empty(), IceCandidate.fromSdp(Candidate.parse(
                "candidate:3 1 udp 2122262783 example.com 9 typ host")));
    }

    @Test
    void aRelatedAddressIsRequiredExactlyForNonHostCandidates() {
        InetSocketAddress address = new InetSocketAddress("192.0.2.1", 1000);
        assertThrows(IllegalArgumentException.class,
                () -> new IceCandidate("1", 1, 100, address, Candidate.Type.HOST, address));
        assertThrows(IllegalArgumentException.class,
                () -> new IceCandidate("1", 1, 100, address, Candidate.Type.RELAY, null));
    }

    @Property
    void roundTripsThroughTheSdpAttribute(@ForAll @IntRange(min = 1, max = 65535) int port,
                                          @ForAll @LongRange(min = 1, max = 0xFFFF_FFFFL) long priority,
                                          @ForAll byte[] ipSeed, @ForAll boolean ipv6) {
        byte[] ip = new byte[ipv6 ? 16 : 4];
        for (int i = 0; i < ip.length && i < ipSeed.length; i++) {
            ip[i] = ipSeed[i];
        }
        InetSocketAddress address;
        try {
            address = new InetSocketAddress(java.net.InetAddress.getByAddress(ip), port);
        } catch (java.net.UnknownHostException e) {
            throw new AssertionError(e);
        }
        IceCandidate candidate = new IceCandidate("f1", 1, priority, address, Candidate.Type.PRFLX,
                new InetSocketAddress(address.getAddress(), port));
        assertEquals(Optional.of(candidate), IceCandidate.fromSdp(candidate.toSdp()));
    }

    @Property
    void anyAddressTextIsEitherAnExactLiteralOrRefused(@ForAll("addressLike") String text) {
        Optional<java.net.InetAddress> ip = IceCandidate.ipLiteral(text);
        ip.ifPresent(address -> {
            if (address instanceof java.net.Inet4Address) {
                assertEquals(text, address.getHostAddress());
            } else {
                assertTrue(text.indexOf(':') >= 0, text);
            }
        });
    }

    @net.jqwik.api.Provide
    net.jqwik.api.Arbitrary<String> addressLike() {
        return net.jqwik.api.Arbitraries.strings().withChars("0123456789abcdefABCDEF.:%x").ofMaxLength(45);
    }

    @Test
    void quadsOutOfRangeOrWithLeadingZerosAreRefused() {
        for (String text : new String[] {"999.1.1.1", "1.2.3", "01.2.3.4", "1.2.3.4.5", "1..3.4", "256.0.0.0", ""}) {
            assertEquals(Optional.empty(), IceCandidate.ipLiteral(text), text);
        }
        assertEquals("10.0.0.255", IceCandidate.ipLiteral("10.0.0.255").orElseThrow().getHostAddress());
    }
}
