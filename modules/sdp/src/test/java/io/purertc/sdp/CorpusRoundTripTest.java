package io.purertc.sdp;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.FieldSource;

class CorpusRoundTripTest {

    static final java.util.List<String> FILES = Corpus.FILES;

    @ParameterizedTest
    @FieldSource("FILES")
    void writesBackExactlyWhatItRead(String file) {
        String text = Corpus.text(file);
        String crlf = text.replace("\r\n", "\n").replace("\n", "\r\n");
        assertEquals(crlf, Corpus.parse(file).write());
    }

    @ParameterizedTest
    @FieldSource("FILES")
    void parseWriteParseGivesAnEqualModel(String file) throws SdpParseException {
        SessionDescription parsed = Corpus.parse(file);
        assertEquals(parsed, SessionDescription.parse(parsed.write()));
    }

    @ParameterizedTest
    @FieldSource("FILES")
    void acceptsLfLineEndings(String file) throws SdpParseException {
        String lf = Corpus.text(file).replace("\r\n", "\n");
        assertEquals(Corpus.parse(file), SessionDescription.parse(lf));
    }
}
