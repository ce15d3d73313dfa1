package io.purertc.media;

import java.awt.image.BufferedImage;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;

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
     * Writes the picture as raw I420, the layout of {@code .yuv} files and of {@code vpxdec --i420}: the Y plane,
     * then U, then V, each row by row without padding (chroma {@code ceil(w/2) x ceil(h/2)}).
     */
    public static void write(VideoFrame frame, OutputStream out) throws IOException {
        int chromaWidth = VideoFrame.chromaWidth(frame.width());
        int chromaHeight = VideoFrame.chromaHeight(frame.height());
        writePlane(frame.y(), frame.strideY(), frame.width(), frame.height(), out);
        writePlane(frame.u(), frame.strideU(), chromaWidth, chromaHeight, out);
        writePlane(frame.v(), frame.strideV(), chromaWidth, chromaHeight, out);
    }

    private static void writePlane(byte[] plane, int stride, int width, int height, OutputStream out)
            throws IOException {
        for (int row = 0; row < height; row++) {
            out.write(plane, row * stride, width);
        }
    }

    /**
     * Reads one raw I420 picture as {@link #write} lays it out.
     *
     * @return the picture, tightly packed, or null when the stream ends before its first byte
     * @throws EOFException if the stream ends inside the picture
     */
    public static VideoFrame read(InputStream in, int width, int height) throws IOException {
        int chromaWidth = VideoFrame.chromaWidth(width);
        int chromaHeight = VideoFrame.chromaHeight(height);
        byte[] y = in.readNBytes(width * height);
        if (y.length == 0) {
            return null;
        }
        byte[] u = in.readNBytes(chromaWidth * chromaHeight);
        byte[] v = in.readNBytes(chromaWidth * chromaHeight);
        if (y.length != width * height || v.length != chromaWidth * chromaHeight) {
            throw new EOFException("an I420 picture of " + width + "x" + height + " is cut short");
        }
        return new VideoFrame(width, height, y, width, u, chromaWidth, v, chromaWidth, 0, MediaTime.UNKNOWN);
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
     * The picture resized to {@code width x height}, each plane separately and each axis on its
     * own: an axis that shrinks averages the source pixels each target pixel covers (area
     * averaging, so fine detail turns grey instead of aliasing); an axis that grows or stays
     * interpolates linearly between pixel centres, so the picture does not shift. Rotation and
     * capture time carry over.
     */
    public static VideoFrame scale(VideoFrame frame, int width, int height) {
        if (width <= 0 || height <= 0) {
            throw new IllegalArgumentException("bad dimensions " + width + "x" + height);
        }
        int chromaWidth = VideoFrame.chromaWidth(width);
        int chromaHeight = VideoFrame.chromaHeight(height);
        int sourceChromaWidth = VideoFrame.chromaWidth(frame.width());
        int sourceChromaHeight = VideoFrame.chromaHeight(frame.height());
        byte[] y = scalePlane(frame.y(), frame.strideY(), new Taps(frame.width(), width),
                new Taps(frame.height(), height));
        Taps chromaX = new Taps(sourceChromaWidth, chromaWidth);
        Taps chromaY = new Taps(sourceChromaHeight, chromaHeight);
        byte[] u = scalePlane(frame.u(), frame.strideU(), chromaX, chromaY);
        byte[] v = scalePlane(frame.v(), frame.strideV(), chromaX, chromaY);
        return new VideoFrame(width, height, y, width, u, chromaWidth, v, chromaWidth, frame.rotation(),
                frame.captureTimeMicros());
    }

    /** Rows across, then columns down; the intermediate keeps 8 fractional bits. */
    private static byte[] scalePlane(byte[] source, int stride, Taps across, Taps down) {
        int sourceHeight = down.sourceLength;
        int width = across.targetLength;
        int height = down.targetLength;
        int[] rows = new int[sourceHeight * width];
        for (int row = 0; row < sourceHeight; row++) {
            for (int col = 0; col < width; col++) {
                long sum = 0;
                for (int t = across.first[col]; t < across.first[col + 1]; t++) {
                    sum += (long) (source[row * stride + across.index[t]] & 0xFF) * across.weight[t];
                }
                rows[row * width + col] = (int) ((sum + (1 << 7)) >> 8);
            }
        }
        byte[] target = new byte[width * height];
        for (int row = 0; row < height; row++) {
            for (int col = 0; col < width; col++) {
                long sum = 0;
                for (int t = down.first[row]; t < down.first[row + 1]; t++) {
                    sum += (long) rows[down.index[t] * width + col] * down.weight[t];
                }
                target[row * width + col] = (byte) ((sum + (1L << 23)) >> 24);
            }
        }
        return target;
    }

    /**
     * For each target pixel along one axis, the source pixels it draws on and their weights in
     * units of 2^-16, summing to exactly 2^16 so that flat areas stay flat.
     */
    private static final class Taps {
        final int sourceLength;
        final int targetLength;
        /** Target pixel i uses entries {@code first[i] .. first[i+1]} of index and weight. */
        final int[] first;
        final int[] index;
        final int[] weight;

        Taps(int sourceLength, int targetLength) {
            this.sourceLength = sourceLength;
            this.targetLength = targetLength;
            double ratio = (double) sourceLength / targetLength;
            int perTarget = targetLength < sourceLength ? (int) Math.ceil(ratio) + 2 : 2;
            first = new int[targetLength + 1];
            index = new int[targetLength * perTarget];
            weight = new int[targetLength * perTarget];
            int n = 0;
            for (int i = 0; i < targetLength; i++) {
                first[i] = n;
                if (targetLength < sourceLength) {
                    double from = i * ratio;
                    double to = (i + 1) * ratio;
                    for (int j = (int) from; j < Math.min(Math.ceil(to), sourceLength); j++) {
                        double overlap = Math.min(to, j + 1) - Math.max(from, j);
                        n = add(n, j, overlap / ratio);
                    }
                } else {
                    double centre = Math.max(0, Math.min(sourceLength - 1, (i + 0.5) * ratio - 0.5));
                    int j = (int) centre;
                    double fraction = centre - j;
                    n = add(n, j, 1 - fraction);
                    if (fraction > 0) {
                        n = add(n, j + 1, fraction);
                    }
                }
                int total = 0;
                for (int t = first[i]; t < n; t++) {
                    total += weight[t];
                }
                // Rounding error goes to the heaviest tap.
                int heaviest = first[i];
                for (int t = first[i]; t < n; t++) {
                    if (weight[t] > weight[heaviest]) {
                        heaviest = t;
                    }
                }
                weight[heaviest] += 65_536 - total;
            }
            first[targetLength] = n;
        }

        private int add(int n, int sourceIndex, double share) {
            index[n] = sourceIndex;
            weight[n] = (int) Math.round(share * 65_536);
            return n + 1;
        }
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
