package io.purertc.sdp;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * {@code a=simulcast:send <streams> recv <streams>}: the simulcast streams of a section by rid
 * (RFC 8853 §5.1). Each stream is a list of alternative rids ({@code ,}); streams are separated
 * by {@code ;}; {@code ~} marks a stream that starts paused.
 */
public record Simulcast(List<List<Simulcast.Alternative>> send, List<List<Simulcast.Alternative>> recv)
        implements Attribute {

    static final String NAME = "simulcast";

    /** One rid in a stream's list of alternatives. */
    public record Alternative(String rid, boolean paused) {
        public Alternative {
            if (!Rid.validId(rid)) {
                throw new IllegalArgumentException("rid-id \"" + rid + "\" must be alpha-numeric, - or _");
            }
        }
    }

    public Simulcast {
        send = copy(send);
        recv = copy(recv);
        if (send.isEmpty() && recv.isEmpty()) {
            throw new IllegalArgumentException("simulcast needs send or recv streams");
        }
    }

    private static List<List<Alternative>> copy(List<List<Alternative>> streams) {
        List<List<Alternative>> copy = new ArrayList<>();
        for (List<Alternative> alternatives : streams) {
            if (alternatives.isEmpty()) {
                throw new IllegalArgumentException("a simulcast stream needs at least one rid");
            }
            copy.add(List.copyOf(alternatives));
        }
        return List.copyOf(copy);
    }

    @Override
    public String attributeName() {
        return NAME;
    }

    @Override
    public Optional<String> attributeValue() {
        StringBuilder value = new StringBuilder();
        append(value, "send", send);
        append(value, "recv", recv);
        return Optional.of(value.toString());
    }

    private static void append(StringBuilder value, String direction, List<List<Alternative>> streams) {
        if (streams.isEmpty()) {
            return;
        }
        if (value.length() > 0) {
            value.append(' ');
        }
        value.append(direction).append(' ');
        for (int s = 0; s < streams.size(); s++) {
            value.append(s == 0 ? "" : ";");
            List<Alternative> alternatives = streams.get(s);
            for (int a = 0; a < alternatives.size(); a++) {
                Alternative alternative = alternatives.get(a);
                value.append(a == 0 ? "" : ",").append(alternative.paused() ? "~" : "").append(alternative.rid());
            }
        }
    }

    static Simulcast parse(Fields f) throws SdpParseException {
        List<List<Alternative>> send = null;
        List<List<Alternative>> recv = null;
        do {
            String direction = f.next("sc-send or sc-recv");
            List<List<Alternative>> streams = streams(f, f.next("sc-str-list"));
            if ("send".equals(direction) && send == null) {
                send = streams;
            } else if ("recv".equals(direction) && recv == null) {
                recv = streams;
            } else {
                throw f.error("simulcast takes at most one send and one recv list, not \"" + direction + "\"");
            }
        } while (!f.atEnd());
        return new Simulcast(send == null ? List.of() : send, recv == null ? List.of() : recv);
    }

    private static List<List<Alternative>> streams(Fields f, String list) throws SdpParseException {
        List<List<Alternative>> streams = new ArrayList<>();
        for (String stream : list.split(";", -1)) {
            List<Alternative> alternatives = new ArrayList<>();
            for (String id : stream.split(",", -1)) {
                boolean paused = id.startsWith("~");
                String rid = paused ? id.substring(1) : id;
                f.check(Rid.validId(rid), "simulcast rid-id \"" + rid + "\" must be alpha-numeric, - or _");
                alternatives.add(new Alternative(rid, paused));
            }
            streams.add(alternatives);
        }
        return streams;
    }
}
