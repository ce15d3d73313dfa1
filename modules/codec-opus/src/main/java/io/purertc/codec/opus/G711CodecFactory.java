package io.purertc.codec.opus;

import java.util.Arrays;
import java.util.List;
import java.util.Optional;

import io.purertc.media.AudioCodecFactory;
import io.purertc.media.AudioDecoder;
import io.purertc.media.AudioEncoder;
import io.purertc.media.AudioEncoderOptions;
import io.purertc.media.AudioFrame;
import io.purertc.media.CodecDescriptor;
import io.purertc.media.CodecException;
import io.purertc.media.Depacketizer;
import io.purertc.media.EncodedFrame;
import io.purertc.media.Packetizer;
import io.purertc.media.RtpPayload;

/**
 * PCMU and PCMA for the codec registry, offered after Opus. Any byte string is a valid G.711
 * payload, so the depacketizer and decoder reject nothing.
 */
// RFC 3551 §4.5.14 (PCMU/PCMA, 8000 Hz, one channel), §4.2 (frames of any whole number of samples)
public final class G711CodecFactory implements AudioCodecFactory {

    private static final List<CodecDescriptor> OFFER =
            List.of(CodecDescriptor.audio("PCMU", G711.SAMPLE_RATE, 1), CodecDescriptor.audio("PCMA", G711.SAMPLE_RATE, 1));

    @Override
    public List<CodecDescriptor> descriptors() {
        return OFFER;
    }

    private static G711 law(CodecDescriptor negotiated) {
        for (G711 law : G711.values()) {
            if (CodecDescriptor.audio(law.name(), G711.SAMPLE_RATE, 1).matches(negotiated)) {
                return law;
            }
        }
        throw new IllegalArgumentException("not G.711: " + negotiated);
    }

    @Override
    public AudioEncoder createEncoder(CodecDescriptor negotiated, int ptimeMillis) {
        G711 law = law(negotiated);
        if (ptimeMillis <= 0 || ptimeMillis > 200) {
            throw new IllegalArgumentException("ptime out of range: " + ptimeMillis);
        }
        return new Encoder(negotiated, law, ptimeMillis * G711.SAMPLE_RATE / 1000);
    }

    @Override
    public AudioDecoder createDecoder(CodecDescriptor negotiated) {
        return new Decoder(negotiated, law(negotiated));
    }

    @Override
    public Packetizer createPacketizer(CodecDescriptor negotiated) {
        law(negotiated);
        return (frame, maxPayloadSize) -> {
            if (frame.payload().length > maxPayloadSize) {
                throw new IllegalArgumentException("G.711 frame larger than a payload: " + frame.payload().length);
            }
            return List.of(new RtpPayload(frame.payload(), false));
        };
    }

    @Override
    public Depacketizer createDepacketizer(CodecDescriptor negotiated) {
        String name = law(negotiated).name();
        return (payload, offset, length, sequenceNumber, rtpTimestamp, marker) -> Optional.of(
                new EncodedFrame(name, Arrays.copyOfRange(payload, offset, offset + length), rtpTimestamp, true));
    }

    private static final class Encoder extends NegotiatedAudio implements AudioEncoder {

        private final G711 law;
        private final int frameSamples;

        Encoder(CodecDescriptor descriptor, G711 law, int frameSamples) {
            super(descriptor, G711.SAMPLE_RATE, 1);
            this.law = law;
            this.frameSamples = frameSamples;
        }

        @Override
        public int frameSamples() {
            return frameSamples;
        }

        /** G.711 has a fixed rate of 64 kb/s and no other settings. */
        @Override
        public void configure(AudioEncoderOptions options) {
            // nothing to configure: the options AudioEncoderOptions names do not exist in G.711
        }

        @Override
        public int encode(AudioFrame frame, byte[] out, int offset, int maxLength) throws CodecException {
            if (frame.sampleRate() != G711.SAMPLE_RATE || frame.channels() != 1
                    || frame.samplesPerChannel() != frameSamples) {
                throw new IllegalArgumentException("expected " + frameSamples + " mono samples at 8 kHz: " + frame);
            }
            if (maxLength < frameSamples) {
                throw new CodecException(law.name(), "a frame needs " + frameSamples + " bytes");
            }
            law.encode(frame.samples(), 0, frameSamples, out, offset);
            return frameSamples;
        }
    }

    /** Conceals by repeating the last frame received, halved in level at each further loss, so a gap fades out. */
    private static final class Decoder extends NegotiatedAudio implements AudioDecoder {

        private final G711 law;
        private short[] last = new short[0];

        Decoder(CodecDescriptor descriptor, G711 law) {
            super(descriptor, G711.SAMPLE_RATE, 1);
            this.law = law;
        }

        @Override
        public AudioFrame decode(byte[] payload, int offset, int length) {
            short[] pcm = new short[length];
            law.decode(payload, offset, length, pcm, 0);
            last = pcm;
            return new AudioFrame(pcm.clone(), G711.SAMPLE_RATE, 1);
        }

        @Override
        public AudioFrame conceal(int durationSamples) {
            short[] pcm = new short[Math.max(0, durationSamples)];
            short[] faded = new short[last.length];
            for (int i = 0; i < last.length; i++) {
                faded[i] = (short) (last[i] / 2);
            }
            for (int i = 0; i < pcm.length && faded.length > 0; i++) {
                pcm[i] = faded[i % faded.length];
            }
            last = faded;
            return new AudioFrame(pcm, G711.SAMPLE_RATE, 1);
        }

        /** G.711 carries no FEC. */
        @Override
        public AudioFrame decodeFec(byte[] nextPayload, int offset, int length, int durationSamples) {
            return conceal(durationSamples);
        }
    }
}
