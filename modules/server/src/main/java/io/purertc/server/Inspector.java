package io.purertc.server;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

import io.purertc.rtcp.RtcpCompound;
import io.purertc.rtcp.RtcpPacket;
import io.purertc.rtp.CapturedDatagram;
import io.purertc.rtp.HeaderExtension;
import io.purertc.rtp.MalformedPacketException;
import io.purertc.rtp.PacketClass;
import io.purertc.rtp.PcapReader;
import io.purertc.rtp.RtpPacket;
import io.purertc.rtp.SequenceNumberUnwrapper;
import io.purertc.sdp.Codec;
import io.purertc.sdp.MediaDescription;
import io.purertc.sdp.SdpParseException;
import io.purertc.sdp.SessionDescription;

/**
 * Prints what a capture or a session description holds, decoded by PureRTC's own parsers: each
 * datagram classified per RFC 7983 and RTP/RTCP decoded, malformed ones reported with the rule
 * they broke; and a per-stream summary. Returns 1 when anything was malformed.
 */
final class Inspector {

    private final PrintStream out;

    Inspector(PrintStream out) {
        this.out = out;
    }

    int inspect(Path file) throws IOException {
        byte[] magic;
        try (InputStream in = Files.newInputStream(file)) {
            magic = in.readNBytes(4);
        }
        out.println("== " + file);
        return PcapReader.isCapture(magic) ? inspectCapture(file) : inspectSdp(file);
    }

    private int inspectCapture(Path file) throws IOException {
        Map<PacketClass, Integer> classes = new EnumMap<>(PacketClass.class);
        Map<Long, Stream> streams = new TreeMap<>();
        int malformed = 0;
        long first = -1;
        try (PcapReader reader = PcapReader.open(file)) {
            for (CapturedDatagram d = reader.next(); d != null; d = reader.next()) {
                if (first < 0) {
                    first = d.timestampMicros();
                }
                byte[] p = d.payload();
                PacketClass kind = PacketClass.classify(p, 0, p.length);
                classes.merge(kind, 1, Integer::sum);
                String prefix = String.format("%10.6f %s -> %s %-5s ", (d.timestampMicros() - first) / 1e6,
                        d.source(), d.destination(), kind);
                try {
                    if (kind == PacketClass.RTP) {
                        RtpPacket rtp = RtpPacket.parse(p, 0, p.length);
                        streams.computeIfAbsent(rtp.ssrc(), Stream::new).add(rtp);
                        out.println(prefix + describe(rtp));
                    } else if (kind == PacketClass.RTCP) {
                        List<RtcpPacket> packets = RtcpCompound.parse(p, 0, p.length);
                        out.println(prefix + packets.stream().map(Inspector::describe)
                                .collect(Collectors.joining(" + ")));
                    } else {
                        out.println(prefix + p.length + " bytes");
                    }
                } catch (MalformedPacketException e) {
                    malformed++;
                    out.println(prefix + "MALFORMED " + e.getMessage());
                }
            }
        } catch (MalformedPacketException e) {
            out.println("capture file malformed: " + e.getMessage());
            return 1;
        }
        out.println("-- datagrams by class: " + classes + ", malformed: " + malformed);
        for (Stream s : streams.values()) {
            out.println("-- " + s);
        }
        return malformed == 0 ? 0 : 1;
    }

    private static String describe(RtpPacket rtp) {
        StringBuilder b = new StringBuilder();
        b.append("pt=").append(rtp.payloadType()).append(" seq=").append(rtp.sequenceNumber())
                .append(" ts=").append(rtp.timestamp()).append(String.format(" ssrc=0x%08x", rtp.ssrc()));
        if (rtp.marker()) {
            b.append(" M");
        }
        for (HeaderExtension e : rtp.extensions()) {
            b.append(" ext").append(e.id()).append('=').append(java.util.HexFormat.of().formatHex(e.data()));
        }
        return b.append(" payload=").append(rtp.payloadLength()).toString();
    }

    private static String describe(RtcpPacket packet) {
        String text = packet.toString();
        return text.length() > 160 ? text.substring(0, 157) + "..." : text;
    }

    private int inspectSdp(Path file) throws IOException {
        String text = Files.readString(file, StandardCharsets.UTF_8);
        SessionDescription sdp;
        try {
            sdp = SessionDescription.parse(text);
        } catch (SdpParseException e) {
            out.println("SDP malformed: " + e.getMessage());
            return 1;
        }
        out.println("session " + sdp.origin() + ", groups " + sdp.attributes(io.purertc.sdp.Group.class));
        for (MediaDescription m : sdp.media()) {
            out.println("m=" + m.media() + " mid=" + m.mid().orElse("-") + " port=" + m.port() + " "
                    + m.protocol() + " direction=" + sdp.direction(m).attributeName()
                    + (m.isRejected() ? " (rejected)" : "") + (m.isBundleOnly() ? " (bundle-only)" : ""));
            for (Codec c : m.codecs()) {
                out.println("    codec " + c.payloadType() + " " + c.name() + "/" + c.clockRate()
                        + (c.channels() > 1 ? "/" + c.channels() : "") + " " + c.parameters());
            }
            m.candidates().forEach(c -> out.println("    candidate " + c.type() + " " + c.transport() + " "
                    + c.address() + ":" + c.port()));
        }
        return 0;
    }

    /** Packets, sequence range and losses of one SSRC. */
    private static final class Stream {
        private final long ssrc;
        private final SequenceNumberUnwrapper unwrapper = new SequenceNumberUnwrapper();
        private final java.util.BitSet seen = new java.util.BitSet();
        private long firstSequence = Long.MAX_VALUE;
        private long highestSequence = Long.MIN_VALUE;
        private int packets;
        private int payloadType;

        Stream(long ssrc) {
            this.ssrc = ssrc;
        }

        void add(RtpPacket rtp) {
            long sequence = unwrapper.unwrap(rtp.sequenceNumber());
            packets++;
            payloadType = rtp.payloadType();
            firstSequence = Math.min(firstSequence, sequence);
            highestSequence = Math.max(highestSequence, sequence);
            long index = sequence - firstSequence;
            if (index >= 0 && index < 1 << 24) {
                seen.set((int) index);
            }
        }

        @Override
        public String toString() {
            long expected = highestSequence - firstSequence + 1;
            long received = seen.cardinality();
            return String.format("ssrc=0x%08x pt=%d packets=%d expected=%d lost=%d", ssrc, payloadType, packets,
                    expected, Math.max(0, expected - received));
        }
    }
}
