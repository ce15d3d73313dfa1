package io.purertc.codec.opus.ogg;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.purertc.codec.opus.OpusDecoder;
import io.purertc.codec.opus.OpusEncoder;
import io.purertc.codec.opus.Signals;
import io.purertc.testkit.ExternalTool;

/**
 * Our Ogg Opus files against libopus through Debian's opus-tools: what we write, opusdec plays; what
 * opusenc writes, we decode. Both keep a 1 kHz tone's frequency and its waveform (cross-correlation
 * at the best lag of at least 0.9, lags up to 100 ms searched since each side's pre-skip handling is
 * what is under test).
 */
@Tag("interop")
class OpusToolsInteropTest {

    private static final int RATE = 48_000;
    private static final int SECONDS = 2;
    private static final double TONE = 1000;

    @TempDir
    Path dir;

    @Test
    void opusdecPlaysWhatWeEncode() throws Exception {
        ExternalTool opusdec = ExternalTool.require("opusdec", "opus-tools");
        short[] input = Signals.sine(TONE, RATE, RATE * SECONDS, 1, 10_000);
        OpusEncoder encoder = new OpusEncoder(new OpusEncoder.Settings(1, 20, 48_000, 9, true, false, 0, false, RATE));
        Path opus = dir.resolve("ours.opus");
        try (OutputStream out = Files.newOutputStream(opus)) {
            OggOpusWriter writer = new OggOpusWriter(out, 42,
                    new OpusHead(1, encoder.lookahead(), RATE, (short) 0), "purertc");
            byte[] packet = new byte[1500];
            // the encoder's lookahead delays the input: feed silence after it until the last sample is out
            int frames = (input.length + encoder.lookahead() + encoder.frameSamples() - 1) / encoder.frameSamples();
            short[] padded = Arrays.copyOf(input, frames * encoder.frameSamples());
            for (int at = 0; at < padded.length; at += encoder.frameSamples()) {
                writer.write(Arrays.copyOf(packet, encoder.encode(padded, at, packet, 0, packet.length)));
            }
            writer.finish(input.length);
        }
        Path wav = dir.resolve("decoded.wav");
        opusdec.run(60, "--quiet", "--rate", "48000", "--no-dither", opus.toString(), wav.toString());
        short[] decoded = readWav(Files.readAllBytes(wav));
        // opusdec drops the pre-skip and trims to the last granule position: the length is exact
        assertEquals(input.length, decoded.length);
        assertKeepsTheTone(input, decoded);
    }

    @Test
    void weDecodeWhatOpusencEncodes() throws Exception {
        ExternalTool opusenc = ExternalTool.require("opusenc", "opus-tools");
        short[] input = Signals.sine(TONE, RATE, RATE * SECONDS, 1, 10_000);
        Path wav = dir.resolve("input.wav");
        Files.write(wav, writeWav(input));
        Path opus = dir.resolve("theirs.opus");
        opusenc.run(60, "--quiet", "--bitrate", "48", wav.toString(), opus.toString());
        OggOpusStream stream = OggOpusStream.read(Files.readAllBytes(opus));
        assertEquals(1, stream.head().channels());
        OpusDecoder decoder = new OpusDecoder(1);
        short[] all = new short[(stream.packets().size() + 1) * 5760];
        int at = 0;
        for (byte[] packet : stream.packets()) {
            at += decoder.decode(packet, 0, packet.length, all, at);
        }
        int preSkip = stream.head().preSkip();
        short[] decoded = Arrays.copyOfRange(all, preSkip, preSkip + (int) stream.playableSamples());
        assertEquals(input.length, decoded.length);
        assertKeepsTheTone(input, decoded);
    }

    private static void assertKeepsTheTone(short[] input, short[] decoded) {
        double[] tail = Signals.channel(decoded, 1, 0, RATE / 2, RATE / 2);
        assertEquals(TONE, Signals.dominant(tail, RATE, 500, 900, 950, 1000, 1050, 1100, 2000));
        double[] reference = Signals.channel(input, 1, 0, RATE / 2, RATE / 2);
        double[] around = Signals.channel(decoded, 1, 0, RATE / 2 - RATE / 10, RATE / 2 + RATE / 5);
        // the search starts 100 ms early, so lag 4800 is perfect alignment
        double correlation = Signals.bestCorrelation(reference, around, 2 * RATE / 10, RATE / 2);
        assertTrue(correlation >= 0.9, "cross-correlation " + correlation);
    }

    /** A 16-bit mono WAV (RIFF, WAVE_FORMAT_PCM). */
    static byte[] writeWav(short[] pcm) throws IOException {
        ByteBuffer b = ByteBuffer.allocate(44 + pcm.length * 2).order(ByteOrder.LITTLE_ENDIAN);
        b.put("RIFF".getBytes()).putInt(36 + pcm.length * 2).put("WAVE".getBytes());
        b.put("fmt ".getBytes()).putInt(16).putShort((short) 1).putShort((short) 1).putInt(RATE).putInt(RATE * 2)
                .putShort((short) 2).putShort((short) 16);
        b.put("data".getBytes()).putInt(pcm.length * 2);
        for (short s : pcm) {
            b.putShort(s);
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(b.array());
        return out.toByteArray();
    }

    /** The samples of a 16-bit mono WAV's data chunk. */
    static short[] readWav(byte[] wav) {
        ByteBuffer b = ByteBuffer.wrap(wav).order(ByteOrder.LITTLE_ENDIAN);
        b.position(12);
        while (b.remaining() >= 8) {
            byte[] id = new byte[4];
            b.get(id);
            int size = b.getInt();
            if (new String(id).equals("data")) {
                short[] pcm = new short[Math.min(size, b.remaining()) / 2];
                b.asShortBuffer().get(pcm);
                return pcm;
            }
            b.position(b.position() + size + (size & 1));
        }
        throw new AssertionError("no data chunk");
    }
}
