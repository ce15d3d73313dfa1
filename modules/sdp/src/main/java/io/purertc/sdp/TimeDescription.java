package io.purertc.sdp;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A {@code t=} line with its {@code r=} repeat lines and optional {@code z=} line
 * (RFC 8866 §5.9-§5.11). WebRTC only ever writes {@code t=0 0}; repeats and zone adjustments
 * are kept as checked text.
 */
public record TimeDescription(long start, long stop, List<String> repeats, Optional<String> zoneAdjustments) {

    /** {@code t=0 0}: an unbounded session, what JSEP writes (RFC 8829 §5.2.1). */
    public static final TimeDescription UNBOUNDED = new TimeDescription(0, 0, List.of(), Optional.empty());

    /** NTP seconds need at most 10 digits; RFC 8866 §5.9 allows no more. */
    private static final long MAX_TIME = 9_999_999_999L;

    public TimeDescription {
        if (start < 0 || start > MAX_TIME || stop < 0 || stop > MAX_TIME) {
            throw new IllegalArgumentException("start and stop must be 0.." + MAX_TIME);
        }
        repeats = List.copyOf(repeats);
        repeats.forEach(r -> Grammar.requireText("r=", r));
        Objects.requireNonNull(zoneAdjustments, "zoneAdjustments").ifPresent(z -> Grammar.requireText("z=", z));
    }

    static TimeDescription parse(Fields f) throws SdpParseException {
        long start = f.number("start-time", 0, MAX_TIME);
        long stop = f.number("stop-time", 0, MAX_TIME);
        f.end("stop-time");
        return new TimeDescription(start, stop, List.of(), Optional.empty());
    }

    /** Checks an {@code r=} value: repeat-interval SP typed-time 1*(SP typed-time). */
    static String checkRepeat(Fields f, String value) throws SdpParseException {
        int count = 0;
        while (!f.atEnd()) {
            typedTime(f, f.next("typed-time"), false);
            count++;
        }
        if (count < 3) {
            throw f.error("r= needs an interval, a duration and at least one offset");
        }
        return value;
    }

    /** Checks a {@code z=} value: pairs of time SP ["-"] typed-time. */
    static String checkZone(Fields f, String value) throws SdpParseException {
        do {
            f.number("adjustment time", 0, Long.MAX_VALUE);
            typedTime(f, f.next("offset"), true);
        } while (!f.atEnd());
        return value;
    }

    private static void typedTime(Fields f, String field, boolean signed) throws SdpParseException {
        String digits = signed && field.startsWith("-") ? field.substring(1) : field;
        if (!digits.isEmpty() && "dhms".indexOf(digits.charAt(digits.length() - 1)) >= 0) {
            digits = digits.substring(0, digits.length() - 1);
        }
        f.number(digits, "typed-time", 0, Long.MAX_VALUE);
    }
}
