package io.purertc.server;

import io.purertc.media.AudioCodecFactory;
import io.purertc.media.AudioEncoder;
import io.purertc.media.AudioFrame;
import io.purertc.media.CodecDescriptor;
import io.purertc.media.CodecException;
import io.purertc.media.CodecRegistry;
import io.purertc.media.Depacketizer;
import io.purertc.media.EncodedFrame;
import io.purertc.media.MediaKind;
import io.purertc.media.Packetizer;
import io.purertc.media.RtpPayload;
import io.purertc.peer.PeerConnection;
import io.purertc.peer.RtpCapabilities;
import io.purertc.peer.RtpSender;
import io.purertc.peer.TrackEvent;
import io.purertc.sdp.Codec;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.Optional;
import java.util.concurrent.Executor;
import java.util.function.UnaryOperator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The echo with audio decoded: received audio is depacketized and decoded to PCM (lost packets concealed or
 * rebuilt from FEC, {@link ConcealingDecoder}), handed to a hook, encoded again and sent back, all on a media worker rather than the connection's event loop (DESIGN.md threading).
 * Video still goes back as it came, until a video codec is installed.
 */
final class DecodingEcho implements SessionMedia {

    private static final Logger LOG = LoggerFactory.getLogger(DecodingEcho.class);
    /** Packets waiting for a worker; past this a flood is dropped rather than queued without bound. */
    private static final int MAX_PENDING = 64;
    private static final int PTIME_MILLIS = 20;
    private static final int MAX_PAYLOAD = 1200;

    private final CodecRegistry registry;
    private final UnaryOperator<AudioFrame> hook;
    private final Echo passThrough = new Echo();

    DecodingEcho(CodecRegistry registry, UnaryOperator<AudioFrame> hook) {
        this.registry = registry;
        this.hook = hook;
    }

    /** What this echo can decode: the registry's audio codecs, with video forwarded as the plain echo does. */
    @Override
    public RtpCapabilities capabilities() {
        RtpCapabilities installed = RtpCapabilities.of(registry);
        RtpCapabilities forwarding = RtpCapabilities.forwarding();
        return new RtpCapabilities(installed.audioCodecs(), forwarding.videoCodecs(), forwarding.audioExtensions(),
                forwarding.videoExtensions());
    }

    @Override
    public void onConnection(PeerConnection connection, Executor mediaWorkers) {
        connection.onTrack(event -> {
            if (event.transceiver().kind() == MediaKind.AUDIO) {
                decodeAndEcho(event, mediaWorkers);
            } else {
                passThrough.echo(event);
            }
        });
    }

    @Override
    public void onRemoteOffer(PeerConnection connection) {
        passThrough.onRemoteOffer(connection);
    }

    /**
     * Decodes the track once packets come: the track is announced when the offer arrives, before negotiation
     * has fixed its codecs, and the payload type of each packet says which codec it is anyway.
     */
    private void decodeAndEcho(TrackEvent event, Executor workers) {
        AudioPipeline[] pipeline = new AudioPipeline[1];
        event.receiver().onRtp(packet -> {
            if (pipeline[0] == null || pipeline[0].payloadType != packet.payloadType()) {
                pipeline[0] = open(event, packet.payloadType(), workers);
            }
            if (pipeline[0] != null) {
                pipeline[0].offer(Arrays.copyOfRange(packet.buffer(), packet.payloadOffset(),
                        packet.payloadOffset() + packet.payloadLength()), packet.sequenceNumber(),
                        packet.timestamp(), packet.marker());
            }
        });
    }

    /** A pipeline for the negotiated codec of {@code payloadType}, or null when none is installed for it. */
    private AudioPipeline open(TrackEvent event, int payloadType, Executor workers) {
        Optional<Codec> negotiated = event.receiver().codecs().stream()
                .filter(codec -> codec.payloadType() == payloadType).findFirst();
        if (negotiated.isEmpty()) {
            return null;
        }
        Codec codec = negotiated.get();
        CodecDescriptor descriptor = new CodecDescriptor(MediaKind.AUDIO, codec.name(), codec.clockRate(),
                codec.channels(), codec.parameters());
        Optional<AudioCodecFactory> factory = registry.audio(descriptor);
        if (factory.isEmpty()) {
            LOG.info("no codec installed for {}: its packets are dropped", descriptor);
            return null;
        }
        try {
            return new AudioPipeline(factory.get(), descriptor, event.transceiver().sender(), payloadType, workers);
        } catch (CodecException e) {
            LOG.warn("cannot open {}: {}", descriptor, e.getMessage());
            return null;
        }
    }

    /** One received stream's way back: depacketize, decode, hook, re-frame, encode, packetize, send. */
    private final class AudioPipeline implements Runnable {
        private final Depacketizer depacketizer;
        private final ConcealingDecoder decoder;
        private final AudioEncoder encoder;
        private final Packetizer packetizer;
        private final RtpSender sender;
        private final int payloadType;
        private final String codec;
        private final Executor workers;
        private final byte[] encoded = new byte[MAX_PAYLOAD];
        /** Decoded samples not yet encoded: the peer's frame length need not be ours. */
        private short[] pcm = new short[0];
        private long nextTimestamp = -1;

        // Hand-off from the event loop; guarded by this.
        private final ArrayDeque<Received> pending = new ArrayDeque<>();
        private boolean scheduled;
        private long dropped;

        private record Received(byte[] payload, int sequenceNumber, long timestamp, boolean marker) {
        }

        AudioPipeline(AudioCodecFactory factory, CodecDescriptor descriptor, RtpSender sender, int payloadType,
                      Executor workers) throws CodecException {
            this.workers = workers;
            this.depacketizer = factory.createDepacketizer(descriptor);
            this.decoder = new ConcealingDecoder(factory.createDecoder(descriptor), descriptor.clockRate());
            this.encoder = factory.createEncoder(descriptor, PTIME_MILLIS);
            this.packetizer = factory.createPacketizer(descriptor);
            this.sender = sender;
            this.payloadType = payloadType;
            this.codec = descriptor.encodingName();
        }

        /** On the event loop: queue the packet and make sure one worker task runs the queue. */
        synchronized void offer(byte[] payload, int sequenceNumber, long timestamp, boolean marker) {
            if (pending.size() >= MAX_PENDING) {
                dropped++;
                return;
            }
            pending.add(new Received(payload, sequenceNumber, timestamp, marker));
            if (!scheduled) {
                scheduled = true;
                workers.execute(this);
            }
        }

        private synchronized Received next() {
            Received received = pending.poll();
            if (received == null) {
                scheduled = false;
            }
            return received;
        }

        @Override
        public void run() {
            for (Received received = next(); received != null; received = next()) {
                try {
                    process(received);
                } catch (CodecException e) {
                    LOG.debug("dropped an undecodable {} payload: {}", codec, e.getMessage());
                } catch (RuntimeException e) {
                    LOG.warn("audio hook or codec failed; the packet is dropped", e);
                }
            }
        }

        private void process(Received received) throws CodecException {
            Optional<EncodedFrame> frame = depacketizer.push(received.payload, 0, received.payload.length,
                    received.sequenceNumber, received.timestamp, received.marker);
            if (frame.isEmpty()) {
                return;
            }
            byte[] payload = frame.get().payload();
            if (nextTimestamp < 0) {
                nextTimestamp = received.timestamp;
            }
            for (AudioFrame decoded : decoder.decode(received.sequenceNumber, frame.get().rtpTimestamp(), payload, 0,
                    payload.length)) {
                echo(hook.apply(decoded));
            }
        }

        private void echo(AudioFrame decoded) throws CodecException {
            short[] joined = Arrays.copyOf(pcm, pcm.length + decoded.samples().length);
            System.arraycopy(decoded.samples(), 0, joined, pcm.length, decoded.samples().length);
            int frameLength = encoder.frameSamples() * encoder.channels();
            int offset = 0;
            for (; joined.length - offset >= frameLength; offset += frameLength) {
                AudioFrame chunk = new AudioFrame(Arrays.copyOfRange(joined, offset, offset + frameLength),
                        encoder.sampleRate(), encoder.channels());
                int length = encoder.encode(chunk, encoded, 0, encoded.length);
                if (length > 0) {
                    EncodedFrame out = new EncodedFrame(codec, Arrays.copyOf(encoded, length), nextTimestamp, true);
                    for (RtpPayload rtp : packetizer.packetize(out, MAX_PAYLOAD)) {
                        sender.send(payloadType, rtp.marker(), nextTimestamp, rtp.payload(), 0, rtp.payload().length);
                    }
                }
                // The codecs here sample at their RTP clock rate (Opus 48 kHz, G.711 8 kHz), so samples are ticks.
                nextTimestamp = (nextTimestamp + encoder.frameSamples()) & 0xFFFF_FFFFL;
            }
            pcm = Arrays.copyOfRange(joined, offset, joined.length);
        }
    }
}
