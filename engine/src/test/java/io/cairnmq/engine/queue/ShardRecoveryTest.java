package io.cairnmq.engine.queue;

import io.cairnmq.engine.api.MessageRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

@Timeout(10)
class ShardRecoveryTest {

    private final ShardState shard = new ShardState();

    @Test
    void aChunkRecoveredTwiceIsAddedOnceAndNewMessagesComeAfterIt() {
        List<StoredMessage> chunk = List.of(stored(3), stored(7));
        assertEquals(2, shard.applyRecovered(chunk, chunk.size()).size());
        assertTrue(shard.applyRecovered(chunk, chunk.size()).isEmpty());
        assertEquals(2, shard.readyCount());
        assertEquals(8, shard.decideEnqueue("p", 1, List.of(message("new")), null).firstSequence());
    }

    @Test
    void whatDoesNotFitTheBudgetStaysOnDisk() {
        List<StoredMessage> chunk = List.of(stored(1), stored(2), stored(3));
        int resident = shard.decideRecovered(chunk, chunk.get(0).message().estimatedSize());
        assertEquals(1, resident);
        shard.applyRecovered(chunk, resident);
        assertEquals(1, shard.residentReadyCount());
        assertEquals(2, shard.spilledCount(4));
        assertEquals(0, shard.decideRecovered(List.of(stored(4)), Long.MAX_VALUE), "nothing overtakes the disk backlog");
    }

    @Test
    void aNewerJournalReplacesWhatStaleOnesBrought() {
        shard.applyRecovered(List.of(stored(5)), 1);
        shard.applyRecoveredVersion(2);
        assertTrue(shard.compareRecovered(1) < 0, "an older journal is stale");
        assertEquals(0, shard.compareRecovered(2));
        assertTrue(shard.compareRecovered(3) > 0);

        shard.applyNewerRecovery(3);
        assertEquals(0, shard.readyCount());
        assertEquals(0, shard.residentBytes());
        assertEquals(0, shard.compareRecovered(3));
        assertEquals(3, shard.journalVersion());
        assertEquals(4, shard.nextJournalVersion());
        assertEquals(1, shard.decideEnqueue("p", 1, List.of(message("new")), null).firstSequence(),
                "sequences start again");
    }

    private static StoredMessage stored(long sequence) {
        return new StoredMessage(sequence, message("m" + sequence), 0);
    }

    private static MessageRecord message(String id) {
        return MessageRecord.builder(id).body(new byte[] {1, 2, 3}).build();
    }
}
