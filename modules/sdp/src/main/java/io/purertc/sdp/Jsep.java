package io.purertc.sdp;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The offer/answer decisions of JSEP (RFC 8829 §5) that depend only on session descriptions:
 * which codecs, header extensions and direction an answer carries, and how sections are
 * BUNDLEd.
 */
public final class Jsep {

    private Jsep() {
    }

    /**
     * The codecs to answer with: those of {@code offered} that {@code local} supports, in the
     * offer's order and numbering, each with the local fmtp parameters (they describe what this
     * side can receive) and the RTCP feedback both sides understand. Codecs match by name, clock
     * rate and channels, plus H.264 packetization-mode and profile, VP9 profile-id and AV1
     * profile; rtx and RED are kept when the codec they point at is.
     */
    public static List<Codec> answerCodecs(List<Codec> offered, List<Codec> local) {
        return CodecNegotiation.answer(offered, local);
    }

    /**
     * The header extensions to answer with (RFC 8285 §7): offered URIs this side also knows,
     * under the offerer's ids. A direction given by either side is negotiated like a media
     * direction.
     */
    public static List<Extmap> answerExtmaps(List<Extmap> offered, List<Extmap> local) {
        List<Extmap> answer = new ArrayList<>();
        for (Extmap offer : offered) {
            for (Extmap mine : local) {
                if (mine.uri().equals(offer.uri())) {
                    Optional<Direction> direction = offer.direction().isEmpty() && mine.direction().isEmpty()
                            ? Optional.empty()
                            : Optional.of(answerDirection(offer.direction().orElse(Direction.SENDRECV),
                                    mine.direction().orElse(Direction.SENDRECV)));
                    answer.add(new Extmap(offer.id(), direction, offer.uri(), offer.extensionAttributes()));
                    break;
                }
            }
        }
        return answer;
    }

    /**
     * The direction of an answer (RFC 3264 §6.1, RFC 8829 §5.3.1): this side sends only if the
     * offerer receives and {@code local} wants to send, and receives only if the offerer sends
     * and {@code local} wants to receive. So sendonly is answered recvonly or inactive,
     * recvonly sendonly or inactive, inactive inactive.
     */
    public static Direction answerDirection(Direction offered, Direction local) {
        return Direction.of(offered.receives() && local.sends(), offered.sends() && local.receives());
    }

    /**
     * {@code offer} with one {@code a=group:BUNDLE} of every section that has a mid and is not
     * rejected, the first being the offerer-tagged section (RFC 8843 §7.2), and the sections the
     * policy names turned bundle-only: port 0 and {@code a=bundle-only} (RFC 8843 §6,
     * RFC 8829 §5.2.1).
     */
    public static SessionDescription bundleOffer(SessionDescription offer, BundlePolicy policy) {
        return Bundling.offer(offer, policy);
    }

    /**
     * {@code answer} with one {@code a=group:BUNDLE} of the offer's bundled mids that the answer
     * accepts, in the offer's order (RFC 8843 §7.3); none if it accepts none.
     */
    public static SessionDescription bundleAnswer(SessionDescription answer, SessionDescription offer) {
        return Bundling.answer(answer, offer);
    }
}
