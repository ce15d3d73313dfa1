package io.purertc.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;

class NativeLibrariesTest {

    @Test
    void mapsLinesYieldTheSharedObjectsOnly() {
        String maps = String.join("\n",
                "7f1c2a000000-7f1c2a022000 r--p 00000000 fd:01 1835 /usr/lib/x86_64-linux-gnu/libc.so.6",
                "7f1c2a400000-7f1c2a401000 r-xp 00000000 fd:01 99 /opt/jdk/lib/libnet.so",
                "7f1c2a500000-7f1c2a501000 r-xp 00000000 fd:01 98 /tmp/jna123/jnidispatch.so (deleted)",
                "7f1c2a600000-7f1c2a601000 r--p 00000000 fd:01 97 /opt/jdk/lib/modules",
                "7ffd7c9f0000-7ffd7ca11000 rw-p 00000000 00:00 0 [stack]",
                "7f1c2a700000-7f1c2a701000 rw-p 00000000 00:00 0");
        assertEquals(Set.of("/usr/lib/x86_64-linux-gnu/libc.so.6", "/opt/jdk/lib/libnet.so",
                "/tmp/jna123/jnidispatch.so"), NativeLibraries.parseMaps(maps));
    }

    @Test
    void onlyWhatTheJdkDoesNotShipAndAnIdleJvmDoesNotMapIsForeign() {
        String jdk = System.getProperty("java.home") + "/lib/libzip.so";
        Set<String> foreign = NativeLibraries.beyondTheJdk(
                Set.of(jdk, "/usr/lib/libc.so.6", "/tmp/libjitsisrtp.so"), Set.of("/usr/lib/libc.so.6"));
        assertEquals(Set.of("/tmp/libjitsisrtp.so"), foreign);
    }

    @Test
    @EnabledOnOs(OS.LINUX)
    void anIdleJvmMapsLibcAndTheJdksOwnLibrariesAndNothingForeign() {
        Set<String> idle = NativeLibraries.runProbe(NativeLibraries.IdleProbe.class, entry -> false, 60);
        assertTrue(idle.stream().anyMatch(library -> library.contains("libjvm.so")), idle.toString());
        assertTrue(idle.stream().noneMatch(library -> library.contains("jnidispatch")
                || library.contains("libcrypto") || library.contains("jitsi")), idle.toString());
    }
}
