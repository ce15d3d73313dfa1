package io.purertc.codec.vp8;

import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;

import io.purertc.media.CodecDescriptor;
import io.purertc.media.EncodedFrame;
import io.purertc.media.VideoEncoder;
import io.purertc.media.VideoFrame;

/**
 * A real-time VP8 encoder: constant-bitrate rate control that follows {@link #setTargetBitrate} from the next
 * frame on and drops pictures rather than overrun its buffer, key frames on request, on the maximum interval
 * and whenever the picture size changes, and optionally 2 or 3 temporal layers whose RFC 7741 fields
 * {@link #lastLayerInfo()} reports for the packetizer. Everything it writes decodes with any VP8 decoder.
 */
// RFC 6386 (the bitstream; §9.7-9.8 reference refreshes, §9.11 refresh_entropy_probs); RFC 7741 §4.2 (TID, Y,
// TL0PICIDX); rate control after libvpx's one-pass CBR real-time mode as libwebrtc configures it
public final class Vp8Encoder implements VideoEncoder {

    /**
     * How the encoder is set up. {@link #realTime(int)} gives libwebrtc's VP8 settings.
     *
     * @param framesPerSecond the picture rate to budget for until the RTP timestamps show the real one (default 30)
     * @param targetBitrate bits per second to aim at (settable later with {@link Vp8Encoder#setTargetBitrate})
     * @param minQuantizer lowest quantiser in libvpx's 0..63 scale, as vpxenc's --min-q (default 2)
     * @param maxQuantizer highest quantiser in the same scale, as vpxenc's --max-q (default 56)
     * @param keyFrameInterval a key frame at least every this many pictures (default 3000)
     * @param temporalLayers 1, 2 or 3 (default 1)
     * @param errorResilient no frame relies on probabilities or references a lost frame may have changed beyond
     *     what the layers need: refresh_entropy_probs 0, single-layer frames predict from the last frame only
     *     (default false)
     * @param speed 0 (slowest, best) .. 8 (fastest), like vpxenc's --cpu-used (default 8)
     */
    public record Settings(double framesPerSecond, int targetBitrate, int minQuantizer, int maxQuantizer,
                           int keyFrameInterval, int temporalLayers, boolean errorResilient, int speed) {

        public Settings {
            if (!(framesPerSecond > 0 && framesPerSecond <= 1000)) {
                throw new IllegalArgumentException("frame rate must be in (0, 1000]: " + framesPerSecond);
            }
            if (targetBitrate <= 0) {
                throw new IllegalArgumentException("target bitrate must be positive: " + targetBitrate);
            }
            if (minQuantizer < 0 || maxQuantizer > 63 || minQuantizer > maxQuantizer) {
                throw new IllegalArgumentException("quantizers are 0 <= min <= max <= 63: " + minQuantizer + ".."
                        + maxQuantizer);
            }
            if (keyFrameInterval < 1) {
                throw new IllegalArgumentException("key-frame interval must be positive: " + keyFrameInterval);
            }
            if (temporalLayers < 1 || temporalLayers > 3) {
                throw new IllegalArgumentException("1, 2 or 3 temporal layers: " + temporalLayers);
            }
            if (speed < 0 || speed > 8) {
                throw new IllegalArgumentException("speed is 0..8: " + speed);
            }
        }

        /** libwebrtc's real-time VP8 settings at the given bitrate: 30 fps, q 2..56, key frames every 3000. */
        public static Settings realTime(int targetBitrate) {
            return new Settings(30, targetBitrate, 2, 56, 3000, 1, false, 8);
        }

        public Settings withTemporalLayers(int layers) {
            return new Settings(framesPerSecond, targetBitrate, minQuantizer, maxQuantizer, keyFrameInterval,
                    layers, errorResilient, speed);
        }

        public Settings withKeyFrameInterval(int interval) {
            return new Settings(framesPerSecond, targetBitrate, minQuantizer, maxQuantizer, interval,
                    temporalLayers, errorResilient, speed);
        }

        public Settings withFramesPerSecond(double fps) {
            return new Settings(fps, targetBitrate, minQuantizer, maxQuantizer, keyFrameInterval, temporalLayers,
                    errorResilient, speed);
        }

        public Settings withErrorResilient(boolean resilient) {
            return new Settings(framesPerSecond, targetBitrate, minQuantizer, maxQuantizer, keyFrameInterval,
                    temporalLayers, resilient, speed);
        }
    }

    /**
     * The temporal-layer fields of one frame's payload descriptors.
     *
     * @param temporalLayer TID, 0..2
     * @param layerSync Y: the frame predicts only from the base-layer frame with {@code tl0PicIdx}
     * @param tl0PicIdx TL0PICIDX, 0..255: the running index of the newest base-layer frame
     */
    // RFC 7741 §4.2
    public record LayerInfo(int temporalLayer, boolean layerSync, int tl0PicIdx) {
    }

    private static final CodecDescriptor VP8 = CodecDescriptor.video("VP8", 90_000);
    private static final int CLOCK_RATE = 90_000;
    /** Weight of the newest picture interval in the measured frame rate: a few frames smooth capture jitter. */
    private static final double RATE_SMOOTHING = 0.1;
    private static final int NO_LOOP_FILTER_CHOICE = -1;

    // libvpx vp8_cx_iface.c q_trans: the 0..63 quantizer scale of the API onto the 0..127 q index
    private static final int[] Q_TRANS = {
        0, 1, 2, 3, 4, 5, 7, 8, 9, 10, 12, 13, 15, 17, 18, 19,
        20, 21, 23, 24, 25, 26, 27, 28, 29, 30, 31, 33, 35, 37, 39, 41,
        43, 45, 47, 49, 51, 53, 55, 57, 59, 61, 64, 67, 70, 73, 76, 79,
        82, 85, 88, 91, 94, 97, 100, 103, 106, 109, 112, 115, 118, 121, 124, 127,
    };

    private final Settings settings;
    private final FramePlanner planner;
    private final AtomicBoolean keyFrameRequested = new AtomicBoolean();
    private FrameEncoder frameEncoder;
    private byte[] output = new byte[0];
    private LayerInfo lastLayerInfo;
    private long lastTimestamp = -1;
    private double measuredFrameRate;
    private boolean closed;

    /** An encoder with libwebrtc's real-time settings at 1 Mb/s (see {@link Settings#realTime}). */
    public Vp8Encoder() {
        this(Settings.realTime(1_000_000));
    }

    public Vp8Encoder(Settings settings) {
        this.settings = settings;
        measuredFrameRate = settings.framesPerSecond();
        planner = new FramePlanner(settings.framesPerSecond(), settings.targetBitrate(),
                qIndex(settings.minQuantizer()), qIndex(settings.maxQuantizer()), settings.keyFrameInterval(),
                settings.temporalLayers(), settings.errorResilient());
    }

    /** The q index (0..127) libvpx uses for a quantizer of its 0..63 API scale. */
    static int qIndex(int quantizer) {
        return Q_TRANS[quantizer];
    }

    @Override
    public CodecDescriptor descriptor() {
        return VP8;
    }

    public Settings settings() {
        return settings;
    }

    @Override
    public void setTargetBitrate(int bitsPerSecond) {
        planner.setTargetBitrate(bitsPerSecond);
    }

    @Override
    public void requestKeyFrame() {
        keyFrameRequested.set(true);
    }

    @Override
    public List<EncodedFrame> encode(VideoFrame frame, long rtpTimestamp) {
        if (closed) {
            throw new IllegalStateException("encoder closed");
        }
        if (frameEncoder == null || frameEncoder.width() != frame.width()
                || frameEncoder.height() != frame.height()) {
            frameEncoder = new FrameEncoder(frame.width(), frame.height());
            output = new byte[frame.width() * frame.height() * 3 / 2 + 1024];
        }
        followFrameRate(rtpTimestamp);
        boolean keyRequested = keyFrameRequested.getAndSet(false);
        FramePlanner.FramePlan plan = planner.next(frame.width(), frame.height(), keyRequested);
        if (plan == null) {
            return List.of();
        }
        FrameParameters parameters = new FrameParameters(plan.keyFrame(), plan.qIndex(), NO_LOOP_FILTER_CHOICE, 0,
                plan.refreshLast(), plan.refreshGolden(), plan.refreshAltRef(), plan.referenceMask(),
                plan.refreshEntropy(), settings.speed());
        int length = encodeGrowingOutput(frame, parameters);
        planner.encoded(plan, length, frameEncoder.lastStatistics().intraShare());
        lastLayerInfo = settings.temporalLayers() == 1 ? null
                : new LayerInfo(plan.temporalLayer(), plan.layerSync(), plan.tl0PicIdx());
        return List.of(new EncodedFrame("VP8", Arrays.copyOf(output, length), rtpTimestamp, plan.keyFrame()));
    }

    /**
     * Encodes into {@link #output}, doubling it when a frame does not fit: the first size holds any frame of real
     * content, but noise at the lowest quantizers can need more. The frame encoder leaves its state as it was
     * when a frame does not fit, so the frame is simply encoded again. No VP8 frame needs more than 8 bytes per
     * pixel (384 coefficients per 256 pixels, each token with its extra bits under 24 bits, plus modes).
     */
    private int encodeGrowingOutput(VideoFrame frame, FrameParameters parameters) {
        int largest = 8 * frame.width() * frame.height() + 65_536;
        while (true) {
            try {
                return frameEncoder.encode(frame, parameters, output);
            } catch (IllegalArgumentException tooSmall) {
                if (output.length >= largest) {
                    throw new IllegalStateException("a VP8 frame larger than " + largest + " bytes", tooSmall);
                }
                output = new byte[(int) Math.min(largest, 2L * output.length)];
            }
        }
    }

    /**
     * Budgets for the rate pictures really come at, so that a camera delivering fewer frames than the hint still
     * gets the whole bitrate: the smoothed interval of the RTP timestamps, ignoring gaps over a second (a paused
     * source) and timestamps that do not advance.
     */
    private void followFrameRate(long rtpTimestamp) {
        long interval = (rtpTimestamp - lastTimestamp) & 0xFFFF_FFFFL;
        if (lastTimestamp >= 0 && interval > 0 && interval <= CLOCK_RATE) {
            double rate = Math.min(1000, (double) CLOCK_RATE / interval);
            measuredFrameRate += (rate - measuredFrameRate) * RATE_SMOOTHING;
            planner.setFrameRate(measuredFrameRate);
        }
        lastTimestamp = rtpTimestamp;
    }

    /**
     * The temporal-layer fields of the frame the last {@link #encode} returned, for
     * {@link Vp8Packetizer#packetize(EncodedFrame, LayerInfo, int)}; null with a single layer.
     */
    public LayerInfo lastLayerInfo() {
        return lastLayerInfo;
    }

    /** What a decoder shows for the frame just encoded. */
    FrameBuffer reconstruction() {
        return frameEncoder.reconstruction();
    }

    @Override
    public void close() {
        closed = true;
        frameEncoder = null;
    }
}
