package io.purertc.media;

/**
 * A decoded picture in I420 (planar YUV 4:2:0, BT.601): a full-resolution luma plane and two
 * chroma planes of {@code ceil(width/2) x ceil(height/2)}, each with its own stride.
 *
 * <p>The planes are not copied; a frame handed on must not be written to afterwards.
 *
 * @param rotation clockwise rotation in degrees the picture should be shown with (0, 90, 180, 270)
 * @param captureTimeMicros sender's capture time in microseconds since the Unix epoch, or
 *     {@link MediaTime#UNKNOWN}
 */
public record VideoFrame(
        int width,
        int height,
        byte[] y,
        int strideY,
        byte[] u,
        int strideU,
        byte[] v,
        int strideV,
        int rotation,
        long captureTimeMicros) {

    public VideoFrame {
        if (width <= 0 || height <= 0 || width > 16384 || height > 16384) {
            throw new IllegalArgumentException("bad dimensions " + width + "x" + height);
        }
        if (rotation != 0 && rotation != 90 && rotation != 180 && rotation != 270) {
            throw new IllegalArgumentException("rotation must be 0, 90, 180 or 270: " + rotation);
        }
        int chromaWidth = chromaWidth(width);
        int chromaHeight = chromaHeight(height);
        checkPlane("y", y, strideY, width, height);
        checkPlane("u", u, strideU, chromaWidth, chromaHeight);
        checkPlane("v", v, strideV, chromaWidth, chromaHeight);
    }

    /** A tightly packed black frame (Y=16, U=V=128, studio range). */
    public static VideoFrame black(int width, int height) {
        byte[] y = new byte[width * height];
        byte[] u = new byte[chromaWidth(width) * chromaHeight(height)];
        byte[] v = new byte[u.length];
        java.util.Arrays.fill(y, (byte) 16);
        java.util.Arrays.fill(u, (byte) 128);
        java.util.Arrays.fill(v, (byte) 128);
        return new VideoFrame(width, height, y, width, u, chromaWidth(width), v, chromaWidth(width),
                0, MediaTime.UNKNOWN);
    }

    public static int chromaWidth(int width) {
        return (width + 1) / 2;
    }

    public static int chromaHeight(int height) {
        return (height + 1) / 2;
    }

    public boolean hasCaptureTime() {
        return captureTimeMicros != MediaTime.UNKNOWN;
    }

    private static void checkPlane(String name, byte[] plane, int stride, int w, int h) {
        if (plane == null) {
            throw new IllegalArgumentException(name + " plane must not be null");
        }
        if (stride < w) {
            throw new IllegalArgumentException(name + " stride " + stride + " < width " + w);
        }
        if ((long) stride * (h - 1) + w > plane.length) {
            throw new IllegalArgumentException(name + " plane of " + plane.length
                    + " bytes too small for " + w + "x" + h + " at stride " + stride);
        }
    }

    @Override
    public boolean equals(Object o) {
        return this == o;
    }

    @Override
    public int hashCode() {
        return System.identityHashCode(this);
    }

    @Override
    public String toString() {
        return "VideoFrame[" + width + "x" + height + ", rotation=" + rotation + ", capture="
                + captureTimeMicros + "]";
    }
}
