package io.cairnmq.engine.store;

import io.cairnmq.engine.api.MessageRecord;
import io.cairnmq.engine.api.StoreFailureException;
import io.cairnmq.engine.api.WritePolicy;
import io.cairnmq.engine.queue.StoredMessage;
import io.cairnmq.engine.store.h2.H2Journal;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The H2 journal: what is written comes back after reopening; what cannot be written says why. */
@Timeout(60)
class H2JournalTest {

    private static final QueueAddress ORDERS = QueueAddress.of("queue:orders", 0, null);
    private static final QueueAddress AUDIT = QueueAddress.of("topic:prices", 0, "durable/client/audit");

    @TempDir
    Path dir;

    @ParameterizedTest
    @EnumSource(WritePolicy.class)
    void whatWasWrittenComesBackInSequenceOrder(WritePolicy policy) {
        try (H2Journal journal = new H2Journal(dir, policy, 5, "test")) {
            long ticket = journal.append(List.of(stored(ORDERS, 2, "b"), stored(ORDERS, 1, "a"), stored(AUDIT, 7, "x"),
                    stored(ORDERS, 3, "c")));
            journal.awaitDurable(ticket);
            journal.awaitDurable(journal.append(List.of(new JournalRecord.Removed(ORDERS, 2),
                    new JournalRecord.Redelivered(ORDERS, 3, 2))));
        }
        try (H2Journal reopened = new H2Journal(dir, policy, 5, "test")) {
            List<RecoveredQueue> queues = reopened.load();
            assertEquals(2, queues.size());
            RecoveredQueue orders = queues.stream().filter(q -> q.queue().equals(ORDERS)).findFirst().orElseThrow();
            assertEquals(List.of("a", "c"), ids(orders.messages()));
            assertEquals(List.of(1L, 3L), orders.messages().stream().map(StoredMessage::sequence).toList());
            assertEquals(2, orders.messages().get(1).failedDeliveries());
            assertEquals("hello a", new String(orders.messages().get(0).message().body()));
        }
    }

    @Test
    void aMessageStoredAndRemovedInOneGroupNeverReachesTheDisk() {
        List<JournalRecord> records = new ArrayList<>();
        records.add(stored(ORDERS, 1, "gone"));
        records.add(stored(ORDERS, 2, "kept"));
        records.add(new JournalRecord.Redelivered(ORDERS, 2, 1));
        records.add(new JournalRecord.Removed(ORDERS, 1));
        records.add(new JournalRecord.Removed(ORDERS, 9));
        List<JournalRecord> net = new ArrayList<>(JournalBatch.coalesce(records));
        assertEquals(2, net.size());
        assertEquals(1, ((JournalRecord.Stored) net.get(0)).failedDeliveries());
        assertTrue(net.get(1) instanceof JournalRecord.Removed);
    }

    @Test
    void aBrokenFileIsReportedWithItsName() throws IOException {
        Files.write(dir.resolve("journal.mv.db"), "this is not an H2 database".repeat(200).getBytes());
        StoreFailureException e = assertThrows(StoreFailureException.class,
                () -> new H2Journal(dir, WritePolicy.SYNC, 0, "test"));
        assertTrue(e.getMessage().contains(dir.resolve("journal.mv.db").toAbsolutePath().toString()), e.getMessage());
    }

    private static JournalRecord stored(QueueAddress queue, long sequence, String id) {
        return new JournalRecord.Stored(queue, sequence, 0,
                MessageRecord.builder(id).persistent(true).body(("hello " + id).getBytes()).build());
    }

    private static List<String> ids(List<StoredMessage> messages) {
        return messages.stream().map(m -> m.message().id()).toList();
    }
}
