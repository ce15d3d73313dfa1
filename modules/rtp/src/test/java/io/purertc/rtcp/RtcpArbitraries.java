package io.purertc.rtcp;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;

/** Random valid values of every RTCP record, for round-trip and robustness properties. */
final class RtcpArbitraries {

    private RtcpArbitraries() {
    }

    static Arbitrary<Long> u32() {
        return Arbitraries.longs().between(0, 0xFFFF_FFFFL).edgeCases(c -> c.includeOnly(0L, 0xFFFF_FFFFL));
    }

    static Arbitrary<byte[]> words(int maxWords) {
        return Arbitraries.integers().between(0, maxWords)
                .flatMap(w -> Arbitraries.bytes().array(byte[].class).ofSize(4 * w));
    }

    static Arbitrary<ReportBlock> reportBlocks() {
        return Combinators.combine(u32(), Arbitraries.integers().between(0, 255),
                Arbitraries.integers().between(-(1 << 23), (1 << 23) - 1), u32(), u32(), u32(), u32())
                .as(ReportBlock::new);
    }

    static Arbitrary<SenderReport> senderReports() {
        return Combinators.combine(u32(), Arbitraries.longs(), u32(), u32(), u32(),
                reportBlocks().list().ofMaxSize(31), words(3)).as(SenderReport::new);
    }

    static Arbitrary<ReceiverReport> receiverReports() {
        return Combinators.combine(u32(), reportBlocks().list().ofMaxSize(31), words(3)).as(ReceiverReport::new);
    }

    static Arbitrary<SourceDescription> sourceDescriptions() {
        Arbitrary<SourceDescription.Item> items = Combinators.combine(Arbitraries.integers().between(1, 255),
                Arbitraries.bytes().array(byte[].class).ofMaxSize(255)).as(SourceDescription.Item::new);
        Arbitrary<SourceDescription.Chunk> chunks = Combinators.combine(u32(), items.list().ofMaxSize(4))
                .as(SourceDescription.Chunk::new);
        return chunks.list().ofMaxSize(31).map(SourceDescription::new);
    }

    static Arbitrary<Goodbye> goodbyes() {
        Arbitrary<String> reasons = Arbitraries.strings().withCharRange(' ', '\u00ff').withChars('€', '中', '\u07ff')
                .ofMaxLength(80);
        return Combinators.combine(u32().list().ofMaxSize(31), reasons).as(Goodbye::new);
    }

    static Arbitrary<ApplicationDefined> applicationDefined() {
        return Combinators.combine(Arbitraries.integers().between(0, 31), u32(),
                Arbitraries.strings().withCharRange('\u0000', '\u00ff').ofLength(4), words(8))
                .as(ApplicationDefined::new);
    }

    /** Sets of sequence numbers clustered after a random base, so many share entries and some wrap. */
    static Arbitrary<TreeSet<Integer>> lostSequenceNumbers() {
        return Combinators.combine(Arbitraries.integers().between(0, 0xFFFF),
                Arbitraries.integers().between(0, 400).set().ofMinSize(1).ofMaxSize(120))
                .as((base, offsets) -> {
                    TreeSet<Integer> lost = new TreeSet<>();
                    offsets.forEach(o -> lost.add((base + o) & 0xFFFF));
                    return lost;
                });
    }

    static Arbitrary<GenericNack> genericNacks() {
        return Combinators.combine(u32(), u32(), lostSequenceNumbers()).as(GenericNack::new);
    }

    static Arbitrary<PictureLossIndication> pictureLossIndications() {
        return Combinators.combine(u32(), u32()).as(PictureLossIndication::new);
    }

    static Arbitrary<FullIntraRequest> fullIntraRequests() {
        Arbitrary<FullIntraRequest.Entry> entries = Combinators.combine(u32(), Arbitraries.integers().between(0, 255))
                .as(FullIntraRequest.Entry::new);
        return Combinators.combine(u32(), entries.list().ofMinSize(1).ofMaxSize(6)).as(FullIntraRequest::new);
    }

    /** Bitrates the wire holds exactly: at most 18 significant bits. */
    static Arbitrary<ReceiverEstimatedMaxBitrate> receiverEstimatedMaxBitrates() {
        Arbitrary<Long> bitrates = Combinators.combine(Arbitraries.longs().between(0, (1 << 18) - 1),
                Arbitraries.integers().between(0, 45)).as((mantissa, exponent) -> mantissa << exponent);
        return Combinators.combine(u32(), bitrates, u32().list().ofMaxSize(12)).as(ReceiverEstimatedMaxBitrate::new);
    }

    static Arbitrary<TransportWideFeedback> transportWideFeedback() {
        return Arbitraries.randomValue(RtcpArbitraries::transportWideFeedback);
    }

    /** Runs of losses and of receptions, deltas mostly small with some large and negative ones. */
    static TransportWideFeedback transportWideFeedback(Random random) {
        int count = 1 + random.nextInt(random.nextBoolean() ? 40 : 2000);
        List<Integer> offsets = new ArrayList<>();
        List<Integer> deltas = new ArrayList<>();
        boolean receiving = random.nextBoolean();
        for (int i = 0; i < count; i++) {
            if (random.nextInt(10) == 0) {
                receiving = !receiving;
            }
            if (receiving) {
                offsets.add(i);
                int kind = random.nextInt(10);
                deltas.add(kind < 7 ? random.nextInt(256) : Short.MIN_VALUE + random.nextInt(1 << 16));
            }
        }
        return new TransportWideFeedback(random.nextInt() & 0xFFFF_FFFFL, random.nextInt() & 0xFFFF_FFFFL,
                random.nextInt(1 << 16), count, random.nextInt(1 << 24) - (1 << 23), random.nextInt(256),
                offsets.stream().mapToInt(Integer::intValue).toArray(),
                deltas.stream().mapToInt(Integer::intValue).toArray());
    }

    /** Types and formats this codec does not read, so they come back as unknown packets. */
    static Arbitrary<UnknownRtcpPacket> unknownPackets() {
        Set<Integer> known = Set.of(Wire.SR, Wire.RR, Wire.SDES, Wire.BYE, Wire.APP, Wire.RTPFB, Wire.PSFB);
        Arbitrary<UnknownRtcpPacket> otherTypes = Combinators.combine(
                Arbitraries.integers().between(0, 255).filter(t -> !known.contains(t)),
                Arbitraries.integers().between(0, 31), words(4)).as(UnknownRtcpPacket::new);
        Arbitrary<UnknownRtcpPacket> otherFeedback = Combinators.combine(
                Arbitraries.of(Wire.RTPFB, Wire.PSFB), Arbitraries.integers().between(2, 14).filter(f -> f != 4),
                words(4).map(fci -> {
                    byte[] body = new byte[8 + fci.length];
                    System.arraycopy(fci, 0, body, 8, fci.length);
                    return body;
                })).as(UnknownRtcpPacket::new);
        return Arbitraries.oneOf(otherTypes, otherFeedback);
    }

    static Arbitrary<RtcpPacket> packets() {
        return Arbitraries.oneOf(senderReports(), receiverReports(), sourceDescriptions(), goodbyes(),
                applicationDefined(), genericNacks(), pictureLossIndications(), fullIntraRequests(),
                receiverEstimatedMaxBitrates(), transportWideFeedback(), unknownPackets());
    }

    static Arbitrary<List<RtcpPacket>> compounds() {
        return packets().list().ofMinSize(1).ofMaxSize(5);
    }
}
