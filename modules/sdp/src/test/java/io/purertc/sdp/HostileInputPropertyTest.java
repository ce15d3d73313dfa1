package io.purertc.sdp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

import java.util.ArrayList;
import java.util.List;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * Whatever arrives, the parser either returns a description or throws SdpParseException;
 * and what it returns writes back to text that parses to the same model.
 */
class HostileInputPropertyTest {

    /** Characters SDP is made of, plus the troublesome ones. */
    private static final String ALPHABET =
            "vosiuepcbtrzkam=: /.;,-*~\r\n\t\u0000\u007f0123456789abcdefghijklmnopqrstuvwxyzABCDEFINPRTUVS{}éü";

    /** Parses; anything but success or SdpParseException fails the property. */
    private static void parseOnlyFailsCleanly(String text) {
        SessionDescription parsed;
        try {
            parsed = SessionDescription.parse(text);
        } catch (SdpParseException e) {
            if (e.lineNumber() < 1 || e.rule().isEmpty()) {
                fail("exception without line or rule: " + e.getMessage());
            }
            return;
        } catch (RuntimeException e) {
            throw new AssertionError("parse threw " + e + " for input: " + text, e);
        }
        try {
            assertEquals(parsed, SessionDescription.parse(parsed.write()));
        } catch (SdpParseException e) {
            throw new AssertionError("written description does not parse: " + e.getMessage(), e);
        }
    }

    @Property(tries = 3000)
    void randomTextNeverEscapesAsAnythingElse(@ForAll("sdpish") String text) {
        parseOnlyFailsCleanly(text);
    }

    @Property(tries = 500)
    void anyUnicodeNeverEscapesAsAnythingElse(@ForAll String text) {
        parseOnlyFailsCleanly(text);
    }

    @Property(tries = 300)
    void randomTextAfterAValidHeadNeverEscapes(@ForAll("sdpish") String tail) {
        parseOnlyFailsCleanly("v=0\r\no=- 1 1 IN IP4 127.0.0.1\r\ns=-\r\nt=0 0\r\n" + tail);
        parseOnlyFailsCleanly("v=0\r\no=- 1 1 IN IP4 127.0.0.1\r\ns=-\r\nt=0 0\r\na=" + tail);
        parseOnlyFailsCleanly("v=0\r\no=- 1 1 IN IP4 127.0.0.1\r\ns=-\r\nt=0 0\r\nm=audio 9 RTP/AVP 0\r\na=" + tail);
    }

    @Property(tries = 1000)
    void randomCandidatesNeverEscapeAsAnythingElse(@ForAll("sdpish") String text) {
        try {
            Candidate candidate = Candidate.parse(text);
            assertEquals(candidate, Candidate.parse(candidate.attributeValue().orElseThrow()));
        } catch (SdpParseException e) {
            assertEquals(1, e.lineNumber());
        }
    }

    @Property(tries = 3000)
    void mutatedCorpusNeverEscapesAsAnythingElse(@ForAll("mutatedCorpus") String text) {
        parseOnlyFailsCleanly(text);
    }

    @Property(tries = 1000)
    void truncatedCorpusNeverEscapesAsAnythingElse(@ForAll("corpusFile") String text, @ForAll double cut) {
        parseOnlyFailsCleanly(text.substring(0, (int) (Math.abs(cut) % 1.0 * text.length())));
    }

    @Provide
    Arbitrary<String> sdpish() {
        return Arbitraries.strings().withChars(ALPHABET.toCharArray()).ofMaxLength(400);
    }

    @Provide
    Arbitrary<String> corpusFile() {
        return Arbitraries.of(Corpus.FILES).map(Corpus::text);
    }

    /** A corpus file with 1-4 edits: a character replaced, inserted or deleted, a line dropped or doubled. */
    @Provide
    Arbitrary<String> mutatedCorpus() {
        Arbitrary<Mutation> mutation = Combinators.combine(
                Arbitraries.integers().between(0, 4),
                Arbitraries.integers().greaterOrEqual(0),
                Arbitraries.chars().with(ALPHABET.toCharArray()))
                .as(Mutation::new);
        return Combinators.combine(corpusFile(), mutation.list().ofMinSize(1).ofMaxSize(4))
                .as((text, mutations) -> {
                    String result = text;
                    for (Mutation m : mutations) {
                        result = m.apply(result);
                    }
                    return result;
                });
    }

    private record Mutation(int kind, int where, char c) {
        String apply(String text) {
            if (text.isEmpty()) {
                return String.valueOf(c);
            }
            int at = where % text.length();
            switch (kind) {
                case 0:
                    return text.substring(0, at) + c + text.substring(at + 1);
                case 1:
                    return text.substring(0, at) + c + text.substring(at);
                case 2:
                    return text.substring(0, at) + text.substring(at + 1);
                default:
                    List<String> lines = new ArrayList<>(List.of(text.split("\r\n", -1)));
                    int line = where % lines.size();
                    if (kind == 3) {
                        lines.remove(line);
                    } else {
                        lines.add(line, lines.get(line));
                    }
                    return String.join("\r\n", lines);
            }
        }
    }
}
