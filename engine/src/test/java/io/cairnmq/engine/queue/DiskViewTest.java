package io.cairnmq.engine.queue;

import io.cairnmq.engine.api.MessageRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

@Timeout(10)
class DiskViewTest {

    private static final Holder ALICE = new Holder("member-1", "conn-1", "alice");

    private final SpillZone zone = new SpillZone();
    private final PriorityLanes ready = new PriorityLanes();
    private final Map<Long, LeasedMessage> leased = new LinkedHashMap<>();
    private final DiskView view = new DiskView(zone, ready, leased);

    @Test
    void messagesInMemoryHaveRowsWhenPersistentOrSpilled() {
        ready.add(stored(1, true, false));
        ready.add(stored(2, false, true));
        leased.put(3L, new LeasedMessage(stored(3, false, false), ALICE, "t"));
        assertArrayEquals(new long[] {1, 2}, view.persistentAmong(new long[] {1, 2, 3, 9}));
        assertArrayEquals(new long[] {2}, view.spilledAmong(new long[] {1, 2, 3, 9}));
        assertTrue(view.hasSpilledRows(), "2 came back from disk");
        assertFalse(view.hasSpilled());
        assertEquals(List.of(1L), view.residentPersistent().stream().map(StoredMessage::sequence).toList());
    }

    @Test
    void aRowIsStillNeededWhileItsMessageIsOnDiskOrPersistentInMemory() {
        zone.open(5);
        zone.add(message(6, false));
        assertTrue(view.hasSpilled());
        assertTrue(view.stillNeedsRow(stored(6, false, true)), "still only on disk");
        ready.add(stored(1, true, false));
        assertTrue(view.stillNeedsRow(stored(1, true, false)), "persistent and held");
        assertFalse(view.stillNeedsRow(stored(2, true, false)), "it left meanwhile");
    }

    private static StoredMessage stored(long sequence, boolean persistent, boolean spilled) {
        return new StoredMessage(sequence, message(sequence, persistent), 0, spilled);
    }

    private static MessageRecord message(long sequence, boolean persistent) {
        return MessageRecord.builder("m" + sequence).persistent(persistent).build();
    }
}
