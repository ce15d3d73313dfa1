package io.purertc.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.purertc.codec.vp8.IvfWriter;

class MainTest {

    @TempDir
    Path dir;

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    private int run(String... args) {
        return Main.run(args, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    @Test
    void synthesizedSessionInspectsCleanlyWithTheDroppedPacketCounted() {
        Path capture = dir.resolve("demo.pcap");
        assertEquals(0, run("synth", capture.toString()));
        assertEquals(0, run("inspect", capture.toString()));
        String text = out.toString(StandardCharsets.UTF_8);
        assertTrue(text.contains("datagrams by class: {RTP=422, RTCP=5}, malformed: 0"), text);
        assertTrue(text.contains("ssrc=0x1a2b3c4d pt=111 packets=150 expected=150 lost=0"), text);
        assertTrue(text.contains("ssrc=0x5e6f7081 pt=96 packets=272 expected=273 lost=1"), text);
        assertTrue(text.contains("lostSequenceNumbers=[1040]"), text);
    }

    @Test
    void malformedDatagramIsReportedAndSetsTheExitStatus() throws Exception {
        Path capture = dir.resolve("bad.pcap");
        try (var writer = io.purertc.rtp.PcapWriter.create(capture, io.purertc.rtp.PcapFormat.PCAP)) {
            var a = new java.net.InetSocketAddress("127.0.0.1", 1);
            writer.write(0, a, a, new byte[] {(byte) 0x8F, 96, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0});
        }
        assertEquals(1, run("inspect", capture.toString()));
        assertTrue(out.toString(StandardCharsets.UTF_8).contains("MALFORMED RTP malformed at byte 12: CSRC list"),
                out.toString(StandardCharsets.UTF_8));
    }

    @Test
    void sdpIsSummarisedAndBadSdpNamesItsLine() throws Exception {
        Path good = dir.resolve("offer.sdp");
        Files.writeString(good, "v=0\r\no=- 1 2 IN IP4 127.0.0.1\r\ns=-\r\nt=0 0\r\n"
                + "m=audio 9 UDP/TLS/RTP/SAVPF 111\r\na=mid:0\r\na=rtpmap:111 opus/48000/2\r\na=recvonly\r\n");
        assertEquals(0, run("inspect", good.toString()));
        String text = out.toString(StandardCharsets.UTF_8);
        assertTrue(text.contains("m=audio mid=0 port=9 UDP/TLS/RTP/SAVPF direction=recvonly"), text);
        assertTrue(text.contains("codec 111 opus/48000/2"), text);
        Path bad = dir.resolve("bad.sdp");
        Files.writeString(bad, "v=0\r\no=- 1 2 IN IP4 127.0.0.1\r\ns=-\r\nt=0 0\r\nm=audio x RTP/AVP 0\r\n");
        assertEquals(1, run("inspect", bad.toString()));
        assertTrue(out.toString(StandardCharsets.UTF_8).contains("line 5"), out.toString(StandardCharsets.UTF_8));
    }

    @Test
    void usageOnBadArguments() {
        assertEquals(2, run("frobnicate"));
        assertTrue(err.toString(StandardCharsets.UTF_8).contains("unknown command frobnicate"));
        assertTrue(err.toString(StandardCharsets.UTF_8).contains("usage"));
        assertEquals(2, run("inspect"));
        assertEquals(2, run("synth", "a.pcap", "b.pcap"));
    }

    @Test
    void helpListsEveryCommandOnItsOwnLine() {
        assertEquals(0, run("--help"));
        String[] lines = out.toString(StandardCharsets.UTF_8).split("\\R");
        for (String command : new String[] {"serve", "inspect", "synth", "vp8-decode", "vp8-encode", "--help"}) {
            assertEquals(1, Arrays.stream(lines).filter(line -> line.startsWith("  " + command + " ")).count(),
                    command);
        }
    }

    @Test
    void vp8DecodeReportsCorruptFramesByIndexAndRefusesOtherCodecs() throws Exception {
        Path garbage = dir.resolve("garbage.ivf");
        try (IvfWriter writer = IvfWriter.create(garbage, "VP80", 64, 48, 30, 1)) {
            for (int i = 0; i < 3; i++) {
                byte[] frame = new byte[40];
                Arrays.fill(frame, (byte) (0x55 * i + 1));
                writer.write(i, frame, 0, frame.length);
            }
        }
        assertEquals(1, run("vp8-decode", "--md5", garbage.toString()));
        String errors = err.toString(StandardCharsets.UTF_8);
        // 0x01 bytes: an inter frame (P=1) before any key frame; 0x56: a key frame that is not VP8; 0xAB: inter.
        assertTrue(errors.contains("frame 0 is an inter frame before any key frame"), errors);
        assertTrue(errors.contains("frame 1 is corrupt: VP8: "), errors);
        assertTrue(errors.contains("1 corrupt frames, 2 frames skipped waiting for a key frame, 0 frames decoded"),
                errors);
        assertEquals("", out.toString(StandardCharsets.UTF_8));

        Path vp9 = dir.resolve("vp9.ivf");
        IvfWriter.create(vp9, "VP90", 64, 48, 30, 1).close();
        assertEquals(1, run("vp8-decode", vp9.toString(), dir.resolve("out.yuv").toString()));
        assertTrue(err.toString(StandardCharsets.UTF_8).contains("holds VP90, not VP8"));

        Files.write(dir.resolve("short.ivf"), new byte[] {'D', 'K', 'I', 'F'});
        assertEquals(1, run("vp8-decode", "--md5", dir.resolve("short.ivf").toString()));
        assertTrue(err.toString(StandardCharsets.UTF_8).contains("IVF: file ends at byte 4"));

        assertEquals(2, run("vp8-decode", garbage.toString()));
        assertEquals(2, run("vp8-decode", "--sha1", garbage.toString()));
    }

    /** A 64x48 Y4M clip of a bright square sliding over a ramp, 45 frames at 15 fps, and what encoding it prints. */
    @Test
    void vp8EncodeReportsEachSecondAndWritesAStreamOurDecoderReads() throws Exception {
        Path y4m = dir.resolve("clip.y4m");
        try (var sink = new java.io.BufferedOutputStream(Files.newOutputStream(y4m))) {
            sink.write("YUV4MPEG2 W64 H48 F15:1 Ip C420jpeg\n".getBytes(StandardCharsets.US_ASCII));
            for (int f = 0; f < 45; f++) {
                sink.write("FRAME\n".getBytes(StandardCharsets.US_ASCII));
                for (int y = 0; y < 48; y++) {
                    for (int x = 0; x < 64; x++) {
                        boolean square = x >= f && x < f + 16 && y >= 16 && y < 32;
                        sink.write(square ? 230 : 40 + 2 * x + y);
                    }
                }
                for (int i = 0; i < 2 * 32 * 24; i++) {
                    sink.write(128 + i % 7);
                }
            }
        }
        Path ivf = dir.resolve("clip.ivf");
        assertEquals(0, run("vp8-encode", "--bitrate", "200", y4m.toString(), ivf.toString()), err.toString());
        String text = out.toString(StandardCharsets.UTF_8);
        for (String label : new String[] {"second 1: ", "second 2: ", "second 3: ", "total 45 frames: "}) {
            assertTrue(text.contains(label), text);
        }
        java.util.regex.Matcher psnr = java.util.regex.Pattern.compile("total 45 frames: ([0-9.]+) kb/s, mean PSNR "
                + "([0-9.]+) dB").matcher(text);
        assertTrue(psnr.find(), text);
        assertTrue(Double.parseDouble(psnr.group(2)) > 30, text);
        out.reset();
        assertEquals(0, run("vp8-decode", "--md5", ivf.toString()), err.toString());
        assertTrue(out.toString(StandardCharsets.UTF_8).contains("  45"), "one MD5 per frame");

        assertEquals(2, run("vp8-encode", y4m.toString(), ivf.toString()));
        assertTrue(err.toString(StandardCharsets.UTF_8).contains("needs --bitrate"));
        assertEquals(2, run("vp8-encode", "--bitrate", "100", dir.resolve("raw.yuv").toString(), ivf.toString()));
        assertEquals(2, run("vp8-encode", "--bitrate", "x", y4m.toString(), ivf.toString()));
    }

    @Test
    void serveOptionsHaveDefaultsAndRefuseNonsense() {
        assertEquals(new Main.ServeOptions("0.0.0.0", 8000, 16, false, false), Main.ServeOptions.parse(List.of()));
        assertEquals(new Main.ServeOptions("127.0.0.1", 9000, 2, true, false), Main.ServeOptions.parse(
                List.of("--port", "9000", "--host", "127.0.0.1", "--max-sessions", "2", "--audio", "decode")));
        assertEquals(new Main.ServeOptions("0.0.0.0", 8000, 16, false, true), Main.ServeOptions.parse(
                List.of("--video", "decode", "--audio", "echo")));
        assertEquals(2, run("serve", "--audio", "loud"));
        assertEquals(2, run("serve", "--video", "vp9"));
        assertEquals(2, run("serve", "--port", "70000"));
        assertEquals(2, run("--max-sessions", "0"));
        assertEquals(2, run("--port"));
        assertEquals(2, run("serve", "--verbose", "1"));
        String errors = err.toString(StandardCharsets.UTF_8);
        assertTrue(errors.contains("--port takes a number from 0 to 65535: 70000"), errors);
        assertTrue(errors.contains("--max-sessions takes a number from 1 to 1000000: 0"), errors);
        assertTrue(errors.contains("--port needs a value"), errors);
        assertTrue(errors.contains("unknown option --verbose"), errors);
        assertTrue(errors.contains("--audio takes echo or decode, not loud"), errors);
        assertTrue(errors.contains("--video takes echo or decode, not vp9"), errors);
    }
}
