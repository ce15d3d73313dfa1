package io.purertc.peer;

import io.purertc.media.CodecDescriptor;
import io.purertc.media.CodecRegistry;
import io.purertc.media.MediaKind;
import io.purertc.sdp.Codec;
import io.purertc.sdp.Extmap;
import io.purertc.sdp.RtcpFeedback;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The codecs and RTP header extensions this peer offers and accepts, per media kind (RFC 8829 §5.2.1, §5.3.1).
 * A header extension keeps one id across both kinds, and no id names two extensions: every section of a BUNDLE
 * group shares one RTP session, where an id must mean one thing (RFC 8843 §9.2).
 */
public record RtpCapabilities(List<Codec> audioCodecs, List<Codec> videoCodecs, List<Extmap> audioExtensions,
                              List<Extmap> videoExtensions) {

    /** RFC 8843 §15.1: the MID of the section a packet belongs to, which routes BUNDLEd RTP. */
    static final String MID_EXTENSION = "urn:ietf:params:rtp-hdrext:sdes:mid";
    /** RFC 6464: the audio level of the packet's audio. */
    static final String AUDIO_LEVEL_EXTENSION = "urn:ietf:params:rtp-hdrext:ssrc-audio-level";
    /** RFC 3551 §6: the audio encodings with a static payload type that an installed codec may have. */
    private static final Map<String, Integer> STATIC_PAYLOAD_TYPES = Map.of("PCMU/8000", 0, "PCMA/8000", 8,
            "G722/8000", 9);
    /** RFC 3551 §6: the dynamic payload type range. */
    private static final int FIRST_DYNAMIC_PAYLOAD_TYPE = 96;
    private static final int LAST_DYNAMIC_PAYLOAD_TYPE = 127;

    public RtpCapabilities {
        audioCodecs = List.copyOf(audioCodecs);
        videoCodecs = List.copyOf(videoCodecs);
        audioExtensions = List.copyOf(audioExtensions);
        videoExtensions = List.copyOf(videoExtensions);
        Map<Integer, String> uriById = new HashMap<>();
        Map<String, Integer> idByUri = new HashMap<>();
        for (List<Extmap> extensions : List.of(audioExtensions, videoExtensions)) {
            for (Extmap extension : extensions) {
                String uri = uriById.putIfAbsent(extension.id(), extension.uri());
                Integer id = idByUri.putIfAbsent(extension.uri(), extension.id());
                if ((uri != null && !uri.equals(extension.uri())) || (id != null && id != extension.id())) {
                    throw new IllegalArgumentException("extmap " + extension.id() + " " + extension.uri()
                            + " clashes with an extension of the same id or URI");
                }
            }
        }
    }

    /**
     * For a peer that relays RTP it never decodes (the plain echo, a forwarding unit), so whatever codecs are
     * installed: Opus (RFC 7587) for audio; VP8 (RFC 7741) with NACK, PLI and FIR feedback (RFC 4585 §4.2,
     * RFC 5104 §7.1) and its RTX stream (RFC 4588 §8.1) for video. Transport-wide congestion control feedback is
     * not offered because it is not implemented.
     */
    public static RtpCapabilities forwarding() {
        Codec opus = new Codec(111, "opus", 48000, 2, parameters("minptime", "10", "useinbandfec", "1"), List.of());
        Codec vp8 = new Codec(96, "VP8", 90000, 1, Map.of(), videoFeedback(96));
        Codec rtx = new Codec(97, "rtx", 90000, 1, parameters("apt", "96"), List.of());
        Extmap mid = Extmap.of(1, MID_EXTENSION);
        Extmap audioLevel = Extmap.of(2, AUDIO_LEVEL_EXTENSION);
        return new RtpCapabilities(List.of(opus), List.of(vp8, rtx), List.of(mid, audioLevel), List.of(mid));
    }

    /**
     * Exactly the codecs found on the class path ({@link CodecRegistry#installed()}), looked up once: what a
     * {@link PeerConfig} offers unless told otherwise.
     */
    public static RtpCapabilities installed() {
        return Installed.CAPABILITIES;
    }

    /** Initialised on first use: the service look-up scans the class path. */
    private static final class Installed {
        static final RtpCapabilities CAPABILITIES = of(CodecRegistry.installed());
    }

    /**
     * Exactly the codecs a registry has installed, in its preference order, with the header extensions of
     * {@link #forwarding()}. Payload types: RFC 3551's static ones where a codec has one (PCMU 0, PCMA 8, G722 9),
     * else dynamic ones from 96 up, unique across both kinds so that a BUNDLEd packet's payload type names one
     * codec (RFC 8843 §9.1). Each video codec gets NACK, PLI and FIR feedback and an RTX payload type right after
     * it (RFC 4588 §8.1), as {@link #forwarding()} gives VP8.
     *
     * @throws IllegalArgumentException if the codecs need more than the 32 dynamic payload types
     */
    public static RtpCapabilities of(CodecRegistry registry) {
        int[] nextDynamic = {FIRST_DYNAMIC_PAYLOAD_TYPE};
        List<Codec> audio = new ArrayList<>();
        for (CodecDescriptor descriptor : registry.descriptors(MediaKind.AUDIO)) {
            Integer fixed = STATIC_PAYLOAD_TYPES.get(descriptor.rtpmap().toUpperCase(Locale.ROOT));
            int payloadType = fixed != null ? fixed : dynamic(nextDynamic);
            audio.add(new Codec(payloadType, descriptor.encodingName(), descriptor.clockRate(), descriptor.channels(),
                    descriptor.parameters(), List.of()));
        }
        List<Codec> video = new ArrayList<>();
        for (CodecDescriptor descriptor : registry.descriptors(MediaKind.VIDEO)) {
            int payloadType = dynamic(nextDynamic);
            video.add(new Codec(payloadType, descriptor.encodingName(), descriptor.clockRate(), 1,
                    descriptor.parameters(), videoFeedback(payloadType)));
            video.add(new Codec(dynamic(nextDynamic), "rtx", descriptor.clockRate(), 1,
                    parameters("apt", Integer.toString(payloadType)), List.of()));
        }
        RtpCapabilities forwarding = forwarding();
        return new RtpCapabilities(audio, video, forwarding.audioExtensions, forwarding.videoExtensions);
    }

    /**
     * The codec SPI's name for a negotiated codec: what {@link #of} made a {@link Codec} from, read back, with the
     * parameters the description carries (a decoder takes the sender's, an encoder the receiver's).
     */
    public static CodecDescriptor descriptor(MediaKind kind, Codec codec) {
        return new CodecDescriptor(kind, codec.name(), codec.clockRate(), codec.channels(), codec.parameters());
    }

    private static int dynamic(int[] next) {
        if (next[0] > LAST_DYNAMIC_PAYLOAD_TYPE) {
            throw new IllegalArgumentException("more codecs than the dynamic payload types 96..127 can name");
        }
        return next[0]++;
    }

    private static List<RtcpFeedback> videoFeedback(int payloadType) {
        return List.of(RtcpFeedback.of(payloadType, "nack", ""), RtcpFeedback.of(payloadType, "nack", "pli"),
                RtcpFeedback.of(payloadType, "ccm", "fir"));
    }

    private static Map<String, String> parameters(String... keysAndValues) {
        Map<String, String> parameters = new LinkedHashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            parameters.put(keysAndValues[i], keysAndValues[i + 1]);
        }
        return parameters;
    }

    public List<Codec> codecs(MediaKind kind) {
        return kind == MediaKind.AUDIO ? audioCodecs : videoCodecs;
    }

    public List<Extmap> extensions(MediaKind kind) {
        return kind == MediaKind.AUDIO ? audioExtensions : videoExtensions;
    }
}
