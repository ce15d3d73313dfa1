package io.purertc.media;

import java.util.Locale;
import java.util.Map;

/**
 * A codec named independently of SDP: what an {@code a=rtpmap} line and its {@code a=fmtp}
 * parameters describe once the payload type number is set aside (RFC 4566 §6, RFC 3264 §6.1).
 *
 * @param kind audio or video
 * @param encodingName the encoding name as registered, e.g. {@code "opus"}, {@code "PCMU"},
 *     {@code "VP8"}; compared without regard to case
 * @param clockRate the RTP timestamp clock rate in Hz (48000 for Opus, 8000 for G.711, 90000 for video)
 * @param channels audio channels as in {@code rtpmap} (Opus is always 2, RFC 7587 §7); 1 for video
 * @param parameters the format parameters ({@code fmtp}) as name to value; an immutable copy is kept
 */
public record CodecDescriptor(
        MediaKind kind, String encodingName, int clockRate, int channels, Map<String, String> parameters) {

    public CodecDescriptor {
        if (kind == null) {
            throw new IllegalArgumentException("kind must not be null");
        }
        if (encodingName == null || encodingName.isEmpty()) {
            throw new IllegalArgumentException("encoding name must not be empty");
        }
        if (clockRate <= 0) {
            throw new IllegalArgumentException("clock rate must be positive: " + clockRate);
        }
        if (channels < 1) {
            throw new IllegalArgumentException("channel count must be positive: " + channels);
        }
        parameters = Map.copyOf(parameters == null ? Map.of() : parameters);
    }

    /** An audio codec without format parameters. */
    public static CodecDescriptor audio(String encodingName, int clockRate, int channels) {
        return new CodecDescriptor(MediaKind.AUDIO, encodingName, clockRate, channels, Map.of());
    }

    /** A video codec without format parameters. */
    public static CodecDescriptor video(String encodingName, int clockRate) {
        return new CodecDescriptor(MediaKind.VIDEO, encodingName, clockRate, 1, Map.of());
    }

    /** The same codec with these format parameters instead. */
    public CodecDescriptor withParameters(Map<String, String> newParameters) {
        return new CodecDescriptor(kind, encodingName, clockRate, channels, newParameters);
    }

    /** The value of a format parameter, or {@code null}; names compare without case (RFC 4566 §6). */
    public String parameter(String name) {
        for (Map.Entry<String, String> entry : parameters.entrySet()) {
            if (entry.getKey().equalsIgnoreCase(name)) {
                return entry.getValue();
            }
        }
        return null;
    }

    /**
     * Whether both name the same codec: kind, encoding name (ignoring case), clock rate and
     * channels agree. Format parameters do not take part: RFC 3264 §6.1 matches on the rtpmap, and
     * each codec's fmtp rules are applied by its factory once the match is made.
     */
    public boolean matches(CodecDescriptor other) {
        return other != null
                && kind == other.kind
                && encodingName.equalsIgnoreCase(other.encodingName)
                && clockRate == other.clockRate
                && channels == other.channels;
    }

    /** The {@code rtpmap} encoding as {@code name/rate[/channels]}; channels omitted when 1 (RFC 4566 §6). */
    public String rtpmap() {
        String base = encodingName + "/" + clockRate;
        return channels == 1 ? base : base + "/" + channels;
    }

    @Override
    public String toString() {
        return kind.name().toLowerCase(Locale.ROOT) + " " + rtpmap()
                + (parameters.isEmpty() ? "" : " " + parameters);
    }
}
