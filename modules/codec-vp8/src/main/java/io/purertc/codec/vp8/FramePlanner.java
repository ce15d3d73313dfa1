package io.purertc.codec.vp8;

/**
 * Decides, picture by picture, what the next frame is to be: dropped, a key frame (first picture, size change,
 * request, maximum interval), which temporal layer, which references it may use and refresh, and its
 * quantiser. Each temporal layer has its own rate controller with its share of the bitrate and frame rate, as
 * libvpx keeps one rate-control context per layer.
 */
// libvpx onyx_if.c (one-pass CBR real-time: key frames on kf_max_dist or a forced flag, golden refreshed without
// a boost every gf_interval_onepass_cbr frames, per-layer LAYER_CONTEXT); RFC 6386 §9.7-9.8 for the refresh flags
final class FramePlanner {

    /**
     * Frames between golden refreshes of a single-layer stream. libvpx takes twice its cyclic-refresh period,
     * clamped to 6..40; without cyclic refresh, one second at 30 fps keeps a long-term reference that old.
     */
    static final int GOLDEN_INTERVAL = 30;
    /** A frame whose macroblocks are mostly intra coded shows a new scene: golden should hold it, not the old. */
    static final double SCENE_CUT_INTRA_SHARE = 0.5;

    /** What one frame is to be; layer fields are what RFC 7741 §4.2 puts in TID, Y and TL0PICIDX. */
    record FramePlan(boolean keyFrame, int qIndex, boolean refreshLast, boolean refreshGolden,
                     boolean refreshAltRef, int referenceMask, boolean refreshEntropy,
                     int temporalLayer, boolean layerSync, int tl0PicIdx) {
    }

    private final TemporalPattern pattern;
    private final RateController[] controllers;
    private final int keyFrameInterval;
    private final boolean errorResilient;
    private int width;
    private int height;
    private long patternIndex;
    private long framesSinceKey;
    private int framesSinceGolden;
    private boolean goldenDue;
    private int tl0PicIdx = -1;

    /**
     * @param framesPerSecond expected picture rate
     * @param bitsPerSecond target bitrate of all layers together
     * @param minQ lowest quantiser index, 0..127
     * @param maxQ highest quantiser index, minQ..127
     * @param keyFrameInterval a key frame at least every this many pictures
     * @param temporalLayers 1, 2 or 3
     * @param errorResilient single-layer frames predict from the last frame only
     */
    FramePlanner(double framesPerSecond, int bitsPerSecond, int minQ, int maxQ, int keyFrameInterval,
                 int temporalLayers, boolean errorResilient) {
        this.pattern = TemporalPattern.of(temporalLayers);
        this.keyFrameInterval = keyFrameInterval;
        this.errorResilient = errorResilient;
        controllers = new RateController[temporalLayers];
        for (int layer = 0; layer < temporalLayers; layer++) {
            controllers[layer] = new RateController(1, framesPerSecond * pattern.frameRateShare(layer),
                    layerBitrate(bitsPerSecond, layer), minQ, maxQ);
        }
    }

    private int layerBitrate(int bitsPerSecond, int layer) {
        return Math.max(1, (int) Math.round(bitsPerSecond * pattern.bitrateShare(layer)));
    }

    void setTargetBitrate(int bitsPerSecond) {
        if (bitsPerSecond <= 0) {
            throw new IllegalArgumentException("target bitrate must be positive: " + bitsPerSecond);
        }
        for (int layer = 0; layer < controllers.length; layer++) {
            controllers[layer].setTargetBitrate(layerBitrate(bitsPerSecond, layer));
        }
    }

    /** The rate pictures arrive at, which sets each frame's share of the bitrate. */
    void setFrameRate(double framesPerSecond) {
        for (int layer = 0; layer < controllers.length; layer++) {
            controllers[layer].setFrameRate(framesPerSecond * pattern.frameRateShare(layer));
        }
    }

    RateController controller(int layer) {
        return controllers[layer];
    }

    /**
     * The plan for the next picture, or null when rate control drops it.
     *
     * @param keyRequested a key frame was asked for (PLI/FIR)
     */
    FramePlan next(int pictureWidth, int pictureHeight, boolean keyRequested) {
        boolean sizeChanged = pictureWidth != width || pictureHeight != height;
        if (sizeChanged) {
            width = pictureWidth;
            height = pictureHeight;
            int macroblocks = ((width + 15) / 16) * ((height + 15) / 16);
            for (RateController rc : controllers) {
                rc.setMacroblocks(macroblocks);
            }
        }
        boolean key = sizeChanged || keyRequested || framesSinceKey >= keyFrameInterval;
        if (key) {
            patternIndex = 0;
            framesSinceKey = 0;
        }
        TemporalPattern.Entry entry = pattern.at(patternIndex);
        RateController rc = controllers[entry.layer()];
        patternIndex++;
        framesSinceKey++;
        if (!key && rc.shouldDrop()) {
            rc.frameDropped();
            return null;
        }
        if (entry.layer() == 0) {
            tl0PicIdx = (tl0PicIdx + 1) & 0xFF;
        }
        int q = rc.chooseQ(key, rc.frameTarget(key));
        if (key) {
            framesSinceGolden = 0;
            goldenDue = false;
            return new FramePlan(true, q, true, true, true, 0, !errorResilient, 0, false, tl0PicIdx);
        }
        boolean refreshGolden = entry.refreshGolden();
        int references = entry.referenceMask();
        if (pattern.layers() == 1 && !errorResilient) {
            references |= TemporalPattern.GOLDEN;
            refreshGolden = goldenDue || ++framesSinceGolden >= GOLDEN_INTERVAL;
            if (refreshGolden) {
                framesSinceGolden = 0;
                goldenDue = false;
            }
        }
        // Probabilities an upper-layer frame saved would be missing where that layer is dropped: only the base
        // layer, which every receiver decodes, may keep them (RFC 6386 §9.11 refresh_entropy_probs).
        boolean refreshEntropy = !errorResilient && entry.layer() == 0;
        return new FramePlan(false, q, entry.refreshLast(), refreshGolden, false, references, refreshEntropy,
                entry.layer(), entry.layerSync(), tl0PicIdx);
    }

    /**
     * Learns from the frame just encoded.
     *
     * @param intraShare the share of its macroblocks coded intra, 0..1
     */
    void encoded(FramePlan plan, int bytes, double intraShare) {
        controllers[plan.temporalLayer()].frameEncoded(plan.keyFrame(), plan.qIndex(), 8L * bytes);
        if (!plan.keyFrame() && !plan.refreshGolden() && intraShare > SCENE_CUT_INTRA_SHARE) {
            goldenDue = true;
        }
    }
}
