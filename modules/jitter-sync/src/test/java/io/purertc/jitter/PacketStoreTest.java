package io.purertc.jitter;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.TreeSet;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;
import org.junit.jupiter.api.Test;

class PacketStoreTest {

    @Property
    void keepsPacketsInSequenceOrderUpToItsCapacity(
            @ForAll @Size(max = 300) List<@IntRange(min = -50, max = 50) Integer> sequences,
            @ForAll @IntRange(min = 1, max = 20) int capacity) {
        PacketStore store = new PacketStore(capacity);
        TreeSet<Long> model = new TreeSet<>();
        for (int sequence : sequences) {
            byte[] payload = {(byte) sequence};
            PacketStore.Outcome outcome = store.insert(sequence, sequence * 960L, 0, payload, 0, 1);
            if (model.contains((long) sequence)) {
                assertEquals(PacketStore.Outcome.DUPLICATE, outcome);
            } else if (model.size() == capacity) {
                assertEquals(PacketStore.Outcome.FULL, outcome);
                model.pollFirst();
                store.removeHead();
                assertEquals(PacketStore.Outcome.STORED, store.insert(sequence, sequence * 960L, 0, payload, 0, 1));
                model.add((long) sequence);
            } else {
                assertEquals(PacketStore.Outcome.STORED, outcome);
                model.add((long) sequence);
            }
            assertEquals(model.size(), store.size());
            assertTrue(store.size() <= capacity);
            assertEquals(model.first(), store.headSequence());
            assertEquals(model.first() * 960, store.headTimestamp());
            assertEquals((byte) (long) model.first(), store.headPayload()[0]);
            assertEquals(model.last() * 960, store.lastTimestamp());
        }
    }

    @Test
    void copiesThePayloadSoTheCallerMayReuseItsBuffer() {
        PacketStore store = new PacketStore(4);
        byte[] datagram = {9, 1, 2, 3, 9};
        store.insert(7, 0, 0, datagram, 1, 3);
        datagram[1] = 42;
        assertEquals(3, store.headLength());
        assertEquals(1, store.headPayload()[0]);
        assertEquals(3, store.headPayload()[2]);
    }
}
