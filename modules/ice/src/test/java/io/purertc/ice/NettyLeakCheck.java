package io.purertc.ice;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.netty.buffer.PooledByteBufAllocator;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Fails a test when Netty reports a leaked buffer. With no SLF4J provider Netty logs through
 * java.util.logging, so the report is caught there; the surefire argLine sets paranoid detection, and a
 * collection plus a few fresh allocations make the detector look at what the test left behind. A leak
 * the collector has not reached yet goes unnoticed, never the other way round.
 */
final class NettyLeakCheck implements BeforeEachCallback, AfterEachCallback {

    private static final Logger DETECTOR = Logger.getLogger("io.netty.util.ResourceLeakDetector");

    private final List<String> leaks = new CopyOnWriteArrayList<>();
    private final Handler recorder = new Handler() {
        @Override
        public void publish(LogRecord record) {
            if (record.getMessage() != null && record.getMessage().contains("LEAK")) {
                leaks.add(record.getMessage());
            }
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
        }
    };

    @Override
    public void beforeEach(ExtensionContext context) {
        DETECTOR.addHandler(recorder);
    }

    @Override
    public void afterEach(ExtensionContext context) throws InterruptedException {
        try {
            for (int round = 0; round < 3 && leaks.isEmpty(); round++) {
                System.gc();
                Thread.sleep(20);
                for (int i = 0; i < 8; i++) {
                    PooledByteBufAllocator.DEFAULT.heapBuffer(16).release();
                }
            }
            assertEquals(List.of(), leaks, "Netty buffers leaked");
        } finally {
            DETECTOR.removeHandler(recorder);
        }
    }
}
