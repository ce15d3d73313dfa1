package io.purertc.codec.opus;

import io.purertc.rtp.MalformedPacketException;

/**
 * The Opus {@code a=fmtp} parameters one side declares. Those a side declares describe what it
 * wants to receive ({@code stereo}, {@code maxaveragebitrate}, {@code maxplaybackrate},
 * {@code useinbandfec}, {@code usedtx}, {@code cbr}, {@code minptime}) and what it sends
 * ({@code sprop-stereo}); our encoder follows the remote side's, see {@link OpusEncoder.Settings#forRemote}.
 *
 * @param minPtime           {@code minptime}: shortest packet duration in ms the receiver wants, 3-120
 * @param useInbandFec       {@code useinbandfec}: the receiver can use in-band FEC, so the sender should add it
 * @param useDtx             {@code usedtx}: the receiver prefers the sender to use DTX
 * @param stereo             {@code stereo}: the receiver prefers to receive stereo
 * @param spropStereo        {@code sprop-stereo}: the sender is likely to send stereo
 * @param maxAverageBitrate  {@code maxaveragebitrate} in bit/s, 6000-510000
 * @param maxPlaybackRate    {@code maxplaybackrate} in Hz, 8000-48000
 * @param cbr                {@code cbr}: the receiver prefers constant bitrate
 */
// RFC 7587 §6.1 (parameters), §7 (offer/answer: each side's parameters constrain what the other sends)
public record OpusParameters(int minPtime, boolean useInbandFec, boolean useDtx, boolean stereo,
        boolean spropStereo, int maxAverageBitrate, int maxPlaybackRate, boolean cbr) {

    /** What RFC 7587 §6.1 means when a parameter is absent. */
    public static final OpusParameters DEFAULTS =
            new OpusParameters(3, false, false, false, false, 510_000, 48_000, false);

    private static final String PROTOCOL = "Opus fmtp";

    public OpusParameters {
        if (minPtime < 3 || minPtime > 120 || maxAverageBitrate < 6000 || maxAverageBitrate > 510_000
                || maxPlaybackRate < 8000 || maxPlaybackRate > 48_000) {
            throw new IllegalArgumentException("outside RFC 7587 §6.1 ranges: " + minPtime + " ms, "
                    + maxAverageBitrate + " bit/s, " + maxPlaybackRate + " Hz");
        }
    }

    /**
     * Parses the parameter list of an {@code a=fmtp} line ({@code "minptime=10;useinbandfec=1"}).
     * Unknown parameters are ignored, as RFC 7587 §6.1 asks; known ones with bad values are rejected.
     */
    public static OpusParameters parse(String fmtp) throws MalformedPacketException {
        int minPtime = DEFAULTS.minPtime;
        boolean fec = DEFAULTS.useInbandFec;
        boolean dtx = DEFAULTS.useDtx;
        boolean stereo = DEFAULTS.stereo;
        boolean spropStereo = DEFAULTS.spropStereo;
        int bitrate = DEFAULTS.maxAverageBitrate;
        int playback = DEFAULTS.maxPlaybackRate;
        boolean cbr = DEFAULTS.cbr;
        int at = 0;
        for (String item : fmtp.split(";", -1)) {
            String trimmed = item.strip();
            int eq = trimmed.indexOf('=');
            if (!trimmed.isEmpty()) {
                String name = (eq < 0 ? trimmed : trimmed.substring(0, eq)).strip().toLowerCase(java.util.Locale.ROOT);
                String value = eq < 0 ? "" : trimmed.substring(eq + 1).strip();
                switch (name) {
                    case "minptime":
                        minPtime = integer(value, 3, 120, at, name);
                        break;
                    case "useinbandfec":
                        fec = flag(value, at, name);
                        break;
                    case "usedtx":
                        dtx = flag(value, at, name);
                        break;
                    case "stereo":
                        stereo = flag(value, at, name);
                        break;
                    case "sprop-stereo":
                        spropStereo = flag(value, at, name);
                        break;
                    case "maxaveragebitrate":
                        bitrate = integer(value, 6000, 510_000, at, name);
                        break;
                    case "maxplaybackrate":
                        playback = integer(value, 8000, 48_000, at, name);
                        break;
                    case "cbr":
                        cbr = flag(value, at, name);
                        break;
                    default:
                        break;
                }
            }
            at += item.length() + 1;
        }
        return new OpusParameters(minPtime, fec, dtx, stereo, spropStereo, bitrate, playback, cbr);
    }

    private static boolean flag(String value, int at, String name) throws MalformedPacketException {
        if (value.equals("0") || value.equals("1")) {
            return value.equals("1");
        }
        throw new MalformedPacketException(PROTOCOL, at, name + " is 0 or 1");
    }

    private static int integer(String value, int min, int max, int at, String name) throws MalformedPacketException {
        if (value.isEmpty() || value.length() > 9 || !value.chars().allMatch(c -> c >= '0' && c <= '9')) {
            throw new MalformedPacketException(PROTOCOL, at, name + " is a decimal integer");
        }
        int parsed = Integer.parseInt(value);
        if (parsed < min || parsed > max) {
            throw new MalformedPacketException(PROTOCOL, at, name + " lies in " + min + "-" + max);
        }
        return parsed;
    }

    /** The parameter list for an {@code a=fmtp} line; parameters at their default are left out. */
    public String toFmtp() {
        StringBuilder out = new StringBuilder();
        if (minPtime != DEFAULTS.minPtime) {
            append(out, "minptime", minPtime);
        }
        if (useInbandFec) {
            append(out, "useinbandfec", 1);
        }
        if (useDtx) {
            append(out, "usedtx", 1);
        }
        if (stereo) {
            append(out, "stereo", 1);
        }
        if (spropStereo) {
            append(out, "sprop-stereo", 1);
        }
        if (maxAverageBitrate != DEFAULTS.maxAverageBitrate) {
            append(out, "maxaveragebitrate", maxAverageBitrate);
        }
        if (maxPlaybackRate != DEFAULTS.maxPlaybackRate) {
            append(out, "maxplaybackrate", maxPlaybackRate);
        }
        if (cbr) {
            append(out, "cbr", 1);
        }
        return out.toString();
    }

    private static void append(StringBuilder out, String name, int value) {
        if (out.length() > 0) {
            out.append(';');
        }
        out.append(name).append('=').append(value);
    }
}
