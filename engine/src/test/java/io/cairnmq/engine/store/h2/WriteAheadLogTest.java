package io.cairnmq.engine.store.h2;

import io.cairnmq.engine.api.MessageRecord;
import io.cairnmq.engine.api.WritePolicy;
import io.cairnmq.engine.queue.StoredMessage;
import io.cairnmq.engine.store.JournalRecord;
import io.cairnmq.engine.store.QueueAddress;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Acknowledgements written ahead of the journal's group commits, and read back at the next start. */
@Timeout(60)
class WriteAheadLogTest {

    private static final QueueAddress QUEUE = QueueAddress.of("queue:orders", 0, null);
    private static final QueueAddress SUBSCRIPTION = QueueAddress.of("topic:prices", 0, "app:feed");

    @TempDir
    Path dir;

    @Test
    void appendsThatRemoveOrFirstStoreMessagesAreForTheLogAndNothingElse() {
        JournalRecord.Stored sent = JournalRecord.Stored.enqueued(QUEUE, 3, message(3), true);
        assertEquals(WriteAheadLog.Kind.ACKNOWLEDGEMENT, WriteAheadLog.kindOf(List.of(
                new JournalRecord.Removed(QUEUE, 1), new JournalRecord.QueueVersion(QUEUE, 7))));
        assertEquals(WriteAheadLog.Kind.SEND, WriteAheadLog.kindOf(List.of(sent,
                new JournalRecord.QueueVersion(QUEUE, 8))));
        assertEquals(WriteAheadLog.Kind.SEND, WriteAheadLog.kindOf(List.of(sent,
                new JournalRecord.Removed(QUEUE, 1), new JournalRecord.QueueVersion(QUEUE, 8))));
        assertEquals(WriteAheadLog.Kind.NONE, WriteAheadLog.kindOf(List.of(new JournalRecord.QueueVersion(QUEUE, 7))));
        assertEquals(WriteAheadLog.Kind.NONE, WriteAheadLog.kindOf(List.of(new JournalRecord.Removed(QUEUE, 1),
                new JournalRecord.Redelivered(QUEUE, 2, 1))));
        assertEquals(WriteAheadLog.Kind.NONE, WriteAheadLog.kindOf(List.of(new JournalRecord.Removed(QUEUE, 1),
                new JournalRecord.TransactionDone(QUEUE, "tx-1"))));
        // Written again (recovered, adopted): the journal writes those, forced, before anyone relies on them.
        assertEquals(WriteAheadLog.Kind.NONE, WriteAheadLog.kindOf(List.of(
                new JournalRecord.Stored(QUEUE, 3, 0, message(3)))));
    }

    @Test
    void aSentMessageIsReadBackWhole() {
        MessageRecord m = MessageRecord.builder("m-1").persistent(true).priority(7).body(new byte[] {1, 2, 3}).build();
        try (WriteAheadLog log = new WriteAheadLog(dir)) {
            log.write(1, List.of(JournalRecord.Stored.enqueued(QUEUE, 42, m, true), new JournalRecord.QueueVersion(QUEUE, 9)));
        }
        List<JournalRecord> read = WriteAheadLog.read(dir);
        assertEquals(2, read.size());
        JournalRecord.Stored stored = (JournalRecord.Stored) read.get(0);
        assertEquals(QUEUE, stored.queue());
        assertEquals(42, stored.sequence());
        assertTrue(stored.durable() && stored.firstWrite());
        assertEquals("m-1", stored.message().id());
        assertEquals(7, stored.message().priority());
        assertArrayEquals(new byte[] {1, 2, 3}, stored.message().body());
        assertEquals(new JournalRecord.QueueVersion(QUEUE, 9), read.get(1));
    }

    @Test
    void entriesAreReadBackInTheOrderOfTheirTicketsAndATornLastEntryIsLeftOut() throws Exception {
        try (WriteAheadLog log = new WriteAheadLog(dir)) {
            log.write(3, List.of(new JournalRecord.Removed(SUBSCRIPTION, 30)));
            log.write(1, List.of(new JournalRecord.Removed(QUEUE, 10), new JournalRecord.QueueVersion(QUEUE, 5)));
            log.write(2, List.of(new JournalRecord.Removed(QUEUE, 11)));
        }
        Path first = dir.resolve("write-ahead-a.log");
        // The process died while writing a fourth entry: its header and half its body reached the file.
        Files.write(first, new byte[] {0, 0, 0, 40, 1, 2, 3, 4, 9, 9}, StandardOpenOption.APPEND);
        assertEquals(List.of(new JournalRecord.Removed(QUEUE, 10), new JournalRecord.QueueVersion(QUEUE, 5),
                new JournalRecord.Removed(QUEUE, 11), new JournalRecord.Removed(SUBSCRIPTION, 30)),
                WriteAheadLog.read(dir));
    }

    @Test
    void waitingForAnAcknowledgementWritesTheEarlierOnesNotWrittenYetToo() {
        try (WriteAheadLog log = new WriteAheadLog(dir)) {
            log.appended(1, List.of(new JournalRecord.Removed(QUEUE, 10)), WriteAheadLog.Kind.ACKNOWLEDGEMENT);
            log.appended(2, List.of(new JournalRecord.Removed(QUEUE, 11)), WriteAheadLog.Kind.ACKNOWLEDGEMENT);
            log.appended(4, List.of(new JournalRecord.Removed(QUEUE, 12)), WriteAheadLog.Kind.ACKNOWLEDGEMENT);
            // A consumer waits for its newest acknowledgement only: the one before it must not be
            // left to the journal alone.
            assertEquals(WriteAheadLog.Kind.ACKNOWLEDGEMENT, log.logThrough(2));
            assertEquals(List.of(new JournalRecord.Removed(QUEUE, 10), new JournalRecord.Removed(QUEUE, 11)),
                    WriteAheadLog.read(dir));
            assertEquals(WriteAheadLog.Kind.NONE, log.logThrough(3), "3 is not in the log: its waiter waits for the journal");
            log.committed(4);
            assertEquals(WriteAheadLog.Kind.NONE, log.logThrough(4), "committed: nothing to write");
        }
    }

    @Test
    void oneForceCoversEveryEntryWrittenBeforeIt() {
        GroupStatistics statistics = new GroupStatistics();
        try (WriteAheadLog log = new WriteAheadLog(dir, statistics)) {
            for (long ticket = 1; ticket <= 3; ticket++) {
                log.appended(ticket, List.of(JournalRecord.Stored.enqueued(QUEUE, ticket, message((int) ticket), true)),
                        WriteAheadLog.Kind.SEND);
            }
            // The third waiter writes all three and forces them; the first two find them forced.
            assertEquals(WriteAheadLog.Kind.SEND, log.logThrough(3));
            log.forceThrough(3);
            log.forceThrough(1);
            log.forceThrough(2);
            assertEquals(1, statistics.logForces());
            assertEquals(3, statistics.logEntriesForced());
        }
    }

    @Test
    void compactingKeepsOnlyWhatTheJournalHasNotCommittedAndNothingBeforeIt() throws Exception {
        try (WriteAheadLog log = new WriteAheadLog(dir)) {
            for (long ticket = 1; ticket <= 4; ticket++) {
                log.appended(ticket, List.of(JournalRecord.Stored.enqueued(SUBSCRIPTION, ticket, message((int) ticket), true),
                        new JournalRecord.QueueVersion(SUBSCRIPTION, ticket)), WriteAheadLog.Kind.SEND);
            }
            log.forceThrough(4);
            // Committed up to 2 by the journal, whose next group drops the subscription.
            log.committed(2);
            log.compact();
            List<JournalRecord> left = WriteAheadLog.read(dir);
            assertEquals(List.of(3L, 4L), left.stream().filter(r -> r instanceof JournalRecord.Stored)
                    .map(JournalRecord::sequence).toList());
            // The log goes on working after it.
            log.appended(5, List.of(new JournalRecord.Removed(SUBSCRIPTION, 3)), WriteAheadLog.Kind.ACKNOWLEDGEMENT);
            log.logThrough(5);
            assertEquals(new JournalRecord.Removed(SUBSCRIPTION, 3), WriteAheadLog.read(dir).get(4));
        }
    }

    @Test
    void anEntryFoundInBothFilesAfterACompactionWasCutShortIsReadOnce() throws Exception {
        try (WriteAheadLog log = new WriteAheadLog(dir)) {
            log.write(1, List.of(new JournalRecord.Removed(QUEUE, 10)));
        }
        Files.copy(dir.resolve("write-ahead-a.log"), dir.resolve("write-ahead-b.log"),
                java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        assertEquals(List.of(new JournalRecord.Removed(QUEUE, 10)), WriteAheadLog.read(dir));
    }

    @Test
    void anInterruptedConsumerThreadWritesAndLeavesTheLogWorkingForTheOthers() {
        try (WriteAheadLog log = new WriteAheadLog(dir)) {
            Thread.currentThread().interrupt();
            try {
                log.write(1, List.of(new JournalRecord.Removed(QUEUE, 10)));
            } finally {
                assertTrue(Thread.interrupted(), "the interrupt is left to its owner");
            }
            log.write(2, List.of(new JournalRecord.Removed(QUEUE, 11)));
        }
        assertEquals(List.of(new JournalRecord.Removed(QUEUE, 10), new JournalRecord.Removed(QUEUE, 11)),
                WriteAheadLog.read(dir));
    }

    @Test
    void aFileIsEmptiedOnceTheJournalCommittedEverythingItHolds() throws Exception {
        try (WriteAheadLog log = new WriteAheadLog(dir)) {
            log.write(1, List.of(new JournalRecord.Removed(QUEUE, 10)));
            log.write(2, List.of(new JournalRecord.Removed(QUEUE, 11)));
            log.committed(1);
            assertEquals(2, WriteAheadLog.read(dir).size(), "ticket 2 is not committed yet");
            log.committed(2);
            assertEquals(List.of(), WriteAheadLog.read(dir));
        }
    }

    @Test
    void whileTheJournalLagsTheFilesTakeTurnsAndEachIsEmptiedWhenAllItHoldsIsCommitted() throws Exception {
        try (WriteAheadLog log = new WriteAheadLog(dir)) {
            long ticket = 0;
            // Fill the first file past its turn, the journal always one ticket behind.
            while (Files.size(dir.resolve("write-ahead-a.log")) < WriteAheadLog.TURN_BYTES) {
                ticket++;
                log.write(ticket, List.of(new JournalRecord.Removed(QUEUE, ticket)));
                log.committed(ticket - 1);
            }
            long lastInFirst = ticket;
            log.write(++ticket, List.of(new JournalRecord.Removed(QUEUE, ticket)));
            assertTrue(Files.size(dir.resolve("write-ahead-b.log")) > 0, "the second file took over");
            log.committed(lastInFirst);
            assertEquals(0, Files.size(dir.resolve("write-ahead-a.log")), "the first is all committed");
            assertEquals(List.of(new JournalRecord.Removed(QUEUE, ticket)), WriteAheadLog.read(dir));
        }
    }

    @Test
    void theJournalReplaysWhatTheLogHoldsWhenItOpensPackedAndUnpackedMessagesAlike() throws Exception {
        try (H2Journal journal = new H2Journal(dir, WritePolicy.SYNC, 0, "replay")) {
            // Five in one group: a pack; then one in a group of its own: a row.
            List<JournalRecord> five = new ArrayList<>();
            for (int i = 1; i <= 5; i++) {
                five.add(JournalRecord.Stored.enqueued(QUEUE, i, message(i), true));
            }
            five.add(new JournalRecord.QueueVersion(QUEUE, 5));
            journal.awaitDurable(journal.append(five));
            journal.awaitDurable(journal.append(List.of(JournalRecord.Stored.enqueued(QUEUE, 6, message(6), true),
                    new JournalRecord.QueueVersion(QUEUE, 6))));
        }
        // What a run that died after acknowledging 2 and 6 (and before its journal committed that) left.
        try (WriteAheadLog log = new WriteAheadLog(dir)) {
            log.write(7, List.of(new JournalRecord.Removed(QUEUE, 2), new JournalRecord.QueueVersion(QUEUE, 7)));
            log.write(8, List.of(new JournalRecord.Removed(QUEUE, 6), new JournalRecord.QueueVersion(QUEUE, 8)));
        }
        try (H2Journal journal = new H2Journal(dir, WritePolicy.SYNC, 0, "replay")) {
            List<Long> sequences = new ArrayList<>();
            journal.load(10, (queue, chunk) -> chunk.stream().map(StoredMessage::sequence).forEach(sequences::add));
            assertEquals(List.of(1L, 3L, 4L, 5L), sequences);
            assertEquals(8L, journal.versions().get(QUEUE));
            assertEquals(List.of(), WriteAheadLog.read(dir), "replayed once, then emptied");
        }
    }

    @Test
    void aVersionOlderThanTheJournalsIsNotReplayed() throws Exception {
        try (H2Journal journal = new H2Journal(dir, WritePolicy.SYNC, 0, "versions")) {
            journal.awaitDurable(journal.append(List.of(JournalRecord.Stored.enqueued(QUEUE, 1, message(1), true),
                    new JournalRecord.QueueVersion(QUEUE, 9))));
        }
        try (WriteAheadLog log = new WriteAheadLog(dir)) {
            log.write(1, List.of(new JournalRecord.Removed(QUEUE, 1), new JournalRecord.QueueVersion(QUEUE, 4)));
        }
        try (H2Journal journal = new H2Journal(dir, WritePolicy.SYNC, 0, "versions")) {
            assertEquals(9L, journal.versions().get(QUEUE));
            List<Long> sequences = new ArrayList<>();
            journal.load(10, (queue, chunk) -> chunk.stream().map(StoredMessage::sequence).forEach(sequences::add));
            assertEquals(List.of(), sequences);
        }
    }

    @Test
    void aSendTheJournalNeverCommittedIsReplayedAndOneItHoldsAlreadyIsNot() throws Exception {
        try (H2Journal journal = new H2Journal(dir, WritePolicy.SYNC, 0, "sends")) {
            // Sent and consumed: the journal is at version 3 and holds nothing.
            journal.awaitDurable(journal.append(List.of(JournalRecord.Stored.enqueued(QUEUE, 1, message(1), true),
                    new JournalRecord.QueueVersion(QUEUE, 2))));
            journal.awaitDurable(journal.append(List.of(new JournalRecord.Removed(QUEUE, 1),
                    new JournalRecord.QueueVersion(QUEUE, 3))));
        }
        // What a run that died before its journal committed the log's entries left: the first
        // send again (committed, and consumed since), and a second one only the log holds.
        try (WriteAheadLog log = new WriteAheadLog(dir)) {
            log.write(2, List.of(JournalRecord.Stored.enqueued(QUEUE, 1, message(1), true),
                    new JournalRecord.QueueVersion(QUEUE, 2)));
            log.write(4, List.of(JournalRecord.Stored.enqueued(QUEUE, 2, message(2), true),
                    new JournalRecord.QueueVersion(QUEUE, 4)));
        }
        try (H2Journal journal = new H2Journal(dir, WritePolicy.SYNC, 0, "sends")) {
            List<Long> sequences = new ArrayList<>();
            journal.load(10, (queue, chunk) -> chunk.stream().map(StoredMessage::sequence).forEach(sequences::add));
            assertEquals(List.of(2L), sequences, "the consumed message stays consumed; the logged send is back");
            assertEquals(4L, journal.versions().get(QUEUE));
        }
    }

    private static MessageRecord message(int i) {
        return MessageRecord.builder("m" + i).persistent(true).body(new byte[100]).build();
    }
}
