package io.purertc.peer;

import io.purertc.ice.IceCandidate;
import io.purertc.media.MediaKind;
import io.purertc.sdp.Candidate;
import io.purertc.sdp.Direction;
import io.purertc.sdp.Fingerprint;
import io.purertc.sdp.SdpParseException;
import io.purertc.sdp.SessionDescription;
import io.purertc.sdp.Setup;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.OptionalLong;

/** The sdp module's corpus of browser descriptions, and the local values the JSEP tests describe. */
final class Sdps {

    /** Surefire runs in the module directory; the corpus stays where the sdp module keeps it. */
    private static final Path CORPUS = Path.of("../sdp/src/test/resources/sdp");

    static final String CHROMIUM_OFFER = "chromium-offer-audio-video-data.sdp";
    static final String FIREFOX_OFFER = "firefox-offer-audio-video-data.sdp";
    static final String SAFARI_OFFER = "safari-offer-audio-video.sdp";

    static final Fingerprint FINGERPRINT = new Fingerprint("sha-256",
            "AB:CD:EF:01:23:45:67:89:AB:CD:EF:01:23:45:67:89:AB:CD:EF:01:23:45:67:89:AB:CD:EF:01:23:45:67:89");

    private Sdps() {
    }

    static String text(String file) {
        try {
            return Files.readString(CORPUS.resolve(file));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static SessionDescription parse(String text) {
        try {
            return SessionDescription.parse(text);
        } catch (SdpParseException e) {
            throw new AssertionError(e.getMessage() + "\n" + text, e);
        }
    }

    static RemoteDescription read(String text) {
        try {
            return JsepDescriptions.read(parse(text));
        } catch (InvalidDescriptionException e) {
            throw new AssertionError(e.reason() + ": " + e.getMessage(), e);
        }
    }

    static RemoteDescription readCorpus(String file) {
        return read(text(file));
    }

    static LocalTransport transport(Setup setup, List<IceCandidate> candidates, boolean complete, boolean lite) {
        return new LocalTransport("uFrg", "pAsswordOfTwentyTwoChars", FINGERPRINT, setup, candidates, complete, lite);
    }

    static IceCandidate host(String address, int port) {
        return new IceCandidate("1", 1, 2130706431L, socket(address, port), Candidate.Type.HOST, null);
    }

    static IceCandidate reflexive(String address, int port, String base, int basePort) {
        return new IceCandidate("2", 1, 1694498815L, socket(address, port), Candidate.Type.SRFLX,
                socket(base, basePort));
    }

    private static InetSocketAddress socket(String literal, int port) {
        try {
            return new InetSocketAddress(InetAddress.getByName(literal), port);
        } catch (UnknownHostException e) {
            throw new AssertionError(e);
        }
    }

    /** Our answer to every audio and video section of {@code offer}, sending with {@code intent}. */
    static List<LocalSection> negotiateAll(RemoteDescription offer, Direction intent) {
        RtpCapabilities capabilities = RtpCapabilities.forwarding();
        return offer.sections().stream()
                .filter(section -> section.kind().isPresent())
                .map(section -> JsepDescriptions.negotiate(section, capabilities, intent, 1000L + section.index(),
                        section.kind().get() == MediaKind.VIDEO ? OptionalLong.of(2000L + section.index())
                                : OptionalLong.empty(),
                        "stream", "track" + section.index(), "cname"))
                .toList();
    }
}
