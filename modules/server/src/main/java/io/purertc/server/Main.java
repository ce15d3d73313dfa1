package io.purertc.server;

import java.io.IOException;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.function.UnaryOperator;

/**
 * The {@code purertc} command line. {@code serve} (the default) runs the signaling server and demo page on
 * {@link #defaultRegistry}; {@code inspect} decodes captures and session descriptions; {@code synth} writes a
 * capture of a synthetic audio+video session for Wireshark or {@code inspect} to read; {@code vp8-decode} decodes
 * an IVF file as vpxdec does; {@code vp8-encode} encodes raw video to IVF with the real-time VP8 encoder.
 */
public final class Main {

    static final String USAGE = String.join(System.lineSeparator(),
            "usage: purertc [COMMAND] [ARGUMENTS]",
            "  serve            serve the echo and its demo page (the command when none is given)",
            "  inspect FILE...  decode pcap/pcapng captures and SDP files",
            "  synth FILE.pcap  write a capture of a synthetic audio+video RTP session",
            "  vp8-decode IN.ivf OUT.yuv | --md5 IN.ivf",
            "                   decode VP8 from IVF to raw I420 as vpxdec --i420 -o OUT.yuv IN.ivf does, or print",
            "                   each frame's MD5 and number as vpxdec --md5 --i420 -o %1 IN.ivf does; a corrupt",
            "                   frame is reported and decoding resumes at the next key frame (exit status 1)",
            "  vp8-encode --width W --height H --fps F --bitrate KBPS [--keyint N] IN.yuv OUT.ivf",
            "                   encode raw I420 (or IN.y4m, whose header gives size and rate) to VP8 in IVF at",
            "                   KBPS kb/s with the real-time encoder; prints each second's bitrate and mean PSNR",
            "  --help           list the commands",
            "serve's options: --host ADDRESS to bind (default 0.0.0.0), --port N (default 8000),",
            "                 --max-sessions N (default 16), --audio echo|decode (default echo: RTP sent back",
            "                 as it came; decode: audio decoded to PCM and encoded again), --video echo|decode",
            "                 (likewise: decode turns VP8 into I420 pictures and encodes them again)");

    private Main() {
    }

    public static void main(String[] args) {
        int status = run(args, System.out, System.err);
        if (status != 0) {
            System.exit(status);
        }
    }

    /**
     * What {@code serve} serves: the echo, which sends every received audio and video stream straight back,
     * with audio and video decoded and encoded again by the installed codecs when asked.
     */
    static SessionRegistry defaultRegistry(boolean decodeAudio, boolean decodeVideo) {
        SessionMedia media;
        if (decodeVideo) {
            media = decodeAudio ? PeerSessions.decodingEcho(UnaryOperator.identity(), UnaryOperator.identity())
                    : PeerSessions.videoDecodingEcho(UnaryOperator.identity());
        } else {
            media = decodeAudio ? PeerSessions.decodingEcho(UnaryOperator.identity()) : PeerSessions.echo();
        }
        // Loopback included, so a browser on the same machine can reach the echo through 127.0.0.1 too.
        return new PeerSessions(media, ice -> ice.includeLoopback(true), Duration.ofSeconds(30));
    }

    static int run(String[] args, PrintStream out, PrintStream err) {
        if (args.length == 0 || args[0].startsWith("--") && !args[0].equals("--help")) {
            return serve(Arrays.asList(args), out, err);
        }
        List<String> rest = Arrays.asList(args).subList(1, args.length);
        try {
            switch (args[0]) {
                case "serve":
                    return serve(rest, out, err);
                case "inspect":
                    return rest.isEmpty() ? usage(err, "inspect needs a file") : inspect(rest, out);
                case "synth":
                    if (rest.size() != 1) {
                        return usage(err, "synth needs one file");
                    }
                    SyntheticSession.write(Path.of(rest.get(0)));
                    out.println("wrote " + rest.get(0));
                    return 0;
                case "vp8-decode":
                    return vp8Decode(rest, out, err);
                case "vp8-encode":
                    return vp8Encode(rest, out, err);
                case "--help":
                case "-h":
                case "help":
                    out.println(USAGE);
                    return 0;
                default:
                    return usage(err, "unknown command " + args[0]);
            }
        } catch (IOException e) {
            err.println("purertc: " + e.getMessage());
            return 1;
        }
    }

    private static int vp8Decode(List<String> args, PrintStream out, PrintStream err) throws IOException {
        Vp8Decode decode = new Vp8Decode(out, err);
        if (args.size() == 2 && args.get(0).equals("--md5")) {
            return decode.run(Path.of(args.get(1)), null, true);
        }
        if (args.size() == 2 && !args.get(0).startsWith("--")) {
            return decode.run(Path.of(args.get(0)), Path.of(args.get(1)), false);
        }
        return usage(err, "vp8-decode needs IN.ivf OUT.yuv, or --md5 IN.ivf");
    }

    private static int vp8Encode(List<String> args, PrintStream out, PrintStream err) throws IOException {
        Vp8Encode.Options options;
        try {
            options = Vp8Encode.parse(args);
        } catch (IllegalArgumentException e) {
            return usage(err, e.getMessage());
        }
        return new Vp8Encode(out, err).run(options);
    }

    private static int inspect(List<String> files, PrintStream out) throws IOException {
        int status = 0;
        for (String file : files) {
            status = Math.max(status, new Inspector(out).inspect(Path.of(file)));
        }
        return status;
    }

    private static int serve(List<String> args, PrintStream out, PrintStream err) {
        ServeOptions options;
        try {
            options = ServeOptions.parse(args);
        } catch (IllegalArgumentException e) {
            return usage(err, e.getMessage());
        }
        InetSocketAddress address = new InetSocketAddress(options.host(), options.port());
        if (address.isUnresolved()) {
            return usage(err, "unknown host " + options.host());
        }
        SessionRegistry registry = defaultRegistry(options.decodeAudio(), options.decodeVideo());
        SignalingServer server;
        try {
            server = SignalingServer.start(address, registry, options.maxSessions());
        } catch (IOException e) {
            registry.close();
            err.println("purertc: " + e.getMessage());
            return 1;
        }
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            server.close();
            registry.close();
        }, "purertc-shutdown"));
        String host = address.getAddress().isAnyLocalAddress() ? "localhost" : options.host();
        out.println("PureRTC echo on http://" + host + ":" + server.port() + "/ (Ctrl-C stops it)");
        try {
            server.awaitClose();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return 0;
    }

    private static int usage(PrintStream err, String problem) {
        err.println("purertc: " + problem);
        err.println(USAGE);
        return 2;
    }

    /** {@code serve}'s options: the address to bind (not a public name), the port, the session limit, what to decode. */
    record ServeOptions(String host, int port, int maxSessions, boolean decodeAudio, boolean decodeVideo) {

        static final ServeOptions DEFAULTS = new ServeOptions("0.0.0.0", 8000, 16, false, false);

        static ServeOptions parse(List<String> args) {
            String host = DEFAULTS.host;
            int port = DEFAULTS.port;
            int maxSessions = DEFAULTS.maxSessions;
            boolean decodeAudio = DEFAULTS.decodeAudio;
            boolean decodeVideo = DEFAULTS.decodeVideo;
            for (int i = 0; i < args.size(); i += 2) {
                String option = args.get(i);
                if (!List.of("--host", "--port", "--max-sessions", "--audio", "--video").contains(option)) {
                    throw new IllegalArgumentException("unknown option " + option);
                }
                if (i + 1 == args.size()) {
                    throw new IllegalArgumentException(option + " needs a value");
                }
                String value = args.get(i + 1);
                switch (option) {
                    case "--host":
                        host = value;
                        break;
                    case "--port":
                        port = number(option, value, 0, 0xFFFF);
                        break;
                    case "--max-sessions":
                        maxSessions = number(option, value, 1, 1_000_000);
                        break;
                    case "--audio":
                        decodeAudio = echoOrDecode(option, value);
                        break;
                    default:
                        decodeVideo = echoOrDecode(option, value);
                        break;
                }
            }
            return new ServeOptions(host, port, maxSessions, decodeAudio, decodeVideo);
        }

        private static boolean echoOrDecode(String option, String value) {
            if (!value.equals("echo") && !value.equals("decode")) {
                throw new IllegalArgumentException(option + " takes echo or decode, not " + value);
            }
            return value.equals("decode");
        }

        private static int number(String option, String value, int min, int max) {
            try {
                int n = Integer.parseInt(value);
                if (n >= min && n <= max) {
                    return n;
                }
            } catch (NumberFormatException e) {
                // refused below
            }
            throw new IllegalArgumentException(option + " takes a number from " + min + " to " + max + ": " + value);
        }
    }
}
