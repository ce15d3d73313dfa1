package io.purertc.sdp;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The codecs of an answer (RFC 8829 §5.3.1, RFC 3264 §6.1): the offered formats this side also
 * supports, in the offer's order and under the offer's payload type numbers. A codec matches by
 * name, clock rate and channels, plus the fmtp parameters that change the bitstream: H.264
 * packetization-mode and profile (RFC 6184 §8.1), VP9 profile-id, AV1 profile. Formats that
 * point at other payload types (rtx {@code apt}, RFC 4588 §8.1; audio RED, RFC 2198 §5) are
 * answered only when the codec they point at is.
 */
final class CodecNegotiation {

    private static final String RTX = "rtx";
    private static final String RED = "red";
    private static final String APT = "apt";

    private CodecNegotiation() {
    }

    static List<Codec> answer(List<Codec> offered, List<Codec> local) {
        Map<Integer, Codec> primaries = new LinkedHashMap<>();
        for (Codec offer : offered) {
            if (offer.is(RTX) || isRedundancy(offer)) {
                continue;
            }
            for (Codec mine : local) {
                if (matches(offer, mine)) {
                    primaries.put(offer.payloadType(), new Codec(offer.payloadType(), offer.name(), offer.clockRate(),
                            offer.channels(), mine.parameters(), feedback(offer.feedback(), mine.feedback(),
                            offer.payloadType())));
                    break;
                }
            }
        }
        List<Codec> answer = new ArrayList<>();
        for (Codec offer : offered) {
            Codec accepted = primaries.get(offer.payloadType());
            if (accepted != null) {
                answer.add(accepted);
            } else if (pointsAtAccepted(offer, primaries.keySet()) && hasLocal(local, offer)) {
                answer.add(new Codec(offer.payloadType(), offer.name(), offer.clockRate(), offer.channels(),
                        offer.parameters(), List.of()));
            }
        }
        return answer;
    }

    /** Audio RED names its primary payload types in its fmtp, e.g. {@code 111/111}. */
    private static boolean isRedundancy(Codec codec) {
        return codec.is(RED) && !referencedPayloadTypes(codec).isEmpty();
    }

    private static boolean pointsAtAccepted(Codec codec, Set<Integer> accepted) {
        if (codec.is(RTX)) {
            Optional<Integer> apt = codec.parameter(APT).map(CodecNegotiation::payloadType);
            return apt.isPresent() && accepted.contains(apt.get());
        }
        List<Integer> referenced = referencedPayloadTypes(codec);
        return codec.is(RED) && !referenced.isEmpty() && accepted.containsAll(referenced);
    }

    private static boolean hasLocal(List<Codec> local, Codec offer) {
        return local.stream().anyMatch(mine -> sameFormat(offer, mine));
    }

    /** Same encoding name, clock rate and channel count: the rtpmap part of a match. */
    private static boolean sameFormat(Codec offer, Codec mine) {
        return mine.is(offer.name()) && mine.clockRate() == offer.clockRate() && mine.channels() == offer.channels();
    }

    /** The payload types in a RED fmtp such as {@code 111/111}; empty if it is not one. */
    private static List<Integer> referencedPayloadTypes(Codec codec) {
        List<Integer> referenced = new ArrayList<>();
        if (codec.parameters().size() != 1) {
            return referenced;
        }
        Map.Entry<String, String> only = codec.parameters().entrySet().iterator().next();
        if (!only.getValue().isEmpty()) {
            return referenced;
        }
        for (String part : only.getKey().split("/", -1)) {
            Integer payloadType = payloadType(part);
            if (payloadType == null) {
                return List.of();
            }
            referenced.add(payloadType);
        }
        return referenced;
    }

    private static Integer payloadType(String text) {
        return MediaDescription.isPayloadType(text) ? Integer.valueOf(text) : null;
    }

    static boolean matches(Codec offer, Codec mine) {
        if (!sameFormat(offer, mine)) {
            return false;
        }
        if (offer.is("H264")) {
            return parameter(offer, "packetization-mode", "0").equals(parameter(mine, "packetization-mode", "0"))
                    && H264Profile.sameProfile(parameter(offer, "profile-level-id", H264Profile.DEFAULT_PROFILE_LEVEL_ID),
                            parameter(mine, "profile-level-id", H264Profile.DEFAULT_PROFILE_LEVEL_ID));
        }
        if (offer.is("VP9")) {
            return parameter(offer, "profile-id", "0").equals(parameter(mine, "profile-id", "0"));
        }
        if (offer.is("AV1")) {
            return parameter(offer, "profile", "0").equals(parameter(mine, "profile", "0"));
        }
        return true;
    }

    private static String parameter(Codec codec, String key, String absent) {
        return codec.parameter(key).orElse(absent);
    }

    /** RFC 4585 §4.2: feedback both sides understand, renumbered to the answer's payload type. */
    static List<RtcpFeedback> feedback(List<RtcpFeedback> offered, List<RtcpFeedback> local, int payloadType) {
        Set<String> mine = new HashSet<>();
        for (RtcpFeedback fb : local) {
            mine.add(fb.feedback());
        }
        Set<String> taken = new HashSet<>();
        List<RtcpFeedback> answer = new ArrayList<>();
        for (RtcpFeedback fb : offered) {
            if (mine.contains(fb.feedback()) && taken.add(fb.feedback())) {
                answer.add(RtcpFeedback.of(payloadType, fb.type(), fb.parameter().orElse("").trim()));
            }
        }
        return answer;
    }
}
