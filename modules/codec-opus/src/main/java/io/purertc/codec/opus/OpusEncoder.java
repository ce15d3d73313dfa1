package io.purertc.codec.opus;

import io.github.jaredmdobson.concentus.OpusApplication;
import io.github.jaredmdobson.concentus.OpusBandwidth;
import io.github.jaredmdobson.concentus.OpusException;
import io.github.jaredmdobson.concentus.OpusFramesize;
import io.purertc.media.CodecException;

/**
 * Encodes 48 kHz PCM into Opus packets through Concentus, one frame of 10, 20, 40 or 60 ms at a time.
 * One thread at a time.
 */
// RFC 6716 §2 (encoder controls), RFC 7587 §3.1.1 (bitrates), §7 (parameters of the receiver honoured)
public final class OpusEncoder {

    /** Opus runs at 48 kHz internally; RTP carries it with a 48 kHz clock whatever the audio bandwidth (RFC 7587 §4.1). */
    public static final int SAMPLE_RATE = 48_000;

    private final io.github.jaredmdobson.concentus.OpusEncoder encoder;
    private final int channels;
    private final int frameSamples;

    /**
     * How to encode.
     *
     * @param channels           1 or 2
     * @param frameMillis        10, 20, 40 or 60
     * @param bitrate            bit/s, 6000-510000
     * @param complexity         0-10
     * @param variableBitrate    VBR, or CBR when false
     * @param inbandFec          add in-band FEC of the previous frame to each packet
     * @param packetLossPercent  the loss FEC is tuned for, 0-100
     * @param dtx                discontinuous transmission during silence
     * @param maxPlaybackRate    the receiver's {@code maxplaybackrate}; caps the coded audio bandwidth
     */
    public record Settings(int channels, int frameMillis, int bitrate, int complexity, boolean variableBitrate,
            boolean inbandFec, int packetLossPercent, boolean dtx, int maxPlaybackRate) {

        public Settings {
            if (channels != 1 && channels != 2) {
                throw new IllegalArgumentException("channels must be 1 or 2: " + channels);
            }
            if (frameMillis != 10 && frameMillis != 20 && frameMillis != 40 && frameMillis != 60) {
                throw new IllegalArgumentException("frame must be 10, 20, 40 or 60 ms: " + frameMillis);
            }
            if (bitrate < 6000 || bitrate > 510_000 || complexity < 0 || complexity > 10
                    || packetLossPercent < 0 || packetLossPercent > 100
                    || maxPlaybackRate < 8000 || maxPlaybackRate > SAMPLE_RATE) {
                throw new IllegalArgumentException("setting out of range: " + bitrate + " bit/s, complexity "
                        + complexity + ", loss " + packetLossPercent + " %, " + maxPlaybackRate + " Hz");
            }
        }

        /** Mono, 20 ms, 32 kb/s, complexity 9, VBR, no FEC, no DTX, full band. */
        public static Settings voice() {
            return new Settings(1, 20, 32_000, 9, true, false, 0, false, SAMPLE_RATE);
        }

        /**
         * What to send to a receiver that declared {@code remote}: stereo only if it asked for it,
         * no more than its {@code maxaveragebitrate}, FEC and DTX if it can use them, CBR if it
         * prefers, a frame no shorter than its {@code minptime}, its {@code maxplaybackrate}.
         */
        public static Settings forRemote(OpusParameters remote, int frameMillis, int bitrate, int complexity,
                int packetLossPercent) {
            int frame = Math.max(frameMillis, remote.minPtime() <= 10 ? 10 : remote.minPtime() <= 20 ? 20
                    : remote.minPtime() <= 40 ? 40 : 60);
            return new Settings(remote.stereo() ? 2 : 1, frame, Math.min(bitrate, remote.maxAverageBitrate()),
                    complexity, !remote.cbr(), remote.useInbandFec(), packetLossPercent, remote.useDtx(),
                    remote.maxPlaybackRate());
        }
    }

    /**
     * What the encoder is tuned for (RFC 6716 §2.1.1 modes; libopus's {@code OPUS_APPLICATION_*}). It is fixed
     * at creation, as libopus allows changing it only before the first frame.
     */
    public enum Application {
        /**
         * Speech: favours SILK and hybrid modes, the only ones that carry in-band FEC. libwebrtc's choice for mono.
         * In Concentus these modes cost about three times what CELT does (its SILK is fixed-point Java).
         */
        VOIP(OpusApplication.OPUS_APPLICATION_VOIP),
        /** Music and general audio: CELT unless the signal looks like speech at a low rate. libwebrtc's for stereo. */
        AUDIO(OpusApplication.OPUS_APPLICATION_AUDIO),
        /** CELT only: the lowest algorithmic delay (2.5 ms lookahead against 6.5 ms), no SILK and so no FEC. */
        RESTRICTED_LOWDELAY(OpusApplication.OPUS_APPLICATION_RESTRICTED_LOWDELAY);

        private final OpusApplication concentus;

        Application(OpusApplication concentus) {
            this.concentus = concentus;
        }
    }

    /** An encoder tuned for speech ({@link Application#VOIP}), as libwebrtc tunes mono audio. */
    public OpusEncoder(Settings settings) {
        this(settings, Application.VOIP);
    }

    public OpusEncoder(Settings settings, Application application) {
        try {
            encoder = new io.github.jaredmdobson.concentus.OpusEncoder(SAMPLE_RATE, settings.channels(),
                    application.concentus);
        } catch (OpusException e) {
            throw new IllegalStateException("Concentus refused a valid configuration", e);
        }
        channels = settings.channels();
        frameSamples = settings.frameMillis() * SAMPLE_RATE / 1000;
        configure(settings);
    }

    /** Applies {@code settings} from the next frame on; channels and frame duration stay as created. */
    public void configure(Settings settings) {
        if (settings.channels() != channels || settings.frameMillis() * SAMPLE_RATE / 1000 != frameSamples) {
            throw new IllegalArgumentException("channels and frame duration are fixed at creation");
        }
        encoder.setBitrate(settings.bitrate());
        encoder.setComplexity(settings.complexity());
        encoder.setUseVBR(settings.variableBitrate());
        encoder.setUseInbandFEC(settings.inbandFec());
        encoder.setPacketLossPercent(settings.packetLossPercent());
        encoder.setUseDTX(settings.dtx());
        encoder.setMaxBandwidth(bandwidthFor(settings.maxPlaybackRate()));
        encoder.setExpertFrameDuration(frameSize(settings.frameMillis()));
    }

    // RFC 7587 §7.1: maxplaybackrate bounds the audio bandwidth worth coding (Nyquist of the playback rate).
    private static OpusBandwidth bandwidthFor(int playbackRate) {
        if (playbackRate <= 8000) {
            return OpusBandwidth.OPUS_BANDWIDTH_NARROWBAND;
        }
        if (playbackRate <= 12_000) {
            return OpusBandwidth.OPUS_BANDWIDTH_MEDIUMBAND;
        }
        if (playbackRate <= 16_000) {
            return OpusBandwidth.OPUS_BANDWIDTH_WIDEBAND;
        }
        if (playbackRate <= 24_000) {
            return OpusBandwidth.OPUS_BANDWIDTH_SUPERWIDEBAND;
        }
        return OpusBandwidth.OPUS_BANDWIDTH_FULLBAND;
    }

    private static OpusFramesize frameSize(int millis) {
        if (millis == 10) {
            return OpusFramesize.OPUS_FRAMESIZE_10_MS;
        }
        if (millis == 20) {
            return OpusFramesize.OPUS_FRAMESIZE_20_MS;
        }
        return millis == 40 ? OpusFramesize.OPUS_FRAMESIZE_40_MS : OpusFramesize.OPUS_FRAMESIZE_60_MS;
    }

    /**
     * Encodes {@link #frameSamples()} samples per channel, interleaved, from {@code pcm[offset..]}.
     *
     * @return the packet length written to {@code out[outOffset..]}; 1 or 2 bytes when DTX has nothing to say
     */
    public int encode(short[] pcm, int offset, byte[] out, int outOffset, int maxLength) throws CodecException {
        if (offset < 0 || pcm.length - offset < frameSamples * channels) {
            throw new IllegalArgumentException("a frame is " + frameSamples * channels + " samples");
        }
        try {
            return encoder.encode(pcm, offset, frameSamples, out, outOffset, maxLength);
        } catch (OpusException | RuntimeException | AssertionError e) {
            throw new CodecException("opus", "encoding failed: " + e.getMessage(), e);
        }
    }

    public int channels() {
        return channels;
    }

    /** Samples per channel in each frame {@link #encode} takes. */
    public int frameSamples() {
        return frameSamples;
    }

    /** Samples per channel the encoder delays its input by: the Ogg Opus pre-skip (RFC 7845 §4.2). */
    public int lookahead() {
        return encoder.getLookahead();
    }
}
