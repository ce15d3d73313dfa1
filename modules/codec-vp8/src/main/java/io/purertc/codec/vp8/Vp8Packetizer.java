package io.purertc.codec.vp8;

import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;

import io.purertc.media.EncodedFrame;
import io.purertc.media.Packetizer;
import io.purertc.media.RtpPayload;

/**
 * Splits VP8 frames into RTP payloads of nearly equal size, each with a payload descriptor carrying a
 * 15-bit PictureID and, for a temporally layered stream, the frame's TID, Y and TL0PICIDX. Every packet is
 * labelled partition 0, which §4.2 allows ("MAY be kept at 0"), so only a frame's first packet has S=1; the
 * PictureID goes up by one per frame and wraps at 2^15.
 */
// RFC 7741 §4.2 (descriptor), §4.4 (frame fragmentation), §4.1 (marker bit on a frame's last packet)
public final class Vp8Packetizer implements Packetizer {

    private static final int PICTURE_ID_MODULUS = 1 << 15;

    private int pictureId;

    /** A packetizer whose first PictureID is random, so that a restarted sender does not repeat the IDs it used. */
    public Vp8Packetizer() {
        this(new SecureRandom().nextInt(PICTURE_ID_MODULUS));
    }

    /** A packetizer whose first frame gets {@code firstPictureId} (0..32767). */
    public Vp8Packetizer(int firstPictureId) {
        if (firstPictureId < 0 || firstPictureId >= PICTURE_ID_MODULUS) {
            throw new IllegalArgumentException("PictureID is 15 bits: " + firstPictureId);
        }
        this.pictureId = firstPictureId;
    }

    /** The PictureID the next frame will carry. */
    public int nextPictureId() {
        return pictureId;
    }

    @Override
    public List<RtpPayload> packetize(EncodedFrame frame, int maxPayloadSize) {
        return packetize(frame, null, maxPayloadSize);
    }

    /**
     * Packetizes a frame of a temporally layered stream: every descriptor carries the layer fields the encoder
     * gave for it ({@link Vp8Encoder#lastLayerInfo()}), or none when {@code layer} is null.
     */
    public List<RtpPayload> packetize(EncodedFrame frame, Vp8Encoder.LayerInfo layer, int maxPayloadSize) {
        byte[] data = frame.payload();
        int descriptorSize = descriptor(true, layer).size();
        int room = maxPayloadSize - descriptorSize;
        if (room < Vp8PayloadHeader.SIZE) {
            throw new IllegalArgumentException("a first VP8 payload holds a " + descriptorSize
                    + "-octet descriptor and the 3-octet payload header (RFC 7741 §4.3): " + maxPayloadSize);
        }
        if (data.length < Vp8PayloadHeader.SIZE) {
            throw new IllegalArgumentException("a VP8 frame starts with a 3-octet payload header (RFC 7741 §4.3): "
                    + data.length + " octets");
        }
        int packets = (data.length + room - 1) / room;
        // Near-equal sizes, the first packet the largest; it must hold the whole payload header.
        int first = Math.max(Vp8PayloadHeader.SIZE, (data.length + packets - 1) / packets);
        List<RtpPayload> payloads = new ArrayList<>(packets);
        int from = 0;
        for (int i = 0; i < packets; i++) {
            int rest = data.length - first;
            int size = i == 0 ? first : rest / (packets - 1) + (i - 1 < rest % (packets - 1) ? 1 : 0);
            byte[] payload = new byte[descriptorSize + size];
            descriptor(i == 0, layer).write(payload, 0);
            System.arraycopy(data, from, payload, descriptorSize, size);
            from += size;
            payloads.add(new RtpPayload(payload, i == packets - 1));
        }
        pictureId = (pictureId + 1) % PICTURE_ID_MODULUS;
        return payloads;
    }

    private Vp8PayloadDescriptor descriptor(boolean start, Vp8Encoder.LayerInfo layer) {
        if (layer == null) {
            return Vp8PayloadDescriptor.of(start, 0, pictureId);
        }
        return new Vp8PayloadDescriptor(true, false, start, 0, pictureId, true, layer.tl0PicIdx(),
                layer.temporalLayer(), layer.layerSync(), -1);
    }
}
