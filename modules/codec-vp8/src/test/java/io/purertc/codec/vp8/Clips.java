package io.purertc.codec.vp8;

import java.awt.Color;
import java.awt.Font;
import java.awt.GradientPaint;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import io.purertc.media.I420;
import io.purertc.media.VideoFrame;

/** Raw I420 clips for vpxenc: content that exercises intra and inter prediction, drawn with java.awt. */
final class Clips {

    enum Content {
        /** Diagonal colour gradients sliding each frame, with a little noise. */
        GRADIENTS,
        /** Uniform noise: large residuals, many non-zero tokens. */
        NOISE,
        /** Lines of text scrolling up over a gradient. */
        TEXT,
        /** Gradients, then text from the middle on: a scene cut that makes the encoder insert a key frame. */
        SCENE_CUT,
        /** A still textured background with a moving box: what alt-ref frames are made for. */
        STILL_WITH_MOVING_BOX,
        /** A smooth textured scene panned fast and diagonally: long motion vectors, many pointing past the edges. */
        PAN
    }

    private Clips() {
    }

    static List<VideoFrame> make(Content content, int width, int height, int frames, long seed) {
        Random random = new Random(seed);
        BufferedImage background = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                background.setRGB(x, y, random.nextInt(1 << 24));
            }
        }
        List<VideoFrame> clip = new ArrayList<>();
        for (int i = 0; i < frames; i++) {
            BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
            Graphics2D g = image.createGraphics();
            g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
            switch (content) {
                case GRADIENTS:
                    gradients(g, width, height, i);
                    sprinkle(image, random, 0.05);
                    break;
                case NOISE:
                    sprinkle(image, random, 1.0);
                    break;
                case TEXT:
                    text(g, width, height, i);
                    break;
                case SCENE_CUT:
                    if (i < frames / 2) {
                        gradients(g, width, height, i);
                    } else {
                        text(g, width, height, i);
                    }
                    break;
                case PAN:
                    pan(g, width, height, i);
                    break;
                default:
                    g.drawImage(background, 0, 0, null);
                    g.setColor(Color.ORANGE);
                    g.fillRect(i * 3 % width, height / 3, Math.max(2, width / 8), Math.max(2, height / 4));
                    break;
            }
            g.dispose();
            clip.add(I420.fromBufferedImage(image, i));
        }
        return clip;
    }

    private static void gradients(Graphics2D g, int width, int height, int frame) {
        g.setPaint(new GradientPaint(frame * 2f, 0, new Color(20, 60, 200), width + frame * 2f, height,
                new Color(240, 200, 40), true));
        g.fillRect(0, 0, width, height);
        g.setPaint(new GradientPaint(0, height - frame, new Color(0, 255, 0, 120), width / 2f, frame,
                new Color(255, 0, 128, 120), true));
        g.fillOval(width / 4 + frame, height / 4, width / 2, height / 2);
    }

    private static void pan(Graphics2D g, int width, int height, int frame) {
        g.translate(-11 * frame, -5 * frame);
        for (int y = 0; y < height + 5 * frame + 32; y += 16) {
            for (int x = 0; x < width + 11 * frame + 32; x += 16) {
                g.setColor(new Color((x * 3 + y) % 256, (x + y * 5) % 256, (x * y) % 256));
                g.fillOval(x, y, 14 + (x + y) % 9, 12 + (x * y) % 7);
            }
        }
        g.translate(11 * frame, 5 * frame);
    }

    private static void text(Graphics2D g, int width, int height, int frame) {
        g.setPaint(new GradientPaint(0, 0, Color.WHITE, width, height, new Color(180, 180, 220)));
        g.fillRect(0, 0, width, height);
        g.setColor(Color.BLACK);
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
        for (int line = 0; line < height / 14 + 2; line++) {
            g.drawString("PureRTC VP8 line " + (line + frame / 14) + " the quick brown fox", 2,
                    14 * line + 12 - frame % 14);
        }
    }

    private static void sprinkle(BufferedImage image, Random random, double share) {
        for (int y = 0; y < image.getHeight(); y++) {
            for (int x = 0; x < image.getWidth(); x++) {
                if (random.nextDouble() < share) {
                    image.setRGB(x, y, random.nextInt(1 << 24));
                }
            }
        }
    }

    /** The clip as vpxenc's raw I420 input: each frame's planes tightly packed, Y then U then V. */
    static void writeI420(List<VideoFrame> clip, Path file) throws IOException {
        try (OutputStream out = Files.newOutputStream(file)) {
            for (VideoFrame frame : clip) {
                out.write(Md5.i420(frame));
            }
        }
    }
}
