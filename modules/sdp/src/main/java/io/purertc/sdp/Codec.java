package io.purertc.sdp;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * A media format of an RTP section gathered from its {@code rtpmap}, {@code fmtp} and
 * {@code rtcp-fb} lines: payload type, encoding name, clock rate, channels (1 when the rtpmap
 * gives none), format parameters and the feedback that applies to it. Static payload types
 * without an rtpmap take their meaning from RFC 3551 §6.
 */
public record Codec(int payloadType, String name, int clockRate, int channels,
                    Map<String, String> parameters, List<RtcpFeedback> feedback) {

    public Codec {
        Rtpmap.checkPayloadType(payloadType);
        Objects.requireNonNull(name, "name");
        parameters = Collections.unmodifiableMap(new LinkedHashMap<>(parameters));
        feedback = List.copyOf(feedback);
    }

    /** Whether this is {@code name} (encoding names compare case-insensitively, RFC 4855 §3). */
    public boolean is(String encodingName) {
        return name.equalsIgnoreCase(encodingName);
    }

    /** The value of format parameter {@code key}. */
    public Optional<String> parameter(String key) {
        return Optional.ofNullable(parameters.get(key));
    }

    /** The rtpmap, fmtp and rtcp-fb attributes that describe this codec. */
    public List<Attribute> attributes() {
        List<Attribute> attributes = new ArrayList<>();
        attributes.add(new Rtpmap(payloadType, name, clockRate,
                channels == 1 ? OptionalInt.empty() : OptionalInt.of(channels)));
        if (!parameters.isEmpty()) {
            attributes.add(Fmtp.of(payloadType, parameters));
        }
        for (RtcpFeedback fb : feedback) {
            attributes.add(fb.withPayloadType(payloadType));
        }
        return attributes;
    }

    static List<Codec> of(MediaDescription media) {
        List<Codec> codecs = new ArrayList<>();
        List<Rtpmap> rtpmaps = media.attributes(Rtpmap.class);
        List<Fmtp> fmtps = media.attributes(Fmtp.class);
        List<RtcpFeedback> feedback = media.attributes(RtcpFeedback.class);
        for (int payloadType : media.payloadTypes()) {
            Rtpmap rtpmap = find(rtpmaps, payloadType);
            if (rtpmap == null) {
                continue;
            }
            Map<String, String> parameters = Map.of();
            for (Fmtp fmtp : fmtps) {
                if (fmtp.payloadType() == payloadType) {
                    parameters = fmtp.parameterMap();
                }
            }
            List<RtcpFeedback> applying = new ArrayList<>();
            for (RtcpFeedback fb : feedback) {
                if (fb.appliesTo(payloadType)) {
                    applying.add(fb);
                }
            }
            codecs.add(new Codec(payloadType, rtpmap.encodingName(), rtpmap.clockRate(),
                    rtpmap.channels().orElse(1), parameters, applying));
        }
        return codecs;
    }

    private static Rtpmap find(List<Rtpmap> rtpmaps, int payloadType) {
        for (Rtpmap rtpmap : rtpmaps) {
            if (rtpmap.payloadType() == payloadType) {
                return rtpmap;
            }
        }
        return staticPayloadType(payloadType);
    }

    /** RFC 3551 §6, tables 4 and 5: payload types whose meaning needs no rtpmap. */
    private static Rtpmap staticPayloadType(int payloadType) {
        return switch (payloadType) {
            case 0 -> defined(payloadType, "PCMU", 8000);
            case 3 -> defined(payloadType, "GSM", 8000);
            case 4 -> defined(payloadType, "G723", 8000);
            case 5 -> defined(payloadType, "DVI4", 8000);
            case 6 -> defined(payloadType, "DVI4", 16000);
            case 7 -> defined(payloadType, "LPC", 8000);
            case 8 -> defined(payloadType, "PCMA", 8000);
            case 9 -> defined(payloadType, "G722", 8000);
            case 10 -> new Rtpmap(payloadType, "L16", 44100, OptionalInt.of(2));
            case 11 -> defined(payloadType, "L16", 44100);
            case 12 -> defined(payloadType, "QCELP", 8000);
            case 13 -> defined(payloadType, "CN", 8000);
            case 14 -> defined(payloadType, "MPA", 90000);
            case 15 -> defined(payloadType, "G728", 8000);
            case 16 -> defined(payloadType, "DVI4", 11025);
            case 17 -> defined(payloadType, "DVI4", 22050);
            case 18 -> defined(payloadType, "G729", 8000);
            case 25 -> defined(payloadType, "CelB", 90000);
            case 26 -> defined(payloadType, "JPEG", 90000);
            case 28 -> defined(payloadType, "nv", 90000);
            case 31 -> defined(payloadType, "H261", 90000);
            case 32 -> defined(payloadType, "MPV", 90000);
            case 33 -> defined(payloadType, "MP2T", 90000);
            case 34 -> defined(payloadType, "H263", 90000);
            default -> null;
        };
    }

    private static Rtpmap defined(int payloadType, String name, int clockRate) {
        return new Rtpmap(payloadType, name, clockRate, OptionalInt.empty());
    }
}
