package io.purertc.codec.vp8;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

import io.purertc.media.I420;
import io.purertc.media.VideoFrame;

/** A picture's planes tightly packed and their MD5, as {@code vpxdec --i420 --md5} computes it per frame. */
final class Md5 {

    private Md5() {
    }

    static byte[] i420(VideoFrame frame) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            I420.write(frame, out);
        } catch (IOException e) {
            throw new UncheckedIOException("a byte array stream does not fail", e);
        }
        return out.toByteArray();
    }

    static String of(VideoFrame frame) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("MD5").digest(i420(frame)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has MD5", e);
        }
    }
}
