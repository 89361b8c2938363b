package io.cairnmq.engine.store.h2;

import io.cairnmq.engine.api.MessageRecord;
import io.cairnmq.engine.api.StoreFailureException;
import io.cairnmq.engine.api.WritePolicy;
import io.cairnmq.engine.store.JournalRecord;
import io.cairnmq.engine.store.QueueAddress;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * What each write policy has done on the disk by the time it lets a persistent send or an
 * acknowledgement return: the "machine crash" column of the README's durability table.
 */
@Timeout(60)
class WritePolicyTest {

    private static final QueueAddress QUEUE = QueueAddress.of("queue:orders", 0, null);

    @TempDir
    Path dir;

    @BeforeAll
    static void registerFileSystem() {
        CountingFilePath.register();
    }

    @Test
    void syncForcesTheFileToTheDeviceBeforeAnswering() {
        try (H2Journal journal = new H2Journal(dir, WritePolicy.SYNC, 0, "sync", "counting:")) {
            for (int i = 1; i <= 5; i++) {
                long forcesBefore = CountingFilePath.FORCES.get();
                journal.awaitDurable(journal.append(List.of(stored(i))));
                assertTrue(CountingFilePath.FORCES.get() > forcesBefore, "send " + i + " answered before an fsync");
            }
        }
    }

    @Test
    void anAcknowledgementReturnsOnceTheAcknowledgementLogHasItWithoutWaitingForAForce() {
        try (H2Journal journal = new H2Journal(dir, WritePolicy.SYNC, 0, "ack", "counting:")) {
            journal.awaitDurable(journal.append(List.of(stored(1), stored(2), new JournalRecord.QueueVersion(QUEUE, 1))));
            java.util.concurrent.CountDownLatch held = new java.util.concurrent.CountDownLatch(1);
            CountingFilePath.forcesHeld = held;
            try {
                // The writer commits the first acknowledgement's group and then waits in its force;
                // waiting for the second (a consumer waits for its newest) writes both to the log.
                journal.append(List.of(new JournalRecord.Removed(QUEUE, 1), new JournalRecord.QueueVersion(QUEUE, 2)));
                journal.awaitDurable(journal.append(List.of(new JournalRecord.Removed(QUEUE, 2),
                        new JournalRecord.QueueVersion(QUEUE, 3))));
                assertEquals(List.of(new JournalRecord.Removed(QUEUE, 1), new JournalRecord.QueueVersion(QUEUE, 2),
                        new JournalRecord.Removed(QUEUE, 2), new JournalRecord.QueueVersion(QUEUE, 3)),
                        AcknowledgementLog.read(dir));
            } finally {
                CountingFilePath.forcesHeld = null;
                held.countDown();
            }
        }
    }

    @Test
    void asyncAnswersAnAcknowledgementAtOnceWithoutWritingAnything() {
        try (H2Journal journal = new H2Journal(dir, WritePolicy.ASYNC, 60_000, "async", "counting:")) {
            journal.awaitWritten(journal.append(List.of(stored(1))));
            long writesBefore = CountingFilePath.WRITES.get();
            journal.awaitDurable(journal.append(List.of(new JournalRecord.Removed(QUEUE, 1))));
            assertEquals(writesBefore, CountingFilePath.WRITES.get(), "answered without writing the journal");
            assertEquals(List.of(), AcknowledgementLog.read(dir), "nor the acknowledgement log");
        }
    }

    @Test
    void writeWritesTheFileBeforeAnsweringWithoutForcingIt() {
        try (H2Journal journal = new H2Journal(dir, WritePolicy.WRITE, 0, "write", "counting:")) {
            journal.awaitDurable(journal.append(List.of(stored(0))));
            for (int i = 1; i <= 5; i++) {
                long writesBefore = CountingFilePath.WRITES.get();
                long forcesBefore = CountingFilePath.FORCES.get();
                journal.awaitDurable(journal.append(List.of(stored(i))));
                assertTrue(CountingFilePath.WRITES.get() > writesBefore, "send " + i + " answered before a write");
                assertEquals(forcesBefore, CountingFilePath.FORCES.get(), "no fsync per send");
            }
        }
    }

    @Test
    void asyncAnswersAtOnceAndWritesWithinTheGroupInterval() {
        try (H2Journal journal = new H2Journal(dir, WritePolicy.ASYNC, 60_000, "async", "counting:")) {
            long writesBefore = CountingFilePath.WRITES.get();
            journal.awaitDurable(journal.append(List.of(stored(1))));
            assertEquals(writesBefore, CountingFilePath.WRITES.get(), "answered without writing");
        }
        try (H2Journal reopened = new H2Journal(dir, WritePolicy.ASYNC, 0, "async", "counting:")) {
            int[] loaded = {0};
            reopened.load(10, (queue, chunk) -> loaded[0] += chunk.size());
            assertEquals(1, loaded[0], "closing writes what waited");
        }
    }

    @Test
    @Timeout(30)
    void asyncWritesAtOnceWhenSomebodyWaitsForTheWrite() {
        // A group interval of a minute: only a waiter can have the group written within the time-out.
        try (H2Journal journal = new H2Journal(dir, WritePolicy.ASYNC, 60_000, "async", "counting:")) {
            long writesBefore = CountingFilePath.WRITES.get();
            journal.awaitWritten(journal.append(List.of(stored(1))));
            assertTrue(CountingFilePath.WRITES.get() > writesBefore, "written before answering");
        }
    }

    @Test
    void asyncWritesWhatGatheredOnceTheGroupIntervalIsOverWithoutAnyoneWaiting() {
        long groupMillis = 300;
        try (H2Journal journal = new H2Journal(dir, WritePolicy.ASYNC, groupMillis, "group", "counting:")) {
            long writesBefore = CountingFilePath.WRITES.get();
            long start = System.nanoTime();
            journal.append(List.of(stored(1)));
            journal.append(List.of(stored(2)));
            await().atMost(Duration.ofSeconds(30)).until(() -> CountingFilePath.WRITES.get() > writesBefore);
            long waitedMillis = (System.nanoTime() - start) / 1_000_000;
            assertTrue(waitedMillis >= groupMillis, "written after " + waitedMillis + " ms, before the group interval");
        }
    }

    @Test
    void aFullDiskFailsTheWaitersWithTheFileAndTheCauseAndTheJournalCatchesUpLater() {
        try (H2Journal journal = new H2Journal(dir, WritePolicy.SYNC, 0, "full", "counting:")) {
            journal.awaitDurable(journal.append(List.of(stored(1))));
            CountingFilePath.diskFull = true;
            StoreFailureException e;
            try {
                e = assertThrows(StoreFailureException.class, () -> journal.awaitDurable(journal.append(List.of(stored(2)))));
            } finally {
                CountingFilePath.diskFull = false;
            }
            assertTrue(e.getMessage().contains(dir.resolve("journal.mv.db").toAbsolutePath().toString())
                    && e.getMessage().contains("No space left on device"), e.getMessage());
            // Space again: the refused record is written with the next group; nothing was dropped.
            journal.awaitDurable(journal.append(List.of(stored(3))));
        } finally {
            CountingFilePath.diskFull = false;
        }
        try (H2Journal reopened = new H2Journal(dir, WritePolicy.SYNC, 0, "full", "counting:")) {
            List<Long> sequences = new java.util.ArrayList<>();
            reopened.load(10, (queue, chunk) -> chunk.forEach(m -> sequences.add(m.sequence())));
            assertEquals(List.of(1L, 2L, 3L), sequences);
        }
    }

    @Test
    void packsChangedByAGroupThatCouldNotBeWrittenAreChangedAgainWhenItIs() {
        try (H2Journal journal = new H2Journal(dir, WritePolicy.SYNC, 0, "full", "counting:")) {
            journal.awaitDurable(journal.append(List.of(enqueued(1), enqueued(2), enqueued(3), enqueued(4),
                    enqueued(5))));
            CountingFilePath.diskFull = true;
            try {
                assertThrows(StoreFailureException.class, () -> journal.awaitDurable(journal.append(List.of(
                        new JournalRecord.Removed(QUEUE, 1), new JournalRecord.Removed(QUEUE, 2), enqueued(6),
                        enqueued(7), enqueued(8), enqueued(9)))));
            } finally {
                CountingFilePath.diskFull = false;
            }
            // Space again: the failed group is written with the next one, against the packs as the file has them.
            // (An acknowledgement returns once the acknowledgement log has it: wait for the journal's write.)
            journal.awaitWritten(journal.append(List.of(new JournalRecord.Removed(QUEUE, 3))));
            assertEquals(List.of(4L, 5L, 6L, 7L, 8L, 9L), sequences(journal.readSpilled(QUEUE, 4, 0, 100)));
        }
        try (H2Journal reopened = new H2Journal(dir, WritePolicy.SYNC, 0, "full", "counting:")) {
            List<Long> sequences = new java.util.ArrayList<>();
            reopened.load(10, (queue, chunk) -> chunk.forEach(m -> sequences.add(m.sequence())));
            assertEquals(List.of(4L, 5L, 6L, 7L, 8L, 9L), sequences);
        }
    }

    private static List<Long> sequences(List<io.cairnmq.engine.queue.StoredMessage> messages) {
        return messages.stream().map(io.cairnmq.engine.queue.StoredMessage::sequence).toList();
    }

    /** A message just enqueued: a group with several of a queue keeps them as a pack. */
    private static JournalRecord enqueued(long sequence) {
        return new JournalRecord.Stored(QUEUE, sequence, 0,
                MessageRecord.builder("m" + sequence).persistent(true).body(new byte[100]).build(), true, true);
    }

    private static JournalRecord stored(long sequence) {
        return new JournalRecord.Stored(QUEUE, sequence, 0,
                MessageRecord.builder("m" + sequence).persistent(true).body(new byte[100]).build());
    }
}
