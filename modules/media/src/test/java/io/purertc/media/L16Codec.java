package io.purertc.media;

import java.util.List;
import java.util.Optional;

/**
 * Linear 16-bit PCM, network byte order (RFC 3551 §4.5.11), as a real codec through the SPI:
 * small enough to exercise discovery, negotiation and the encode/packetize/depacketize/decode
 * path without a compressing codec.
 */
public class L16Codec implements AudioCodecFactory {

    private final int clockRate;
    private final int channels;
    private final int preference;

    public L16Codec() {
        this(48_000, 2, 0);
    }

    L16Codec(int clockRate, int channels, int preference) {
        this.clockRate = clockRate;
        this.channels = channels;
        this.preference = preference;
    }

    @Override
    public List<CodecDescriptor> descriptors() {
        return List.of(CodecDescriptor.audio("L16", clockRate, channels));
    }

    @Override
    public int preference() {
        return preference;
    }

    @Override
    public AudioEncoder createEncoder(CodecDescriptor negotiated, int ptimeMillis) {
        checkSupported(negotiated);
        return new Encoder(negotiated, clockRate * ptimeMillis / 1000);
    }

    @Override
    public AudioDecoder createDecoder(CodecDescriptor negotiated) {
        checkSupported(negotiated);
        return new Decoder(negotiated);
    }

    @Override
    public Packetizer createPacketizer(CodecDescriptor negotiated) {
        checkSupported(negotiated);
        return (frame, maxPayloadSize) -> {
            if (frame.payload().length > maxPayloadSize) {
                throw new IllegalArgumentException("L16 frames are not fragmented");
            }
            return List.of(new RtpPayload(frame.payload(), false));
        };
    }

    @Override
    public Depacketizer createDepacketizer(CodecDescriptor negotiated) {
        checkSupported(negotiated);
        return (payload, offset, length, sequenceNumber, rtpTimestamp, marker) -> {
            checkWholeInstants(length);
            byte[] copy = new byte[length];
            System.arraycopy(payload, offset, copy, 0, length);
            return Optional.of(new EncodedFrame("L16", copy, rtpTimestamp, true));
        };
    }

    private void checkWholeInstants(int length) throws CodecException {
        if (length % (2 * channels) != 0) {
            throw new CodecException("L16", length + " bytes are not whole sampling instants");
        }
    }

    private void checkSupported(CodecDescriptor negotiated) {
        if (!supports(negotiated)) {
            throw new IllegalArgumentException("not " + descriptors() + ": " + negotiated);
        }
    }

    /** What encoder and decoder share: the negotiated codec and its PCM format. */
    private abstract class Endpoint {
        private final CodecDescriptor descriptor;

        Endpoint(CodecDescriptor descriptor) {
            this.descriptor = descriptor;
        }

        public CodecDescriptor descriptor() {
            return descriptor;
        }

        public int sampleRate() {
            return clockRate;
        }

        public int channels() {
            return channels;
        }

        public void close() {
        }
    }

    private final class Encoder extends Endpoint implements AudioEncoder {
        private final int frameSamples;

        Encoder(CodecDescriptor descriptor, int frameSamples) {
            super(descriptor);
            this.frameSamples = frameSamples;
        }

        @Override
        public int frameSamples() {
            return frameSamples;
        }

        @Override
        public void configure(AudioEncoderOptions options) {
            // L16 has no bitrate, complexity, FEC or DTX to set (RFC 3551 §4.5.11).
        }

        @Override
        public int encode(AudioFrame frame, byte[] out, int offset, int maxLength) throws CodecException {
            if (frame.samplesPerChannel() != frameSamples || frame.channels() != channels) {
                throw new IllegalArgumentException("expected " + frameSamples + " x " + channels + ": " + frame);
            }
            short[] samples = frame.samples();
            if (samples.length * 2 > maxLength) {
                throw new CodecException("L16", samples.length * 2 + " bytes do not fit in " + maxLength);
            }
            for (int i = 0; i < samples.length; i++) {
                out[offset + 2 * i] = (byte) (samples[i] >> 8);
                out[offset + 2 * i + 1] = (byte) samples[i];
            }
            return samples.length * 2;
        }
    }

    private final class Decoder extends Endpoint implements AudioDecoder {

        Decoder(CodecDescriptor descriptor) {
            super(descriptor);
        }

        @Override
        public AudioFrame decode(byte[] payload, int offset, int length) throws CodecException {
            checkWholeInstants(length);
            short[] samples = new short[length / 2];
            for (int i = 0; i < samples.length; i++) {
                samples[i] = (short) ((payload[offset + 2 * i] << 8) | (payload[offset + 2 * i + 1] & 0xFF));
            }
            return new AudioFrame(samples, clockRate, channels);
        }

        @Override
        public AudioFrame conceal(int durationSamples) {
            return new AudioFrame(new short[durationSamples * channels], clockRate, channels);
        }

        @Override
        public AudioFrame decodeFec(byte[] nextPayload, int offset, int length, int durationSamples) {
            return conceal(durationSamples);
        }
    }
}
