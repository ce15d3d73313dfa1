package io.purertc.testkit;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Wireshark's command-line dissector (Debian package {@code tshark}), used to read back a capture
 * our code wrote and report the field values Wireshark's own dissectors find in it.
 */
public final class Tshark {

    private static final String SEPARATOR = "\t";
    private static final String AGGREGATOR = "|";

    private final ExternalTool tool;

    private Tshark(ExternalTool tool) {
        this.tool = tool;
    }

    /** tshark from the PATH, failing in the interop profile and skipping otherwise when absent. */
    public static Tshark require() {
        return new Tshark(ExternalTool.require("tshark", "tshark"));
    }

    /**
     * Dissects {@code capture} and returns, for each frame, the named fields. A field that occurs
     * several times in a frame lists its values joined by {@code |}; an absent field is empty.
     *
     * @param decodeAs tshark {@code -d} rules, e.g. {@code "udp.port==5004,rtp"}
     */
    public List<Map<String, String>> fields(Path capture, List<String> decodeAs, List<String> fields) {
        List<String> args = new ArrayList<>(List.of("-n", "-r", capture.toString()));
        for (String rule : decodeAs) {
            args.add("-d");
            args.add(rule);
        }
        args.addAll(List.of("-T", "fields", "-E", "separator=" + SEPARATOR, "-E", "occurrence=a",
                "-E", "aggregator=" + AGGREGATOR));
        for (String field : fields) {
            args.add("-e");
            args.add(field);
        }
        List<Map<String, String>> frames = new ArrayList<>();
        for (String line : tool.run(60, args.toArray(String[]::new)).stdout().split("\n", -1)) {
            if (line.isEmpty()) {
                continue;
            }
            String[] values = line.split(SEPARATOR, -1);
            Map<String, String> frame = new LinkedHashMap<>();
            for (int i = 0; i < fields.size(); i++) {
                frame.put(fields.get(i), i < values.length ? values[i] : "");
            }
            frames.add(frame);
        }
        return frames;
    }

    /** Runs tshark with raw arguments, e.g. to convert a capture with {@code -F}. */
    public ExternalTool.Result run(String... args) {
        return tool.run(60, args);
    }

    /** Splits a field value that occurred several times in one frame. */
    public static List<String> values(String field) {
        return field.isEmpty() ? List.of() : List.of(field.split("\\" + AGGREGATOR, -1));
    }
}
