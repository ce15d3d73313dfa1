package io.purertc.codec.opus;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
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
import io.purertc.media.MediaKind;
import io.purertc.media.Packetizer;
import io.purertc.media.RtpPayload;
import io.purertc.rtp.MalformedPacketException;

/**
 * Opus for the codec registry: {@code opus/48000/2} offered with {@code minptime=10;useinbandfec=1},
 * as browsers offer it. The encoder follows the receiver's fmtp (RFC 7587 §7), the decoder outputs
 * stereo when the sender declared {@code sprop-stereo=1}.
 */
// RFC 7587 §4.2 (one Opus packet per RTP payload), §6.1 (rtpmap opus/48000/2), §7 (fmtp in offer/answer)
public final class OpusCodecFactory implements AudioCodecFactory {

    static final String NAME = "opus";
    private static final CodecDescriptor OFFER = new CodecDescriptor(MediaKind.AUDIO, NAME, OpusEncoder.SAMPLE_RATE, 2,
            Map.of("minptime", "10", "useinbandfec", "1"));

    @Override
    public List<CodecDescriptor> descriptors() {
        return List.of(OFFER);
    }

    /** Opus before G.711: it is what WebRTC endpoints must support (RFC 7874 §3). */
    @Override
    public int preference() {
        return 100;
    }

    static OpusParameters parameters(CodecDescriptor negotiated) throws CodecException {
        StringBuilder fmtp = new StringBuilder();
        for (Map.Entry<String, String> e : negotiated.parameters().entrySet()) {
            fmtp.append(e.getKey()).append('=').append(e.getValue()).append(';');
        }
        try {
            return OpusParameters.parse(fmtp.toString());
        } catch (MalformedPacketException e) {
            throw new CodecException(NAME, e.getMessage(), e);
        }
    }

    private void check(CodecDescriptor negotiated) {
        if (!supports(negotiated)) {
            throw new IllegalArgumentException("not Opus: " + negotiated);
        }
    }

    @Override
    public AudioEncoder createEncoder(CodecDescriptor negotiated, int ptimeMillis) throws CodecException {
        check(negotiated);
        AudioEncoderOptions defaults = AudioEncoderOptions.DEFAULT;
        OpusEncoder.Settings settings = OpusEncoder.Settings.forRemote(parameters(negotiated), ptimeMillis,
                defaults.bitrate(), defaults.complexity(), defaults.expectedLossPercent());
        return new Encoder(negotiated, settings);
    }

    @Override
    public AudioDecoder createDecoder(CodecDescriptor negotiated) throws CodecException {
        check(negotiated);
        return new Decoder(negotiated, parameters(negotiated).spropStereo() ? 2 : 1);
    }

    @Override
    public Packetizer createPacketizer(CodecDescriptor negotiated) {
        check(negotiated);
        return new TalkspurtPacketizer();
    }

    /**
     * One Opus packet per payload (RFC 7587 §4.2), with the marker bit on the first packet of a talkspurt: the
     * stream's first, and the first after frames that discontinuous transmission did not send (RFC 7587 §4.1
     * defers to RFC 3551 §4.1). A gap is seen in the RTP timestamps, which advance over unsent frames too.
     */
    private static final class TalkspurtPacketizer implements Packetizer {

        private long nextTimestamp = -1;

        @Override
        public List<RtpPayload> packetize(EncodedFrame frame, int maxPayloadSize) {
            byte[] packet = frame.payload();
            if (packet.length > maxPayloadSize) {
                throw new IllegalArgumentException("an Opus packet is never fragmented (RFC 7587 §4.2): "
                        + packet.length + " > " + maxPayloadSize);
            }
            int duration;
            try {
                duration = OpusPacket.parse(packet, 0, packet.length).durationSamples();
            } catch (MalformedPacketException e) {
                throw new IllegalArgumentException("not an Opus packet: " + e.getMessage(), e);
            }
            boolean talkspurtStarts = frame.rtpTimestamp() != nextTimestamp;
            nextTimestamp = (frame.rtpTimestamp() + duration) & 0xFFFF_FFFFL;
            return List.of(new RtpPayload(packet, talkspurtStarts));
        }
    }

    @Override
    public Depacketizer createDepacketizer(CodecDescriptor negotiated) {
        check(negotiated);
        return (payload, offset, length, sequenceNumber, rtpTimestamp, marker) -> {
            try {
                OpusPacket.parse(payload, offset, length);
            } catch (MalformedPacketException e) {
                throw new CodecException(NAME, e.getMessage(), e);
            }
            return Optional.of(new EncodedFrame(NAME, Arrays.copyOfRange(payload, offset, offset + length),
                    rtpTimestamp, true));
        };
    }

    private static final class Encoder extends NegotiatedAudio implements AudioEncoder {

        private final OpusEncoder encoder;
        private OpusEncoder.Settings settings;
        private boolean inDtx;

        Encoder(CodecDescriptor descriptor, OpusEncoder.Settings settings) {
            super(descriptor, OpusEncoder.SAMPLE_RATE, settings.channels());
            this.settings = settings;
            // libwebrtc's choice: speech tuning for mono, general audio for stereo, which is mostly music
            this.encoder = new OpusEncoder(settings,
                    settings.channels() == 2 ? OpusEncoder.Application.AUDIO : OpusEncoder.Application.VOIP);
        }

        @Override
        public int frameSamples() {
            return encoder.frameSamples();
        }

        @Override
        public void configure(AudioEncoderOptions options) {
            settings = new OpusEncoder.Settings(settings.channels(), settings.frameMillis(),
                    Math.max(6000, Math.min(510_000, options.bitrate())), options.complexity(),
                    options.variableBitrate(), options.inbandFec(), options.expectedLossPercent(), options.dtx(),
                    settings.maxPlaybackRate());
            encoder.configure(settings);
        }

        @Override
        public int encode(AudioFrame frame, byte[] out, int offset, int maxLength) throws CodecException {
            if (frame.sampleRate() != OpusEncoder.SAMPLE_RATE || frame.channels() != channels()
                    || frame.samplesPerChannel() != encoder.frameSamples()) {
                throw new IllegalArgumentException("expected " + encoder.frameSamples() + " samples x "
                        + channels() + " at 48 kHz: " + frame);
            }
            int length = encoder.encode(frame.samples(), 0, out, offset, maxLength);
            // With DTX on, Concentus marks a frame not worth sending with a packet of just the TOC (and a frame
            // count byte). The first such packet is sent, as libwebrtc does, so the receiver learns that silence
            // follows rather than loss; the rest are not (length 0 in the SPI; RFC 7587 §3.1.3).
            boolean silent = settings.dtx() && length <= 2;
            boolean alreadySilent = inDtx;
            inDtx = silent;
            return silent && alreadySilent ? 0 : length;
        }
    }

    private static final class Decoder extends NegotiatedAudio implements AudioDecoder {

        private static final int STANDARD_LOOKAHEAD_SAMPLES = 312;

        private final OpusDecoder decoder;
        private final short[] buffer;

        Decoder(CodecDescriptor descriptor, int channels) {
            super(descriptor, OpusEncoder.SAMPLE_RATE, channels);
            this.decoder = new OpusDecoder(channels);
            this.buffer = new short[OpusPacket.MAX_DURATION_SAMPLES * channels];
        }

        @Override
        public AudioFrame decode(byte[] payload, int offset, int length) throws CodecException {
            return frame(decoder.decode(payload, offset, length, buffer, 0));
        }

        @Override
        public AudioFrame conceal(int durationSamples) {
            return frame(decoder.conceal(buffer, 0, concealable(durationSamples)));
        }

        /**
         * 6.5 ms, the lookahead of every libopus (and Concentus) encoder but the restricted-low-delay one
         * (2.5 ms), which WebRTC senders do not use; the stream does not say which the sender chose.
         */
        @Override
        public int encoderDelaySamples() {
            return STANDARD_LOOKAHEAD_SAMPLES;
        }

        @Override
        public AudioFrame decodeFec(byte[] nextPayload, int offset, int length, int durationSamples)
                throws CodecException {
            return frame(decoder.decodeFec(nextPayload, offset, length, buffer, 0, concealable(durationSamples)));
        }

        // Concentus conceals whole 2.5 ms blocks of at most 120 ms; a gap from RTP timestamps is rounded to that.
        private static int concealable(int durationSamples) {
            int blocks = Math.max(1, Math.round(durationSamples / 120f));
            return Math.min(OpusPacket.MAX_DURATION_SAMPLES, blocks * 120);
        }

        private AudioFrame frame(int samples) {
            return new AudioFrame(Arrays.copyOf(buffer, samples * channels()),
                    OpusEncoder.SAMPLE_RATE, channels());
        }
    }
}
