package io.purertc.server;

import io.purertc.media.AudioCodecFactory;
import io.purertc.media.AudioEncoder;
import io.purertc.media.AudioFrame;
import io.purertc.media.CodecDescriptor;
import io.purertc.media.CodecException;
import io.purertc.media.CodecFactory;
import io.purertc.media.CodecRegistry;
import io.purertc.media.EncodedFrame;
import io.purertc.media.MediaClock;
import io.purertc.media.MediaKind;
import io.purertc.media.Packetizer;
import io.purertc.media.RtpPayload;
import io.purertc.media.VideoCodecFactory;
import io.purertc.media.VideoEncoder;
import io.purertc.media.VideoFrame;
import io.purertc.peer.PeerConnection;
import io.purertc.peer.RtpCapabilities;
import io.purertc.peer.RtpSender;
import io.purertc.peer.RtpTransceiver;
import io.purertc.sdp.Codec;
import java.util.Arrays;
import java.util.Optional;
import java.util.concurrent.Executor;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A clock to check audio/video sync by ear and eye: once a second of the media clock, a 100 ms beep on the audio
 * track and a white picture on the video track, both captured at that same instant, and silence and a dark picture
 * in between. Whatever the client sends is ignored, but for its key-frame requests, which the next picture answers.
 *
 * <p>Each packet carries its capture time, so our sender reports map both streams' RTP time to the instants of
 * capture, and a receiver's synchroniser can put each flash with its beep whatever the network does to either.
 *
 * <p>Timing comes from two scheduler threads shared by every session (the frames are small; encoding one takes a
 * few milliseconds); each frame's capture time is its place on the clock's grid, not when its task ran.
 */
// RFC 3550 §6.4.1 (the sender report's NTP and RTP timestamps name one instant), RFC 7587, RFC 7741
final class SyncClock implements SessionMedia {

    private static final Logger LOG = LoggerFactory.getLogger(SyncClock.class);
    /** Two threads, so that a video frame being encoded never holds up the audio ticks. */
    private static final ScheduledExecutorService TICKS = Executors.newScheduledThreadPool(2, task -> {
        Thread thread = new Thread(task, "purertc-sync-clock");
        thread.setDaemon(true);
        return thread;
    });

    static final int WIDTH = 320;
    static final int HEIGHT = 240;
    static final int FRAMES_PER_SECOND = 30;
    private static final long MICROS_PER_SECOND = 1_000_000;
    private static final long MARK_MICROS = 100_000;
    private static final int AUDIO_FRAME_MICROS = 20_000;
    private static final int PTIME_MILLIS = 20;
    private static final int MAX_PAYLOAD = 1200;
    private static final int VIDEO_BITRATE = 300_000;
    private static final int BEEP_HZ = 1000;
    private static final double BEEP_AMPLITUDE = 16_000;
    private static final byte LUMA_FLASH = (byte) 235;
    private static final byte LUMA_DARK = (byte) 40;

    private final CodecRegistry registry;
    /** @param registry the codecs the clock encodes with */
    SyncClock(CodecRegistry registry) {
        this.registry = registry;
    }

    @Override
    public RtpCapabilities capabilities() {
        return RtpCapabilities.of(registry);
    }

    @Override
    public void onConnection(PeerConnection connection, Executor mediaWorkers) {
        // Nothing received is used.
    }

    /**
     * Adds our tracks and starts the clock on the next whole second, so marks fall on frame boundaries of both
     * streams. Packets sent before the connection is up are dropped by the sender, which is harmless here.
     */
    @Override
    public void onRemoteOffer(PeerConnection connection) {
        for (RtpTransceiver transceiver : connection.transceivers()) {
            if (!transceiver.sender().hasTrack()) {
                connection.addTrack(transceiver.kind());
            }
        }
        long start = (MediaClock.system().nowMicros() / MICROS_PER_SECOND + 1) * MICROS_PER_SECOND;
        for (RtpTransceiver transceiver : connection.transceivers()) {
            boolean audio = transceiver.kind() == MediaKind.AUDIO;
            Source source = audio ? new AudioSource(connection, transceiver.sender(), start)
                    : new VideoSource(connection, transceiver.sender(), start);
            long periodNanos = audio ? AUDIO_FRAME_MICROS * 1000L : 1_000_000_000L / FRAMES_PER_SECOND;
            source.future = TICKS.scheduleAtFixedRate(source, start - MediaClock.system().nowMicros(),
                    periodNanos / 1000, TimeUnit.MICROSECONDS);
        }
    }

    /** Whether the media clock time {@code micros} lies in the marked part of its second. */
    static boolean marked(long micros) {
        return Math.floorMod(micros, MICROS_PER_SECOND) < MARK_MICROS;
    }

    /** One stream's frames, one per tick, until the connection ends. */
    private abstract class Source implements Runnable {
        final PeerConnection connection;
        final RtpSender sender;
        final long startMicros;
        ScheduledFuture<?> future;
        long frame;
        Packetizer packetizer;
        String codec;
        int clockRate;
        int payloadType = -1;

        Source(PeerConnection connection, RtpSender sender, long startMicros) {
            this.connection = connection;
            this.sender = sender;
            this.startMicros = startMicros;
        }

        @Override
        public final void run() {
            PeerConnection.ConnectionState state = connection.connectionState();
            if (state == PeerConnection.ConnectionState.CLOSED || state == PeerConnection.ConnectionState.FAILED) {
                future.cancel(false);
                close();
                return;
            }
            long capture = captureMicros(frame++);
            try {
                if (payloadType < 0 && !open()) {
                    return;
                }
                tick(capture);
            } catch (CodecException | RuntimeException e) {
                LOG.warn("sync clock frame at {} µs failed", capture, e);
            }
        }

        /** Opens the encoder for the first negotiated codec the registry has; false before negotiation. */
        private boolean open() throws CodecException {
            for (Codec codec : sender.codecs()) {
                CodecDescriptor descriptor = RtpCapabilities.descriptor(sender.transceiver().kind(), codec);
                Optional<CodecFactory> factory = registry.find(descriptor);
                if (factory.isPresent()) {
                    packetizer = factory.get().createPacketizer(descriptor);
                    open(factory.get(), descriptor);
                    this.codec = codec.name();
                    clockRate = codec.clockRate();
                    payloadType = codec.payloadType();
                    return true;
                }
            }
            return false;
        }

        void send(EncodedFrame encoded, long captureMicros) {
            for (RtpPayload rtp : packetizer.packetize(encoded, MAX_PAYLOAD)) {
                sender.send(payloadType, rtp.marker(), encoded.rtpTimestamp(), captureMicros, rtp.payload(), 0,
                        rtp.payload().length);
            }
        }

        abstract long captureMicros(long index);

        abstract void open(CodecFactory factory, CodecDescriptor descriptor) throws CodecException;

        abstract void tick(long captureMicros) throws CodecException;

        abstract void close();
    }

    /** 20 ms frames of silence or of the beep, sample by sample on the clock's grid. */
    private final class AudioSource extends Source {
        private AudioEncoder encoder;
        private final byte[] encoded = new byte[MAX_PAYLOAD];

        AudioSource(PeerConnection connection, RtpSender sender, long startMicros) {
            super(connection, sender, startMicros);
        }

        @Override
        long captureMicros(long index) {
            return startMicros + index * AUDIO_FRAME_MICROS;
        }

        @Override
        void open(CodecFactory factory, CodecDescriptor descriptor) throws CodecException {
            encoder = ((AudioCodecFactory) factory).createEncoder(descriptor, PTIME_MILLIS);
        }

        @Override
        void tick(long captureMicros) throws CodecException {
            int rate = encoder.sampleRate();
            int channels = encoder.channels();
            short[] samples = new short[encoder.frameSamples() * channels];
            long first = captureMicros * rate / MICROS_PER_SECOND;
            for (int i = 0; i < encoder.frameSamples(); i++) {
                long sample = first + i;
                short value = marked(sample * MICROS_PER_SECOND / rate)
                        ? (short) Math.round(BEEP_AMPLITUDE * Math.sin(2 * Math.PI * BEEP_HZ * sample / rate)) : 0;
                Arrays.fill(samples, i * channels, (i + 1) * channels, value);
            }
            int length = encoder.encode(new AudioFrame(samples, rate, channels), encoded, 0, encoded.length);
            if (length > 0) {
                long rtpTimestamp = MediaClock.toRtpTimestamp(captureMicros, clockRate, 0);
                send(new EncodedFrame(codec, Arrays.copyOf(encoded, length), rtpTimestamp, true), captureMicros);
            }
        }

        @Override
        void close() {
            if (encoder != null) {
                encoder.close();
            }
        }
    }

    /** 30 pictures a second, white on the mark and dark otherwise. */
    private final class VideoSource extends Source {
        private VideoEncoder encoder;

        VideoSource(PeerConnection connection, RtpSender sender, long startMicros) {
            super(connection, sender, startMicros);
        }

        @Override
        long captureMicros(long index) {
            return startMicros + index * MICROS_PER_SECOND / FRAMES_PER_SECOND;
        }

        @Override
        void open(CodecFactory factory, CodecDescriptor descriptor) throws CodecException {
            encoder = ((VideoCodecFactory) factory).createEncoder(descriptor);
            encoder.setTargetBitrate(VIDEO_BITRATE);
            sender.onKeyFrameRequest(encoder::requestKeyFrame);
        }

        @Override
        void tick(long captureMicros) throws CodecException {
            VideoFrame picture = VideoFrame.black(WIDTH, HEIGHT);
            Arrays.fill(picture.y(), marked(captureMicros) ? LUMA_FLASH : LUMA_DARK);
            long rtpTimestamp = MediaClock.toRtpTimestamp(captureMicros, clockRate, 0);
            for (EncodedFrame encoded : encoder.encode(picture, rtpTimestamp)) {
                send(encoded, captureMicros);
            }
        }

        @Override
        void close() {
            if (encoder != null) {
                encoder.close();
            }
        }
    }
}
