package io.purertc.sdp;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;

/** The session descriptions under src/test/resources/sdp/, as browsers and libraries write them. */
final class Corpus {

    static final List<String> FILES = List.of(
            "chromium-offer-audio-video-data.sdp",
            "chromium-offer-simulcast.sdp",
            "chromium-answer-simulcast-recv.sdp",
            "chromium-offer-echo-audio-video.sdp",
            "purertc-answer-echo-audio-video.sdp",
            "firefox-offer-audio-video-data.sdp",
            "safari-offer-audio-video.sdp",
            "pion-answer-audio-video-data.sdp",
            "pion-offer-ice-lite-data.sdp",
            "aiortc-offer-audio-video-data.sdp",
            "aiortc-answer-audio-video.sdp",
            "rfc8866-example.sdp");

    private Corpus() {
    }

    static String text(String file) {
        try (InputStream in = Corpus.class.getResourceAsStream("/sdp/" + file)) {
            if (in == null) {
                throw new IllegalStateException("missing corpus file " + file);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static SessionDescription parse(String file) {
        try {
            return SessionDescription.parse(text(file));
        } catch (SdpParseException e) {
            throw new AssertionError(file + ": " + e.getMessage(), e);
        }
    }
}
