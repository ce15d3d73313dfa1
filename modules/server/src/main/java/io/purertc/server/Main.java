package io.purertc.server;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * Command-line entry point. Until the signaling server exists it offers the wire layer's tools:
 * {@code inspect} decodes captures and session descriptions, {@code synth} writes a capture of a
 * synthetic audio+video session for Wireshark or {@code inspect} to read.
 */
public final class Main {

    private Main() {
    }

    public static void main(String[] args) {
        System.exit(run(args, System.out, System.err));
    }

    static int run(String[] args, PrintStream out, PrintStream err) {
        if (args.length < 2 || !(args[0].equals("inspect") || args[0].equals("synth"))) {
            err.println("usage: purertc inspect FILE...   decode pcap/pcapng captures and SDP files");
            err.println("       purertc synth FILE.pcap   write a capture of a synthetic audio+video RTP session");
            return 2;
        }
        try {
            if (args[0].equals("synth")) {
                SyntheticSession.write(Path.of(args[1]));
                out.println("wrote " + args[1]);
                return 0;
            }
            int status = 0;
            for (String file : Arrays.copyOfRange(args, 1, args.length)) {
                status = Math.max(status, new Inspector(out).inspect(Path.of(file)));
            }
            return status;
        } catch (IOException e) {
            err.println("purertc: " + e.getMessage());
            return 1;
        }
    }
}
