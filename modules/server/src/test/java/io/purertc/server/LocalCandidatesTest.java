package io.purertc.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.ArrayList;
import java.util.List;
import java.util.OptionalInt;

import org.junit.jupiter.api.Test;

class LocalCandidatesTest {

    @Test
    void aCandidateNamesItsSectionAndTheListIsACopy() {
        assertThrows(IllegalArgumentException.class,
                () -> new LocalCandidates.Candidate("candidate:1 1 udp 1 127.0.0.1 9 typ host", null,
                        OptionalInt.empty()));
        List<LocalCandidates.Candidate> list = new ArrayList<>();
        list.add(new LocalCandidates.Candidate("candidate:1 1 udp 1 127.0.0.1 9 typ host", "0", OptionalInt.empty()));
        LocalCandidates candidates = new LocalCandidates(list, false);
        list.clear();
        assertEquals(1, candidates.candidates().size());
        assertEquals("{\"candidates\":[{\"candidate\":\"candidate:1 1 udp 1 127.0.0.1 9 typ host\",\"sdpMid\":\"0\"}],"
                + "\"complete\":false}", Json.write(candidates));
    }
}
