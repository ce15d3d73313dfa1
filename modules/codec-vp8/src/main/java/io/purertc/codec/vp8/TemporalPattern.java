package io.purertc.codec.vp8;

/**
 * The repeating reference structure of 1, 2 or 3 temporal layers. A frame of layer k predicts only from
 * buffers last written by layers at or below k, so a receiver (or an SFU) that drops every frame above some
 * layer still decodes the layers below: the base layer alone owns the last buffer, layer 1 owns golden, and
 * layer 2 refreshes nothing (its frames are never references). Bitrate and frame-rate shares are libwebrtc's
 * (60/40 for two layers, 40/20/40 for three).
 */
// libwebrtc default_temporal_layers.cc and libvpx examples/vpx_temporal_svc_encoder.c (2 layers: period 2;
// 3 layers: period 4 in the order TL0 TL2 TL1 TL2); RFC 7741 §4.2 for what TID and Y promise
final class TemporalPattern {

    static final int LAST = 1;
    static final int GOLDEN = 2;
    static final int ALTREF = 4;

    /** One position of the pattern: the frame's layer, the buffers it may predict from and the ones it writes. */
    record Entry(int layer, int referenceMask, boolean refreshLast, boolean refreshGolden) {
        /** Y: the frame predicts from the newest base-layer frame only. */
        boolean layerSync() {
            return layer > 0 && referenceMask == LAST;
        }
    }

    private static final Entry BASE = new Entry(0, LAST, true, false);

    private final Entry[] entries;
    private final double[] bitrateShares;
    private final double[] frameRateShares;

    private TemporalPattern(Entry[] entries, double[] bitrateShares, double[] frameRateShares) {
        this.entries = entries;
        this.bitrateShares = bitrateShares;
        this.frameRateShares = frameRateShares;
    }

    /** The pattern of {@code layers} (1, 2 or 3) temporal layers. */
    static TemporalPattern of(int layers) {
        switch (layers) {
            case 1:
                return new TemporalPattern(new Entry[] {BASE}, new double[] {1}, new double[] {1});
            case 2:
                return new TemporalPattern(new Entry[] {BASE, new Entry(1, LAST, false, false)},
                        new double[] {0.6, 0.4}, new double[] {0.5, 0.5});
            case 3:
                return new TemporalPattern(new Entry[] {
                    BASE,
                    new Entry(2, LAST, false, false),
                    new Entry(1, LAST, false, true),
                    new Entry(2, LAST | GOLDEN, false, false)},
                        new double[] {0.4, 0.2, 0.4}, new double[] {0.25, 0.25, 0.5});
            default:
                throw new IllegalArgumentException("1, 2 or 3 temporal layers: " + layers);
        }
    }

    int layers() {
        return bitrateShares.length;
    }

    int period() {
        return entries.length;
    }

    /** The entry of the {@code index}-th frame since the pattern (re)started at a key frame. */
    Entry at(long index) {
        return entries[(int) (index % entries.length)];
    }

    /** The share of the whole bitrate layer {@code layer}'s own frames may spend. */
    double bitrateShare(int layer) {
        return bitrateShares[layer];
    }

    /** The share of all frames that belong to layer {@code layer}. */
    double frameRateShare(int layer) {
        return frameRateShares[layer];
    }
}
