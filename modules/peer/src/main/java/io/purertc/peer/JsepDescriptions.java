package io.purertc.peer;

import io.purertc.ice.IceCandidate;
import io.purertc.media.MediaKind;
import io.purertc.sdp.Attribute;
import io.purertc.sdp.BundlePolicy;
import io.purertc.sdp.Candidate;
import io.purertc.sdp.Codec;
import io.purertc.sdp.Connection;
import io.purertc.sdp.Direction;
import io.purertc.sdp.Extmap;
import io.purertc.sdp.Fingerprint;
import io.purertc.sdp.Group;
import io.purertc.sdp.IceOptions;
import io.purertc.sdp.IcePwd;
import io.purertc.sdp.IceUfrag;
import io.purertc.sdp.Jsep;
import io.purertc.sdp.MediaDescription;
import io.purertc.sdp.Mid;
import io.purertc.sdp.Msid;
import io.purertc.sdp.MsidSemantic;
import io.purertc.sdp.Origin;
import io.purertc.sdp.Property;
import io.purertc.sdp.Rtcp;
import io.purertc.sdp.SdpParseException;
import io.purertc.sdp.SessionDescription;
import io.purertc.sdp.Setup;
import io.purertc.sdp.Ssrc;
import io.purertc.sdp.SsrcGroup;
import io.purertc.peer.InvalidDescriptionException.Reason;
import java.net.Inet6Address;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;
import java.util.Set;

/**
 * The session descriptions of JSEP (RFC 8829): writing our offers (§5.2) and answers (§5.3), negotiating one
 * offered section (§5.3.1), and reading a remote description (§5.8, §5.10) into the values a PeerConnection acts
 * on. Pure functions of SDP: no I/O, no state.
 *
 * <p>Every section we describe is BUNDLEd onto one transport (RFC 8843) with RTP and RTCP on one port
 * (RFC 5761). Like Chromium, each section repeats the transport's ICE credentials, fingerprint and setup role,
 * and the candidates go with the first section of the group only.
 */
final class JsepDescriptions {

    /** RFC 8829 §5.1.2: RTP over DTLS-SRTP over UDP, with RTCP feedback. */
    static final String PROTOCOL = "UDP/TLS/RTP/SAVPF";
    /** RFC 8829 §5.2.1: the placeholder port (discard) while no candidate says where media goes. */
    private static final int PLACEHOLDER_PORT = 9;
    /** RFC 8829 §5.2.1 writes it before any candidate; with rtcp-mux, Chromium keeps writing it so. */
    private static final Rtcp PLACEHOLDER_RTCP = new Rtcp(PLACEHOLDER_PORT, Optional.of(Connection.UNSPECIFIED_IP4));
    /** Spelt as libwebrtc spells it; RFC 8830 has no session-level attribute, older peers still look for one. */
    private static final MsidSemantic WMS = new MsidSemantic(true, "WMS", List.of());
    /** RFC 8838, RFC 8840: we send and accept trickled candidates. */
    private static final IceOptions TRICKLE = new IceOptions(List.of("trickle"));
    private static final String CNAME = "cname";
    private static final String MSID = "msid";

    private JsepDescriptions() {
    }

    // Writing: RFC 8829 §5.2 and §5.3.

    /**
     * Our offer (RFC 8829 §5.2.1, §5.2.2): one section per {@code sections}, in order, all non-rejected ones in
     * one BUNDLE group led by the first, which carries the candidates. The offer's DTLS role is always
     * {@code actpass} (RFC 8829 §5.2.1), whatever {@code transport.setup()} says. A rejected section is written
     * with port 0, its codecs' payload types and its MID only.
     */
    static SessionDescription offer(long sessionId, long sessionVersion, List<LocalSection> sections,
                                    LocalTransport transport) {
        String tagMid = null;
        for (LocalSection section : sections) {
            if (!section.rejected()) {
                tagMid = section.mid();
                break;
            }
        }
        List<MediaDescription> media = new ArrayList<>();
        for (LocalSection section : sections) {
            if (section.rejected()) {
                media.add(rejected(section.kind().sdpName(), PROTOCOL, payloadTypes(section.codecs()), section.mid()));
            } else {
                media.add(accepted(section, PROTOCOL, Setup.ACTPASS, transport, section.mid().equals(tagMid), true));
            }
        }
        SessionDescription offer = SessionDescription.of(Origin.of(sessionId, sessionVersion),
                sessionAttributes(transport), media);
        // Every section in the group and none bundle-only, as Chromium offers under max-bundle: a bundle-only
        // section has port 0, which a peer that does not know bundle-only reads as rejected (RFC 8843 §6).
        return Jsep.bundleOffer(offer, BundlePolicy.MAX_COMPAT);
    }

    /**
     * Our answer to {@code offer} (RFC 8829 §5.3.1): one section per offered section, in the offer's order and
     * with its MID. An offered section is answered by the local section of the same MID; it is rejected (port 0,
     * RFC 3264 §6) when there is none, when either side rejected it, and when it is not audio or video: data
     * channels come later. The BUNDLE group lists the accepted MIDs in the offer's order (RFC 8843 §7.3), and
     * its first section carries the candidates.
     *
     * @throws IllegalArgumentException if a local section's kind is not the offered section's
     */
    static SessionDescription answer(RemoteDescription offer, long sessionId, long sessionVersion,
                                     List<LocalSection> sections, LocalTransport transport) {
        Map<String, LocalSection> byMid = new HashMap<>();
        for (LocalSection section : sections) {
            byMid.put(section.mid(), section);
        }
        Set<String> acceptedMids = new HashSet<>();
        for (RemoteSection offered : offer.sections()) {
            LocalSection mine = byMid.get(offered.mid());
            if (mine != null && !mine.rejected() && !offered.rejected() && offered.kind().isPresent()) {
                if (offered.kind().get() != mine.kind()) {
                    throw new IllegalArgumentException("section " + offered.mid() + " is offered as "
                            + offered.kind().get() + " but answered as " + mine.kind());
                }
                acceptedMids.add(offered.mid());
            }
        }
        String tagMid = answererTag(offer, acceptedMids);
        List<MediaDescription> media = new ArrayList<>();
        for (RemoteSection offered : offer.sections()) {
            MediaDescription offeredMedia = offer.sdp().media().get(offered.index());
            if (acceptedMids.contains(offered.mid())) {
                // RFC 5506 §5: reduced-size RTCP only when the offerer asked for it.
                media.add(accepted(byMid.get(offered.mid()), offeredMedia.protocol(), transport.setup(), transport,
                        offered.mid().equals(tagMid), offeredMedia.has(Property.RTCP_RSIZE)));
            } else {
                media.add(rejected(offeredMedia.media(), offeredMedia.protocol(), offeredMedia.formats(),
                        offered.mid()));
            }
        }
        SessionDescription answer = SessionDescription.of(Origin.of(sessionId, sessionVersion),
                sessionAttributes(transport), media);
        return Jsep.bundleAnswer(answer, offer.sdp());
    }

    /**
     * RFC 8843 §7.3.1: the answerer-tagged section is the first accepted one in the offer's BUNDLE order; an
     * offer without a group has one accepted section at most (see {@link #read}).
     */
    private static String answererTag(RemoteDescription offer, Set<String> acceptedMids) {
        for (String mid : offer.bundleMids()) {
            if (acceptedMids.contains(mid)) {
                return mid;
            }
        }
        for (RemoteSection section : offer.sections()) {
            if (acceptedMids.contains(section.mid())) {
                return section.mid();
            }
        }
        return null;
    }

    private static List<Attribute> sessionAttributes(LocalTransport transport) {
        List<Attribute> attributes = new ArrayList<>();
        if (transport.iceLite()) {
            attributes.add(Property.ICE_LITE);
        }
        attributes.add(WMS);
        return attributes;
    }

    /**
     * One section in use, in the attribute order Chromium writes: where media goes, the shared transport
     * (RFC 8843 §7.1.3), the MID (RFC 5888 §4), header extensions (RFC 8285), the direction (RFC 3264 §5.1), the
     * track (RFC 8830), rtcp-mux (RFC 5761 §5.1.1) and rtcp-rsize (RFC 5506 §5), the codecs, then the sources we
     * send (RFC 5576) when the section sends.
     */
    private static MediaDescription accepted(LocalSection section, String protocol, Setup setup,
                                             LocalTransport transport, boolean bundleTag, boolean reducedSize) {
        boolean sends = section.direction().sends();
        List<Attribute> attributes = new ArrayList<>();
        attributes.add(PLACEHOLDER_RTCP);
        if (bundleTag) {
            for (IceCandidate candidate : transport.candidates()) {
                attributes.add(candidate.toSdp());
            }
            if (transport.gatheringComplete()) {
                attributes.add(Property.END_OF_CANDIDATES);
            }
        }
        attributes.add(new IceUfrag(transport.ufrag()));
        attributes.add(new IcePwd(transport.password()));
        attributes.add(TRICKLE);
        attributes.add(transport.fingerprint());
        attributes.add(setup);
        attributes.add(new Mid(section.mid()));
        attributes.addAll(section.extmaps());
        attributes.add(section.direction());
        if (sends) {
            attributes.add(new Msid(section.streamId(), Optional.of(section.trackId())));
        }
        attributes.add(Property.RTCP_MUX);
        if (reducedSize) {
            attributes.add(Property.RTCP_RSIZE);
        }
        for (Codec codec : section.codecs()) {
            attributes.addAll(codec.attributes());
        }
        if (sends) {
            attributes.addAll(sources(section));
        }
        Optional<IceCandidate> defaultCandidate = defaultCandidate(transport.candidates());
        int port = defaultCandidate.map(c -> c.address().getPort()).orElse(PLACEHOLDER_PORT);
        Connection connection = defaultCandidate.map(JsepDescriptions::connection).orElse(Connection.UNSPECIFIED_IP4);
        return new MediaDescription(section.kind().sdpName(), port, OptionalInt.empty(), protocol,
                payloadTypes(section.codecs()), Optional.empty(), List.of(connection), List.of(), Optional.empty(),
                attributes);
    }

    /**
     * RFC 5576 §4.1 and §4.2: each SSRC we send with, its CNAME (RFC 3550 §6.5.1) and track (the pre-RFC 8830
     * {@code a=ssrc:<ssrc> msid:} libwebrtc still reads), the RTX SSRC tied to its primary by {@code FID}
     * (RFC 4588 §8).
     */
    private static List<Attribute> sources(LocalSection section) {
        List<Long> ssrcs = new ArrayList<>();
        ssrcs.add(section.ssrc());
        section.rtxSsrc().ifPresent(ssrcs::add);
        List<Attribute> attributes = new ArrayList<>();
        if (ssrcs.size() == 2) {
            attributes.add(new SsrcGroup(SsrcGroup.FID, ssrcs));
        }
        for (long ssrc : ssrcs) {
            attributes.add(new Ssrc(ssrc, CNAME, Optional.of(section.cname())));
            attributes.add(new Ssrc(ssrc, MSID, Optional.of(section.streamId() + " " + section.trackId())));
        }
        return attributes;
    }

    /** RFC 3264 §6: a rejected section keeps its media type, protocol and formats, on port 0. */
    private static MediaDescription rejected(String media, String protocol, List<String> formats, String mid) {
        return MediaDescription.of(media, 0, protocol, formats, List.of(new Mid(mid)));
    }

    private static List<String> payloadTypes(List<Codec> codecs) {
        List<String> formats = new ArrayList<>();
        for (Codec codec : codecs) {
            formats.add(Integer.toString(codec.payloadType()));
        }
        return formats;
    }

    /**
     * RFC 8445 §5.1.4: the candidate the m= and c= lines name for a peer without ICE is the one most likely to
     * work: a relayed one, then a server-reflexive one, then a host one.
     */
    private static Optional<IceCandidate> defaultCandidate(List<IceCandidate> candidates) {
        for (Candidate.Type type : List.of(Candidate.Type.RELAY, Candidate.Type.SRFLX, Candidate.Type.HOST)) {
            for (IceCandidate candidate : candidates) {
                if (candidate.type() == type) {
                    return Optional.of(candidate);
                }
            }
        }
        return Optional.empty();
    }

    private static Connection connection(IceCandidate candidate) {
        String addressType = candidate.address().getAddress() instanceof Inet6Address ? "IP6" : "IP4";
        return new Connection("IN", addressType, candidate.toSdp().address());
    }

    // Negotiating: RFC 8829 §5.3.1, RFC 3264 §6.1.

    /**
     * Our side of one offered audio or video section (RFC 8829 §5.3.1): the offered codecs we support, under
     * the offer's payload types, each RTX kept only with the codec its {@code apt} names (RFC 4588 §8.1); the
     * offered header extensions we support, under the offer's ids (RFC 8285 §7); the direction that follows from
     * the offer's and {@code localIntent} (RFC 3264 §6.1). The section is rejected when the offer rejected it or
     * no codec is in common.
     *
     * @throws IllegalArgumentException if {@code offered} is not audio or video: only those are negotiated
     */
    static LocalSection negotiate(RemoteSection offered, RtpCapabilities local, Direction localIntent, long ssrc,
                                  OptionalLong rtxSsrc, String streamId, String trackId, String cname) {
        MediaKind kind = offered.kind().orElseThrow(() -> new IllegalArgumentException(
                "section " + offered.mid() + " is not audio or video"));
        List<Codec> codecs = Jsep.answerCodecs(offered.codecs(), local.codecs(kind));
        List<Extmap> extmaps = Jsep.answerExtmaps(offered.extmaps(), local.extensions(kind));
        boolean rejected = offered.rejected() || codecs.isEmpty();
        Direction direction = rejected ? Direction.INACTIVE : Jsep.answerDirection(offered.direction(), localIntent);
        return new LocalSection(offered.mid(), kind, direction, codecs, extmaps, ssrc, rtxSsrc, streamId, trackId,
                cname, rejected);
    }

    // Reading: RFC 8829 §5.8 and §5.10.

    /**
     * A remote offer or answer checked for WebRTC use (RFC 8829 §5.8.3, §5.10): at least one m= line and one section
     * in use; a unique MID on every section (RFC 5888 §4); one BUNDLE group naming existing, non-rejected
     * sections, holding every section in use unless only one is (RFC 8843 §7); rtcp-mux on every audio and video
     * section in use (RFC 8834 §4.5), which a BUNDLEd section may leave to the group's first (RFC 8843 §7.1.3);
     * ICE credentials (RFC 8839 §5.4), a fingerprint (RFC 8122 §5) and a DTLS role (RFC 8842 §5) for the
     * transport, in the group's first section or at session level.
     */
    static RemoteDescription read(SessionDescription sdp) throws InvalidDescriptionException {
        if (sdp.media().isEmpty()) {
            throw new InvalidDescriptionException(Reason.NO_MEDIA, "the description has no m= line");
        }
        List<RemoteSection> sections = new ArrayList<>();
        Set<String> mids = new HashSet<>();
        for (int index = 0; index < sdp.media().size(); index++) {
            MediaDescription media = sdp.media().get(index);
            String mid = media.mid().orElseThrow(() -> bundleMismatch("a section has no a=mid to be bundled by"));
            if (!mids.add(mid)) {
                throw bundleMismatch("two sections have a=mid:" + mid);
            }
            sections.add(remoteSection(sdp, index, mid));
        }
        List<String> bundleMids = bundleGroup(sdp);
        List<RemoteSection> bundled = bundledSections(sections, bundleMids);
        MediaDescription tag = sdp.media().get(bundled.get(0).index());
        for (RemoteSection section : bundled) {
            boolean muxed = sdp.media().get(section.index()).has(Property.RTCP_MUX) || tag.has(Property.RTCP_MUX);
            if (section.kind().isPresent() && !muxed) {
                throw new InvalidDescriptionException(Reason.MISSING_RTCP_MUX,
                        "section " + section.mid() + " does not multiplex RTCP with RTP (a=rtcp-mux)");
            }
        }
        return new RemoteDescription(sdp, sections, bundleMids, transport(sdp, tag, bundled));
    }

    private static InvalidDescriptionException bundleMismatch(String message) {
        return new InvalidDescriptionException(Reason.BUNDLE_MISMATCH, message);
    }

    /** The MIDs of the one BUNDLE group, or none; a second group would mean a second transport. */
    private static List<String> bundleGroup(SessionDescription sdp) throws InvalidDescriptionException {
        List<Group> groups = new ArrayList<>();
        for (Group group : sdp.attributes(Group.class)) {
            if (group.semantics().equals(Group.BUNDLE)) {
                groups.add(group);
            }
        }
        if (groups.size() > 1) {
            throw bundleMismatch("more than one BUNDLE group");
        }
        return groups.isEmpty() ? List.of() : groups.get(0).mids();
    }

    /**
     * The sections in use, the group's tagged section first (RFC 8843 §7.2). Without a group, a single section
     * in use stands alone; several must all be in the group.
     */
    private static List<RemoteSection> bundledSections(List<RemoteSection> sections, List<String> bundleMids)
            throws InvalidDescriptionException {
        Map<String, RemoteSection> byMid = new HashMap<>();
        List<RemoteSection> inUse = new ArrayList<>();
        for (RemoteSection section : sections) {
            byMid.put(section.mid(), section);
            if (!section.rejected()) {
                inUse.add(section);
            }
        }
        if (inUse.isEmpty()) {
            throw new InvalidDescriptionException(Reason.NO_MEDIA, "every section is rejected");
        }
        List<RemoteSection> bundled = new ArrayList<>();
        for (String mid : bundleMids) {
            RemoteSection section = byMid.get(mid);
            if (section == null || section.rejected()) {
                throw bundleMismatch("the BUNDLE group names " + mid + ", which is no section in use");
            }
            bundled.add(section);
        }
        if (inUse.size() == 1 && bundled.isEmpty()) {
            return inUse;
        }
        for (RemoteSection section : inUse) {
            if (!bundleMids.contains(section.mid())) {
                throw bundleMismatch("section " + section.mid() + " is in use but not in the BUNDLE group");
            }
        }
        return bundled;
    }

    private static RemoteSection remoteSection(SessionDescription sdp, int index, String mid) {
        MediaDescription media = sdp.media().get(index);
        Optional<MediaKind> kind = media.isRtp() ? MediaKind.fromSdp(media.media()) : Optional.empty();
        Map<Long, Long> rtxByPrimary = new HashMap<>();
        for (SsrcGroup group : media.attributes(SsrcGroup.class)) {
            if (group.semantics().equals(SsrcGroup.FID) && group.ssrcs().size() == 2
                    && !group.ssrcs().get(0).equals(group.ssrcs().get(1))) {
                rtxByPrimary.putIfAbsent(group.ssrcs().get(0), group.ssrcs().get(1));
            }
        }
        Set<Long> primaries = new LinkedHashSet<>();
        for (Ssrc ssrc : media.attributes(Ssrc.class)) {
            primaries.add(ssrc.ssrc());
        }
        primaries.addAll(rtxByPrimary.keySet());
        primaries.removeAll(rtxByPrimary.values());
        rtxByPrimary.keySet().retainAll(primaries);
        return new RemoteSection(index, mid, kind, sdp.direction(media), media.codecs(),
                media.attributes(Extmap.class), new ArrayList<>(primaries), rtxByPrimary, msid(media),
                media.isRejected());
    }

    /**
     * RFC 8830 §2 {@code a=msid}; failing that, the {@code a=ssrc:<ssrc> msid:} that peers of the Plan B era
     * write. A malformed one of those is ignored: the msid only labels the track.
     */
    private static Optional<Msid> msid(MediaDescription media) {
        Optional<Msid> msid = media.attribute(Msid.class);
        if (msid.isPresent()) {
            return msid;
        }
        for (Ssrc ssrc : media.attributes(Ssrc.class)) {
            if (ssrc.attribute().equals(MSID) && ssrc.value().isPresent()) {
                String[] ids = ssrc.value().get().split(" ", -1);
                try {
                    return Optional.of(new Msid(ids[0], ids.length == 2 ? Optional.of(ids[1]) : Optional.empty()));
                } catch (IllegalArgumentException e) {
                    return Optional.empty();
                }
            }
        }
        return Optional.empty();
    }

    /**
     * The transport the group shares, from its tagged section or the session level: credentials, fingerprints,
     * setup and ICE lite; and the candidates of every BUNDLEd section that a UDP agent can pair (RTP component,
     * IP literal: mDNS names and TCP candidates are skipped, see {@link IceCandidate#fromSdp}).
     */
    private static RemoteTransport transport(SessionDescription sdp, MediaDescription tag,
                                             List<RemoteSection> bundled) throws InvalidDescriptionException {
        Optional<IceUfrag> ufrag = sdp.resolve(tag, IceUfrag.class);
        Optional<IcePwd> password = sdp.resolve(tag, IcePwd.class);
        if (ufrag.isEmpty() || password.isEmpty()) {
            throw new InvalidDescriptionException(Reason.MISSING_ICE_CREDENTIALS, "no a=ice-ufrag and a=ice-pwd");
        }
        List<Fingerprint> fingerprints = tag.attributes(Fingerprint.class);
        if (fingerprints.isEmpty()) {
            fingerprints = sdp.attributes(Fingerprint.class);
        }
        if (fingerprints.isEmpty()) {
            throw new InvalidDescriptionException(Reason.MISSING_FINGERPRINT, "no a=fingerprint");
        }
        Optional<Setup> setup = sdp.resolve(tag, Setup.class);
        if (setup.isEmpty() || setup.get() == Setup.HOLDCONN) {
            throw new InvalidDescriptionException(Reason.INVALID_SETUP,
                    "a=setup must be actpass, active or passive, not " + setup.map(Setup::role).orElse("absent"));
        }
        Set<IceCandidate> candidates = new LinkedHashSet<>();
        for (RemoteSection section : bundled) {
            for (Candidate candidate : sdp.media().get(section.index()).candidates()) {
                IceCandidate.fromSdp(candidate)
                        .filter(c -> c.component() == IceCandidate.RTP_COMPONENT)
                        .ifPresent(candidates::add);
            }
        }
        boolean endOfCandidates = tag.has(Property.END_OF_CANDIDATES) || sdp.has(Property.END_OF_CANDIDATES);
        return new RemoteTransport(ufrag.get().ufrag(), password.get().password(), fingerprints, setup.get(),
                new ArrayList<>(candidates), endOfCandidates, sdp.has(Property.ICE_LITE));
    }

    // Trickle: RFC 8838, RFC 8840.

    /**
     * A candidate trickled by the remote peer (RFC 8840 §4.3, RFC 8829 §4.1.17): its section is named by MID, or
     * failing that by m= line index. Empty when the candidate is well formed but not one this agent pairs: TCP,
     * a component other than RTP's (rtcp-mux leaves it unused), a name such as an mDNS {@code .local} address,
     * or a rejected section. Not for the end-of-candidates marker ({@link IceCandidateInit#isEndOfCandidates}).
     *
     * @throws InvalidDescriptionException {@code INVALID_CANDIDATE} when the text does not parse or names no
     *         section of {@code remote}
     */
    static Optional<IceCandidate> candidate(IceCandidateInit init, RemoteDescription remote)
            throws InvalidDescriptionException {
        RemoteSection section = trickledSection(init, remote);
        Candidate candidate;
        try {
            candidate = Candidate.parse(init.candidate());
        } catch (SdpParseException e) {
            throw new InvalidDescriptionException(Reason.INVALID_CANDIDATE,
                    "candidate does not parse: " + e.getMessage(), e);
        }
        if (section.rejected()) {
            return Optional.empty();
        }
        return IceCandidate.fromSdp(candidate).filter(c -> c.component() == IceCandidate.RTP_COMPONENT);
    }

    private static RemoteSection trickledSection(IceCandidateInit init, RemoteDescription remote)
            throws InvalidDescriptionException {
        if (init.sdpMid() != null) {
            for (RemoteSection section : remote.sections()) {
                if (section.mid().equals(init.sdpMid())) {
                    return section;
                }
            }
            throw new InvalidDescriptionException(Reason.INVALID_CANDIDATE, "no section has mid " + init.sdpMid());
        }
        int index = init.sdpMLineIndex().orElse(-1);
        if (index < 0 || index >= remote.sections().size()) {
            throw new InvalidDescriptionException(Reason.INVALID_CANDIDATE,
                    "the candidate has no sdpMid and its sdpMLineIndex names no section");
        }
        return remote.sections().get(index);
    }

    /** One of our candidates as signaling trickles it, in the {@code candidate:} form browsers expect. */
    static IceCandidateInit candidateInit(IceCandidate candidate, String mid, int index) {
        Candidate attribute = candidate.toSdp();
        return new IceCandidateInit(attribute.attributeName() + ":" + attribute.attributeValue().orElseThrow(), mid,
                OptionalInt.of(index));
    }
}
