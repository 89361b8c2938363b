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

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Acknowledgements written ahead of the journal's group commits, and read back at the next start. */
@Timeout(60)
class AcknowledgementLogTest {

    private static final QueueAddress QUEUE = QueueAddress.of("queue:orders", 0, null);
    private static final QueueAddress SUBSCRIPTION = QueueAddress.of("topic:prices", 0, "app:feed");

    @TempDir
    Path dir;

    @Test
    void onlyAppendsThatRemoveMessagesAndMoveVersionsAreAcknowledgements() {
        assertTrue(AcknowledgementLog.holdsOnlyAcknowledgements(List.of(new JournalRecord.Removed(QUEUE, 1),
                new JournalRecord.QueueVersion(QUEUE, 7))));
        assertFalse(AcknowledgementLog.holdsOnlyAcknowledgements(List.of(new JournalRecord.QueueVersion(QUEUE, 7))));
        assertFalse(AcknowledgementLog.holdsOnlyAcknowledgements(List.of(new JournalRecord.Removed(QUEUE, 1),
                new JournalRecord.Redelivered(QUEUE, 2, 1))));
        assertFalse(AcknowledgementLog.holdsOnlyAcknowledgements(List.of(new JournalRecord.Removed(QUEUE, 1),
                new JournalRecord.TransactionDone(QUEUE, "tx-1"))));
    }

    @Test
    void entriesAreReadBackInTheOrderOfTheirTicketsAndATornLastEntryIsLeftOut() throws Exception {
        try (AcknowledgementLog log = new AcknowledgementLog(dir)) {
            log.write(3, List.of(new JournalRecord.Removed(SUBSCRIPTION, 30)));
            log.write(1, List.of(new JournalRecord.Removed(QUEUE, 10), new JournalRecord.QueueVersion(QUEUE, 5)));
            log.write(2, List.of(new JournalRecord.Removed(QUEUE, 11)));
        }
        Path first = dir.resolve("acknowledgements-a.log");
        // The process died while writing a fourth entry: its header and half its body reached the file.
        Files.write(first, new byte[] {0, 0, 0, 40, 1, 2, 3, 4, 9, 9}, StandardOpenOption.APPEND);
        assertEquals(List.of(new JournalRecord.Removed(QUEUE, 10), new JournalRecord.QueueVersion(QUEUE, 5),
                new JournalRecord.Removed(QUEUE, 11), new JournalRecord.Removed(SUBSCRIPTION, 30)),
                AcknowledgementLog.read(dir));
    }

    @Test
    void waitingForAnAcknowledgementWritesTheEarlierOnesNotWrittenYetToo() {
        try (AcknowledgementLog log = new AcknowledgementLog(dir)) {
            log.appended(1, List.of(new JournalRecord.Removed(QUEUE, 10)));
            log.appended(2, List.of(new JournalRecord.Removed(QUEUE, 11)));
            log.appended(4, List.of(new JournalRecord.Removed(QUEUE, 12)));
            // A consumer waits for its newest acknowledgement only: the one before it must not be
            // left to the journal alone.
            assertTrue(log.logThrough(2));
            assertEquals(List.of(new JournalRecord.Removed(QUEUE, 10), new JournalRecord.Removed(QUEUE, 11)),
                    AcknowledgementLog.read(dir));
            assertFalse(log.logThrough(3), "3 is not an acknowledgement: its waiter waits for the journal");
            log.committed(4);
            assertFalse(log.logThrough(4), "committed: nothing to write");
        }
    }

    @Test
    void anInterruptedConsumerThreadWritesAndLeavesTheLogWorkingForTheOthers() {
        try (AcknowledgementLog log = new AcknowledgementLog(dir)) {
            Thread.currentThread().interrupt();
            try {
                log.write(1, List.of(new JournalRecord.Removed(QUEUE, 10)));
            } finally {
                assertTrue(Thread.interrupted(), "the interrupt is left to its owner");
            }
            log.write(2, List.of(new JournalRecord.Removed(QUEUE, 11)));
        }
        assertEquals(List.of(new JournalRecord.Removed(QUEUE, 10), new JournalRecord.Removed(QUEUE, 11)),
                AcknowledgementLog.read(dir));
    }

    @Test
    void aFileIsEmptiedOnceTheJournalCommittedEverythingItHolds() throws Exception {
        try (AcknowledgementLog log = new AcknowledgementLog(dir)) {
            log.write(1, List.of(new JournalRecord.Removed(QUEUE, 10)));
            log.write(2, List.of(new JournalRecord.Removed(QUEUE, 11)));
            log.committed(1);
            assertEquals(2, AcknowledgementLog.read(dir).size(), "ticket 2 is not committed yet");
            log.committed(2);
            assertEquals(List.of(), AcknowledgementLog.read(dir));
        }
    }

    @Test
    void whileTheJournalLagsTheFilesTakeTurnsAndEachIsEmptiedWhenAllItHoldsIsCommitted() throws Exception {
        try (AcknowledgementLog log = new AcknowledgementLog(dir)) {
            long ticket = 0;
            // Fill the first file past its turn, the journal always one ticket behind.
            while (Files.size(dir.resolve("acknowledgements-a.log")) < AcknowledgementLog.TURN_BYTES) {
                ticket++;
                log.write(ticket, List.of(new JournalRecord.Removed(QUEUE, ticket)));
                log.committed(ticket - 1);
            }
            long lastInFirst = ticket;
            log.write(++ticket, List.of(new JournalRecord.Removed(QUEUE, ticket)));
            assertTrue(Files.size(dir.resolve("acknowledgements-b.log")) > 0, "the second file took over");
            log.committed(lastInFirst);
            assertEquals(0, Files.size(dir.resolve("acknowledgements-a.log")), "the first is all committed");
            assertEquals(List.of(new JournalRecord.Removed(QUEUE, ticket)), AcknowledgementLog.read(dir));
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
        try (AcknowledgementLog log = new AcknowledgementLog(dir)) {
            log.write(7, List.of(new JournalRecord.Removed(QUEUE, 2), new JournalRecord.QueueVersion(QUEUE, 7)));
            log.write(8, List.of(new JournalRecord.Removed(QUEUE, 6), new JournalRecord.QueueVersion(QUEUE, 8)));
        }
        try (H2Journal journal = new H2Journal(dir, WritePolicy.SYNC, 0, "replay")) {
            List<Long> sequences = new ArrayList<>();
            journal.load(10, (queue, chunk) -> chunk.stream().map(StoredMessage::sequence).forEach(sequences::add));
            assertEquals(List.of(1L, 3L, 4L, 5L), sequences);
            assertEquals(8L, journal.versions().get(QUEUE));
            assertEquals(List.of(), AcknowledgementLog.read(dir), "replayed once, then emptied");
        }
    }

    @Test
    void aVersionOlderThanTheJournalsIsNotReplayed() throws Exception {
        try (H2Journal journal = new H2Journal(dir, WritePolicy.SYNC, 0, "versions")) {
            journal.awaitDurable(journal.append(List.of(JournalRecord.Stored.enqueued(QUEUE, 1, message(1), true),
                    new JournalRecord.QueueVersion(QUEUE, 9))));
        }
        try (AcknowledgementLog log = new AcknowledgementLog(dir)) {
            log.write(1, List.of(new JournalRecord.Removed(QUEUE, 1), new JournalRecord.QueueVersion(QUEUE, 4)));
        }
        try (H2Journal journal = new H2Journal(dir, WritePolicy.SYNC, 0, "versions")) {
            assertEquals(9L, journal.versions().get(QUEUE));
            List<Long> sequences = new ArrayList<>();
            journal.load(10, (queue, chunk) -> chunk.stream().map(StoredMessage::sequence).forEach(sequences::add));
            assertEquals(List.of(), sequences);
        }
    }

    private static MessageRecord message(int i) {
        return MessageRecord.builder("m" + i).persistent(true).body(new byte[100]).build();
    }
}
