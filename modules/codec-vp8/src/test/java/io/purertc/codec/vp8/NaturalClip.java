package io.purertc.codec.vp8;

import java.util.Random;

import io.purertc.media.MediaTime;
import io.purertc.media.VideoFrame;

/**
 * A synthetic clip that stands for camera content where the encoder's quality matters: a textured landscape
 * whose detail falls off with frequency as in photographs (octaves of smoothed noise, each 0.65 of the amplitude
 * of the one below: a power-law spectrum like that of natural images, here on the detailed side, as foliage or
 * gravel), seen by a camera panning slowly at a sub-pixel speed (so motion search has to find fractional
 * vectors), with an object crossing it and independent noise on every frame (sigma 2.5 levels), as a sensor
 * adds: at 640x480 and 1 Mb/s it lands where webcam video does, near 40 dB, not at the 44 of a clean pan.
 * Gradients or text alone would be too easy (flat areas) or too hard (hard edges everywhere) for a quality target
 * meant for natural video.
 */
final class NaturalClip {

    private static final int OCTAVES = 6;
    private static final double OCTAVE_FALLOFF = 0.65;
    private static final double SENSOR_NOISE = 2.5;
    private static final double PAN_X = 1.35;
    private static final double PAN_Y = 0.45;

    private final int width;
    private final int height;
    private final int textureWidth;
    private final int textureHeight;
    private final float[] luma;
    private final float[] tint;
    private final Random noise;

    NaturalClip(int width, int height, int frames, long seed) {
        this.width = width;
        this.height = height;
        Random random = new Random(seed);
        textureWidth = width + (int) Math.ceil(PAN_X * frames) + 2;
        textureHeight = height + (int) Math.ceil(PAN_Y * frames) + 2;
        luma = fractal(random, 110, 128);
        tint = fractal(random, 50, 0);
        noise = new Random(seed + 1);
    }

    /** Octaves of bilinearly interpolated random lattices, the coarsest with {@code amplitude}. */
    private float[] fractal(Random random, double amplitude, double mean) {
        float[] texture = new float[textureWidth * textureHeight];
        java.util.Arrays.fill(texture, (float) mean);
        int cell = 128;
        for (int octave = 0; octave < OCTAVES; octave++, cell /= 2, amplitude *= OCTAVE_FALLOFF) {
            int cols = textureWidth / cell + 2;
            int rows = textureHeight / cell + 2;
            double[] lattice = new double[cols * rows];
            for (int i = 0; i < lattice.length; i++) {
                lattice[i] = (random.nextDouble() * 2 - 1) * amplitude;
            }
            for (int y = 0; y < textureHeight; y++) {
                int ly = y / cell;
                double fy = (double) (y % cell) / cell;
                for (int x = 0; x < textureWidth; x++) {
                    int lx = x / cell;
                    double fx = (double) (x % cell) / cell;
                    double top = lattice[ly * cols + lx] * (1 - fx) + lattice[ly * cols + lx + 1] * fx;
                    double bottom = lattice[(ly + 1) * cols + lx] * (1 - fx) + lattice[(ly + 1) * cols + lx + 1] * fx;
                    texture[y * textureWidth + x] += (float) (top * (1 - fy) + bottom * fy);
                }
            }
        }
        return texture;
    }

    /** Frame {@code index} (frames must be asked for in order: the sensor noise is drawn as they are made). */
    VideoFrame frame(int index) {
        double ox = PAN_X * index;
        double oy = PAN_Y * index;
        int cw = VideoFrame.chromaWidth(width);
        int ch = VideoFrame.chromaHeight(height);
        byte[] y = new byte[width * height];
        byte[] u = new byte[cw * ch];
        byte[] v = new byte[cw * ch];
        int ballX = (int) (width * (0.1 + 0.8 * ((index * 3) % 240) / 240.0));
        int ballY = height / 2 + (int) (height / 5 * Math.sin(index / 9.0));
        int radius = Math.max(3, height / 10);
        for (int row = 0; row < height; row++) {
            for (int col = 0; col < width; col++) {
                double value = sample(luma, col + ox, row + oy);
                int dx = col - ballX;
                int dy = row - ballY;
                if (dx * dx + dy * dy < radius * radius) {
                    value = 200 - 60.0 * (dx + dy) / radius / 2;
                }
                y[row * width + col] = clamp(value + noise.nextGaussian() * SENSOR_NOISE);
            }
        }
        for (int row = 0; row < ch; row++) {
            for (int col = 0; col < cw; col++) {
                double t = sample(tint, 2 * col + ox, 2 * row + oy);
                u[row * cw + col] = clamp(128 + t);
                v[row * cw + col] = clamp(128 - 0.6 * t + 10);
            }
        }
        return new VideoFrame(width, height, y, width, u, cw, v, cw, 0, MediaTime.UNKNOWN);
    }

    private double sample(float[] texture, double x, double y) {
        int ix = (int) x;
        int iy = (int) y;
        double fx = x - ix;
        double fy = y - iy;
        int at = iy * textureWidth + ix;
        double top = texture[at] * (1 - fx) + texture[at + 1] * fx;
        double bottom = texture[at + textureWidth] * (1 - fx) + texture[at + textureWidth + 1] * fx;
        return top * (1 - fy) + bottom * fy;
    }

    private static byte clamp(double value) {
        return (byte) Math.max(0, Math.min(255, (int) Math.round(value)));
    }
}
