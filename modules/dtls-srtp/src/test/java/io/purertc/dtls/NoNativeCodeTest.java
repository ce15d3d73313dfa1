package io.purertc.dtls;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.purertc.testkit.NativeLibraries;
import java.util.Set;
import java.util.function.Predicate;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;

/**
 * No native code, proven: a JVM that ran a full DTLS-SRTP call maps no shared library beyond those the JDK
 * ships and those an idle JVM maps anyway (libc and the like). Both run on this test's class path without
 * the oracle's jars (jitsi-srtp, JNA, Kotlin), so nothing shipped can lean on them unnoticed.
 */
class NoNativeCodeTest {

    private static final Pattern ORACLE_JARS = Pattern.compile("jitsi|/jna|kotlin|json-simple");

    @Test
    @EnabledOnOs(OS.LINUX)
    void aDtlsSrtpCallMapsNothingTheJdkDoesNotShip() {
        Predicate<String> oracle = entry -> ORACLE_JARS.matcher(entry).find();
        Set<String> idle = NativeLibraries.runProbe(NativeLibraries.IdleProbe.class, oracle, 60);
        Set<String> call = NativeLibraries.runProbe(PureJavaCallProbe.class, oracle, 120);
        assertTrue(call.stream().anyMatch(library -> library.endsWith("/libnio.so")),
                "the probe did no networking? " + call);
        assertEquals(Set.of(), NativeLibraries.beyondTheJdk(call, idle));
        assertTrue(call.stream().noneMatch(library -> library.contains("jitsi") || library.contains("jnidispatch")
                || library.contains("libcrypto") || library.contains("libssl")), call.toString());
    }
}
