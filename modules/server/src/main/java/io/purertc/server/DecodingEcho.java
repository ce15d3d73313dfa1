package io.purertc.server;

import io.purertc.media.AudioCodecFactory;
import io.purertc.media.AudioEncoder;
import io.purertc.media.AudioFrame;
import io.purertc.media.CodecDescriptor;
import io.purertc.media.CodecException;
import io.purertc.media.CodecRegistry;
import io.purertc.media.Depacketizer;
import io.purertc.media.EncodedFrame;
import io.purertc.media.MediaClock;
import io.purertc.media.MediaKind;
import io.purertc.media.Packetizer;
import io.purertc.media.RtpPayload;
import io.purertc.media.VideoCodecFactory;
import io.purertc.media.VideoDecoder;
import io.purertc.media.VideoEncoder;
import io.purertc.media.VideoFrame;
import io.purertc.peer.PeerConnection;
import io.purertc.peer.RtpCapabilities;
import io.purertc.peer.RtpReceiver;
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
 * The echo with media decoded: received audio is depacketized and decoded to PCM (lost packets concealed or
 * rebuilt from FEC, {@link ConcealingDecoder}), handed to a hook, encoded again and sent back; video likewise,
 * as I420 pictures. A kind without a hook goes back as it came. The codec work runs on media workers, never on
 * the connection's event loop (DESIGN.md threading).
 */
final class DecodingEcho implements SessionMedia {

    private static final Logger LOG = LoggerFactory.getLogger(DecodingEcho.class);
    /** Audio packets waiting for a worker; past this a flood is dropped rather than queued without bound. */
    private static final int MAX_PENDING_AUDIO = 64;
    /** Video packets waiting: a key frame alone can be a hundred packets. */
    private static final int MAX_PENDING_VIDEO = 1024;
    private static final int PTIME_MILLIS = 20;
    private static final int MAX_PAYLOAD = 1200;
    /** What the re-encoded video aims for until congestion control drives it (issue 12). */
    static final int VIDEO_BITRATE = 1_000_000;
    /** RFC 4585 §3.5.1 asks receivers not to flood the sender with feedback: one key-frame request per this. */
    private static final long KEY_FRAME_REQUEST_INTERVAL_NANOS = 300_000_000L;

    private final CodecRegistry registry;
    private final Optional<UnaryOperator<AudioFrame>> audioHook;
    private final Optional<UnaryOperator<VideoFrame>> videoHook;
    private final Echo passThrough = new Echo();

    /**
     * @param audioHook audio decoded, passed through it and encoded again; when empty, audio is echoed undecoded
     * @param videoHook the same for video
     */
    DecodingEcho(CodecRegistry registry, Optional<UnaryOperator<AudioFrame>> audioHook,
            Optional<UnaryOperator<VideoFrame>> videoHook) {
        this.registry = registry;
        this.audioHook = audioHook;
        this.videoHook = videoHook;
    }

    /** What this echo can decode, the registry's codecs, for each kind it decodes; the forwarding set for others. */
    @Override
    public RtpCapabilities capabilities() {
        RtpCapabilities installed = RtpCapabilities.of(registry);
        RtpCapabilities forwarding = RtpCapabilities.forwarding();
        return new RtpCapabilities(
                (audioHook.isPresent() ? installed : forwarding).audioCodecs(),
                (videoHook.isPresent() ? installed : forwarding).videoCodecs(),
                forwarding.audioExtensions(), forwarding.videoExtensions());
    }

    @Override
    public void onConnection(PeerConnection connection, Executor mediaWorkers) {
        connection.onTrack(event -> {
            boolean audio = event.transceiver().kind() == MediaKind.AUDIO;
            if (audio ? audioHook.isPresent() : videoHook.isPresent()) {
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
        Pipeline[] pipeline = new Pipeline[1];
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
    private Pipeline open(TrackEvent event, int payloadType, Executor workers) {
        Optional<Codec> negotiated = event.receiver().codecs().stream()
                .filter(codec -> codec.payloadType() == payloadType).findFirst();
        if (negotiated.isEmpty()) {
            return null;
        }
        Codec codec = negotiated.get();
        MediaKind kind = event.transceiver().kind();
        CodecDescriptor descriptor = RtpCapabilities.descriptor(kind, codec);
        RtpSender sender = event.transceiver().sender();
        try {
            if (kind == MediaKind.AUDIO) {
                Optional<AudioCodecFactory> factory = registry.audio(descriptor);
                if (factory.isPresent()) {
                    return new AudioPipeline(factory.get(), descriptor, sender, payloadType, workers);
                }
            } else {
                Optional<VideoCodecFactory> factory = registry.video(descriptor);
                if (factory.isPresent()) {
                    return new VideoPipeline(factory.get(), descriptor, event.receiver(), sender, payloadType,
                            workers);
                }
            }
        } catch (CodecException e) {
            LOG.warn("cannot open {}: {}", descriptor, e.getMessage());
            return null;
        }
        LOG.info("no codec installed for {}: its packets are dropped", descriptor);
        return null;
    }

    /**
     * One received stream's way back, fed from the event loop and run on a worker: packets queue (bounded) and
     * one worker task at a time drains them in order, so the codecs see one thread at a time.
     */
    private abstract static class Pipeline implements Runnable {
        final int payloadType;
        final String codec;
        private final Executor workers;
        private final int maxPending;

        // Hand-off from the event loop; guarded by this.
        private final ArrayDeque<Received> pending = new ArrayDeque<>();
        private boolean scheduled;
        private long dropped;

        /** @param arrivalMicros when it came, on the {@link MediaClock}: the echo's stand-in for capture time */
        record Received(byte[] payload, int sequenceNumber, long timestamp, boolean marker, long arrivalMicros) {
        }

        Pipeline(int payloadType, String codec, Executor workers, int maxPending) {
            this.payloadType = payloadType;
            this.codec = codec;
            this.workers = workers;
            this.maxPending = maxPending;
        }

        /** On the event loop: queue the packet and make sure one worker task runs the queue. */
        final synchronized void offer(byte[] payload, int sequenceNumber, long timestamp, boolean marker) {
            if (pending.size() >= maxPending) {
                dropped++;
                return;
            }
            pending.add(new Received(payload, sequenceNumber, timestamp, marker, MediaClock.system().nowMicros()));
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
        public final void run() {
            for (Received received = next(); received != null; received = next()) {
                try {
                    process(received);
                } catch (CodecException e) {
                    LOG.debug("dropped an undecodable {} payload: {}", codec, e.getMessage());
                } catch (RuntimeException e) {
                    LOG.warn("{} hook or codec failed; the packet is dropped", codec, e);
                }
            }
        }

        abstract void process(Received received) throws CodecException;
    }

    /** Audio: depacketize, decode (concealing losses), hook, re-frame, encode, packetize, send. */
    private final class AudioPipeline extends Pipeline {
        private final Depacketizer depacketizer;
        private final ConcealingDecoder decoder;
        private final AudioEncoder encoder;
        private final Packetizer packetizer;
        private final RtpSender sender;
        private final byte[] encoded = new byte[MAX_PAYLOAD];
        /** Decoded samples not yet encoded: the peer's frame length need not be ours. */
        private short[] pcm = new short[0];
        private long nextTimestamp = -1;

        AudioPipeline(AudioCodecFactory factory, CodecDescriptor descriptor, RtpSender sender, int payloadType,
                      Executor workers) throws CodecException {
            super(payloadType, descriptor.encodingName(), workers, MAX_PENDING_AUDIO);
            this.depacketizer = factory.createDepacketizer(descriptor);
            this.decoder = new ConcealingDecoder(factory.createDecoder(descriptor), descriptor.clockRate());
            this.encoder = factory.createEncoder(descriptor, PTIME_MILLIS);
            this.packetizer = factory.createPacketizer(descriptor);
            this.sender = sender;
        }

        @Override
        void process(Received received) throws CodecException {
            Optional<EncodedFrame> frame = depacketizer.push(received.payload(), 0, received.payload().length,
                    received.sequenceNumber(), received.timestamp(), received.marker());
            if (frame.isEmpty()) {
                return;
            }
            byte[] payload = frame.get().payload();
            if (nextTimestamp < 0) {
                nextTimestamp = received.timestamp();
            }
            for (AudioFrame decoded : decoder.decode(received.sequenceNumber(), frame.get().rtpTimestamp(), payload,
                    0, payload.length)) {
                echo(audioHook.orElseThrow().apply(decoded), received);
            }
        }

        /**
         * Re-frames and sends decoded audio. Our timestamps count the same samples as the peer's, so a chunk's capture
         * time is the arrival of the packet just decoded, moved by the distance between their timestamps.
         */
        private void echo(AudioFrame decoded, Received received) throws CodecException {
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
                    long capture = received.arrivalMicros()
                            + (int) (nextTimestamp - received.timestamp()) * 1_000_000L / encoder.sampleRate();
                    for (RtpPayload rtp : packetizer.packetize(out, MAX_PAYLOAD)) {
                        sender.send(payloadType, rtp.marker(), nextTimestamp, capture, rtp.payload(), 0,
                                rtp.payload().length);
                    }
                }
                // The codecs here sample at their RTP clock rate (Opus 48 kHz, G.711 8 kHz), so samples are ticks.
                nextTimestamp = (nextTimestamp + encoder.frameSamples()) & 0xFFFF_FFFFL;
            }
            pcm = Arrays.copyOfRange(joined, offset, joined.length);
        }
    }

    /**
     * Video: depacketize, decode, hook, encode, packetize, send, each picture keeping its RTP timestamp. A frame
     * that cannot be decoded (lost packets, or a decoder waiting for a key frame) asks the browser for a key frame;
     * a key-frame request for the echo (the browser's PLI or FIR) makes the next encoded frame one.
     */
    private final class VideoPipeline extends Pipeline {
        private final Depacketizer depacketizer;
        private final VideoDecoder decoder;
        private final VideoEncoder encoder;
        private final Packetizer packetizer;
        private final RtpReceiver receiver;
        private final RtpSender sender;
        private long lastKeyFrameRequest = System.nanoTime() - KEY_FRAME_REQUEST_INTERVAL_NANOS;

        VideoPipeline(VideoCodecFactory factory, CodecDescriptor descriptor, RtpReceiver receiver, RtpSender sender,
                int payloadType, Executor workers) throws CodecException {
            super(payloadType, descriptor.encodingName(), workers, MAX_PENDING_VIDEO);
            this.depacketizer = factory.createDepacketizer(descriptor);
            this.decoder = factory.createDecoder(descriptor);
            this.encoder = factory.createEncoder(descriptor);
            this.encoder.setTargetBitrate(VIDEO_BITRATE);
            this.packetizer = factory.createPacketizer(descriptor);
            this.receiver = receiver;
            this.sender = sender;
            sender.onKeyFrameRequest(encoder::requestKeyFrame);
        }

        @Override
        void process(Received received) throws CodecException {
            Optional<EncodedFrame> frame;
            Optional<VideoFrame> picture;
            try {
                frame = depacketizer.push(received.payload(), 0, received.payload().length,
                        received.sequenceNumber(), received.timestamp(), received.marker());
                if (frame.isEmpty()) {
                    return;
                }
                picture = decoder.decode(frame.get());
            } catch (CodecException e) {
                requestKeyFrame();
                throw e;
            }
            if (picture.isEmpty()) {
                return;
            }
            for (EncodedFrame encoded : encoder.encode(videoHook.orElseThrow().apply(picture.get()),
                    frame.get().rtpTimestamp())) {
                // The picture was complete when its last packet came: that stands for its capture time, as for audio.
                for (RtpPayload rtp : packetizer.packetize(encoded, MAX_PAYLOAD)) {
                    sender.send(payloadType, rtp.marker(), encoded.rtpTimestamp(), received.arrivalMicros(),
                            rtp.payload(), 0, rtp.payload().length);
                }
            }
        }

        private void requestKeyFrame() {
            long now = System.nanoTime();
            if (now - lastKeyFrameRequest >= KEY_FRAME_REQUEST_INTERVAL_NANOS) {
                lastKeyFrameRequest = now;
                receiver.requestKeyFrame();
            }
        }
    }
}
