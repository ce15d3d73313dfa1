package io.purertc.media;

import java.awt.image.BufferedImage;

/**
 * Conversions between I420 {@link VideoFrame}s, packed RGB and {@link BufferedImage}, and
 * scaling. Colours follow ITU-R BT.601 in studio range (Y 16..235, Cb/Cr 16..240), the matrix
 * WebRTC's software codecs assume (ITU-R BT.601-7 §2.5), computed with 16-bit fixed-point
 * coefficients so that the primaries land on the values the standard rounds to.
 */
public final class I420 {

    private static final int HALF = 1 << 15;

    private I420() {
    }

    /**
     * The picture as packed {@code 0xRRGGBB} pixels, row by row, {@code width * height} of them.
     * Each pixel takes the chroma of its 2x2 block.
     */
    public static int[] toRgb(VideoFrame frame) {
        int width = frame.width();
        int height = frame.height();
        int[] rgb = new int[width * height];
        byte[] yPlane = frame.y();
        byte[] uPlane = frame.u();
        byte[] vPlane = frame.v();
        for (int row = 0; row < height; row++) {
            int yAt = row * frame.strideY();
            int uAt = (row / 2) * frame.strideU();
            int vAt = (row / 2) * frame.strideV();
            for (int col = 0; col < width; col++) {
                int c = 76_309 * ((yPlane[yAt + col] & 0xFF) - 16) + HALF;
                int d = (uPlane[uAt + col / 2] & 0xFF) - 128;
                int e = (vPlane[vAt + col / 2] & 0xFF) - 128;
                int r = clip((c + 104_597 * e) >> 16);
                int g = clip((c - 25_675 * d - 53_279 * e) >> 16);
                int b = clip((c + 132_201 * d) >> 16);
                rgb[row * width + col] = (r << 16) | (g << 8) | b;
            }
        }
        return rgb;
    }

    /**
     * A tightly packed frame from {@code 0xRRGGBB} pixels (the top byte is ignored), row by row.
     * Chroma is the average over each 2x2 block.
     */
    public static VideoFrame fromRgb(int[] rgb, int width, int height, long captureTimeMicros) {
        if ((long) width * height > rgb.length) {
            throw new IllegalArgumentException(rgb.length + " pixels are fewer than " + width + "x" + height);
        }
        int chromaWidth = VideoFrame.chromaWidth(width);
        int chromaHeight = VideoFrame.chromaHeight(height);
        byte[] y = new byte[width * height];
        byte[] u = new byte[chromaWidth * chromaHeight];
        byte[] v = new byte[u.length];
        for (int i = 0; i < y.length; i++) {
            int p = rgb[i];
            y[i] = (byte) (((16_829 * red(p) + 33_039 * green(p) + 6_416 * blue(p) + HALF) >> 16) + 16);
        }
        for (int cy = 0; cy < chromaHeight; cy++) {
            for (int cx = 0; cx < chromaWidth; cx++) {
                int sumU = 0;
                int sumV = 0;
                int count = 0;
                for (int row = 2 * cy; row < Math.min(2 * cy + 2, height); row++) {
                    for (int col = 2 * cx; col < Math.min(2 * cx + 2, width); col++) {
                        int p = rgb[row * width + col];
                        sumU += -9_714 * red(p) - 19_070 * green(p) + 28_784 * blue(p);
                        sumV += 28_784 * red(p) - 24_103 * green(p) - 4_681 * blue(p);
                        count++;
                    }
                }
                u[cy * chromaWidth + cx] = (byte) (128 + Math.floorDiv(sumU + count * HALF, count << 16));
                v[cy * chromaWidth + cx] = (byte) (128 + Math.floorDiv(sumV + count * HALF, count << 16));
            }
        }
        return new VideoFrame(width, height, y, width, u, chromaWidth, v, chromaWidth, 0, captureTimeMicros);
    }

    /** The picture as a {@link BufferedImage#TYPE_INT_RGB} image; rotation is not applied. */
    public static BufferedImage toBufferedImage(VideoFrame frame) {
        BufferedImage image = new BufferedImage(frame.width(), frame.height(), BufferedImage.TYPE_INT_RGB);
        image.setRGB(0, 0, frame.width(), frame.height(), toRgb(frame), 0, frame.width());
        return image;
    }

    /** A frame from an image of any type, its alpha ignored. */
    public static VideoFrame fromBufferedImage(BufferedImage image, long captureTimeMicros) {
        int width = image.getWidth();
        int height = image.getHeight();
        return fromRgb(image.getRGB(0, 0, width, height, null, 0, width), width, height, captureTimeMicros);
    }

    /**
     * The picture resized to {@code width x height} by bilinear interpolation of each plane,
     * sampling at pixel centres so that the picture neither shifts nor loses its edges. Rotation
     * and capture time carry over.
     */
    public static VideoFrame scale(VideoFrame frame, int width, int height) {
        int chromaWidth = VideoFrame.chromaWidth(width);
        int chromaHeight = VideoFrame.chromaHeight(height);
        byte[] y = scalePlane(frame.y(), frame.strideY(), frame.width(), frame.height(), width, height);
        byte[] u = scalePlane(frame.u(), frame.strideU(), VideoFrame.chromaWidth(frame.width()),
                VideoFrame.chromaHeight(frame.height()), chromaWidth, chromaHeight);
        byte[] v = scalePlane(frame.v(), frame.strideV(), VideoFrame.chromaWidth(frame.width()),
                VideoFrame.chromaHeight(frame.height()), chromaWidth, chromaHeight);
        return new VideoFrame(width, height, y, width, u, chromaWidth, v, chromaWidth, frame.rotation(),
                frame.captureTimeMicros());
    }

    private static byte[] scalePlane(byte[] source, int stride, int sourceWidth, int sourceHeight, int width,
            int height) {
        if (width <= 0 || height <= 0) {
            throw new IllegalArgumentException("bad dimensions " + width + "x" + height);
        }
        byte[] target = new byte[width * height];
        // Positions in 16.16 fixed point: target centre (i + 0.5) maps to source (i + 0.5) * ratio - 0.5.
        long stepX = ((long) sourceWidth << 16) / width;
        long stepY = ((long) sourceHeight << 16) / height;
        for (int row = 0; row < height; row++) {
            long sy = Math.max(0, Math.min(((long) sourceHeight - 1) << 16, row * stepY + stepY / 2 - (1 << 15)));
            int y0 = (int) (sy >> 16);
            int y1 = Math.min(y0 + 1, sourceHeight - 1);
            int fy = (int) (sy & 0xFFFF);
            for (int col = 0; col < width; col++) {
                long sx = Math.max(0, Math.min(((long) sourceWidth - 1) << 16, col * stepX + stepX / 2 - (1 << 15)));
                int x0 = (int) (sx >> 16);
                int x1 = Math.min(x0 + 1, sourceWidth - 1);
                int fx = (int) (sx & 0xFFFF);
                long top = (source[y0 * stride + x0] & 0xFF) * (65536L - fx) + (source[y0 * stride + x1] & 0xFF) * (long) fx;
                long bottom = (source[y1 * stride + x0] & 0xFF) * (65536L - fx) + (source[y1 * stride + x1] & 0xFF) * (long) fx;
                target[row * width + col] = (byte) ((top * (65536L - fy) + bottom * fy + (1L << 31)) >> 32);
            }
        }
        return target;
    }

    private static int red(int rgb) {
        return (rgb >> 16) & 0xFF;
    }

    private static int green(int rgb) {
        return (rgb >> 8) & 0xFF;
    }

    private static int blue(int rgb) {
        return rgb & 0xFF;
    }

    private static int clip(int value) {
        return Math.max(0, Math.min(255, value));
    }
}
