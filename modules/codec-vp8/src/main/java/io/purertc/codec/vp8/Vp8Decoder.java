package io.purertc.codec.vp8;

import io.purertc.media.CodecDescriptor;
import io.purertc.media.CodecException;
import io.purertc.media.EncodedFrame;
import io.purertc.media.MediaTime;
import io.purertc.media.VideoDecoder;
import io.purertc.media.VideoFrame;
import java.util.Objects;
import java.util.Optional;

/**
 * A VP8 decoder (RFC 6386) in pure Java whose pictures are byte-identical to libvpx's ({@code vpxdec --i420}).
 *
 * <p>Any input yields a picture, nothing (a frame with {@code show_frame} = 0, which still updates the
 * references), or a {@link CodecException} naming the rule broken. After an exception the references cannot
 * be trusted, so inter frames are refused until a key frame decodes; {@link #needsKeyFrame()} says when to ask
 * the sender for one. A partition that ends before its macroblocks do is such an error: libvpx would go on with
 * zero bits and flag the frame as corrupt, this decoder refuses it. Frames up to 4096x4096 are accepted.
 *
 * <p>Threads: one thread at a time. Buffers are allocated when the frame size changes, not per frame;
 * each returned picture is a fresh copy.
 */
public final class Vp8Decoder implements VideoDecoder {

    private static final CodecDescriptor DESCRIPTOR = CodecDescriptor.video("VP8", 90000);

    private final FrameDecoder decoder = new FrameDecoder();
    private long framesDecoded;
    private long framesCorrupt;
    private boolean closed;

    @Override
    public CodecDescriptor descriptor() {
        return DESCRIPTOR;
    }

    @Override
    public Optional<VideoFrame> decode(EncodedFrame frame) throws CodecException {
        byte[] payload = frame.payload();
        return decode(payload, 0, payload.length);
    }

    /**
     * Decodes the VP8 frame in {@code data[offset, offset + length)}.
     *
     * @return the picture, or empty for a frame that is not to be shown
     * @throws CodecException if the frame is malformed, or is an inter frame while a key frame is needed
     */
    public Optional<VideoFrame> decode(byte[] data, int offset, int length) throws CodecException {
        Objects.checkFromIndexSize(offset, length, data.length);
        if (closed) {
            throw new IllegalStateException("decoder is closed");
        }
        if (length > 0 && (data[offset] & 1) == 1 && !decoder.hasReferences()) {
            throw new CodecException("VP8", "inter frame refused: waiting for a key frame");
        }
        FrameBuffer shown;
        try {
            shown = decoder.decode(data, offset, length);
        } catch (CodecException e) {
            decoder.dropReferences();
            framesCorrupt++;
            throw e;
        }
        framesDecoded++;
        return shown == null ? Optional.empty() : Optional.of(shown.toVideoFrame(MediaTime.UNKNOWN));
    }

    /** Whether only a key frame can be decoded next: before the first one and after a malformed frame. */
    public boolean needsKeyFrame() {
        return !decoder.hasReferences();
    }

    /** Frames decoded, shown or not. */
    public long framesDecoded() {
        return framesDecoded;
    }

    /** Frames rejected as malformed (inter frames refused while waiting for a key frame are not counted). */
    public long framesCorrupt() {
        return framesCorrupt;
    }

    @Override
    public void close() {
        closed = true;
    }
}
