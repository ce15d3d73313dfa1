package io.purertc.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.Test;
import org.opentest4j.AssertionFailedError;

class ExternalToolTest {

    @Test
    void findsToolsOnThePathAndNotOthers() {
        assertTrue(ExternalTool.find("sh").isPresent());
        assertTrue(ExternalTool.find("no-such-tool-purertc").isEmpty());
    }

    @Test
    void runReturnsOutputAndFailsOnNonZeroExit() {
        ExternalTool sh = ExternalTool.require("sh", "dash");
        assertEquals(List.of("a", "b"), sh.run(10, "-c", "printf 'a\\n\\nb\\n'").lines());
        AssertionFailedError failure = assertThrows(AssertionFailedError.class, () -> sh.run(10, "-c", "echo oops >&2; exit 3"));
        assertTrue(failure.getMessage().contains("exited 3") && failure.getMessage().contains("oops"), failure.getMessage());
    }

    @Test
    void runFailsOnTimeout() {
        ExternalTool sh = ExternalTool.require("sh", "dash");
        assertThrows(AssertionFailedError.class, () -> sh.run(1, "-c", "sleep 5"));
    }
}
