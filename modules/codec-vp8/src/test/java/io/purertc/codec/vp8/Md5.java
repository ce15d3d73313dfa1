package io.purertc.codec.vp8;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

import io.purertc.media.VideoFrame;

/** A picture's planes tightly packed and their MD5, as {@code vpxdec --i420 --md5} computes it per frame. */
final class Md5 {

    private Md5() {
    }

    static byte[] i420(VideoFrame frame) {
        int w = frame.width();
        int h = frame.height();
        int cw = VideoFrame.chromaWidth(w);
        int ch = VideoFrame.chromaHeight(h);
        byte[] out = new byte[w * h + 2 * cw * ch];
        int at = copy(frame.y(), frame.strideY(), w, h, out, 0);
        at = copy(frame.u(), frame.strideU(), cw, ch, out, at);
        copy(frame.v(), frame.strideV(), cw, ch, out, at);
        return out;
    }

    private static int copy(byte[] plane, int stride, int w, int h, byte[] out, int at) {
        for (int row = 0; row < h; row++) {
            System.arraycopy(plane, row * stride, out, at, w);
            at += w;
        }
        return at;
    }

    static String of(VideoFrame frame) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("MD5").digest(i420(frame)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has MD5", e);
        }
    }
}
