package io.cairnmq.engine.store.h2;

import io.cairnmq.engine.api.MessageRecord;
import io.cairnmq.engine.api.WritePolicy;
import io.cairnmq.engine.store.JournalRecord;
import io.cairnmq.engine.store.QueueAddress;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The journal's debug statistic of group commits: how many appends each group served. */
@Timeout(60)
class GroupStatisticsTest {

    private static final QueueAddress QUEUE = QueueAddress.of("queue:orders", 0, null);

    @TempDir
    Path dir;

    @Test
    void appendsThatArriveWhileNobodyWaitsShareOneGroupAndTheStatisticCountsThem() throws Exception {
        // A group interval far longer than the test: the sixteen appends gather, and the first
        // wait has them written together.
        try (H2Journal journal = new H2Journal(dir, WritePolicy.ASYNC, 60_000, "grouped")) {
            long last = 0;
            for (int i = 1; i <= 16; i++) {
                last = journal.append(List.of(JournalRecord.Stored.enqueued(QUEUE, i, message(), true)));
            }
            journal.awaitWritten(last);
            GroupStatistics statistics = journal.statistics();
            assertEquals(1, statistics.groups());
            assertEquals(16, statistics.appends());
            assertEquals(16, statistics.largestGroup());
            assertEquals(0, statistics.forces(), "async forces nothing");
        }
    }

    @Test
    void concurrentSendersAreForcedOnceForEachGroupNotOnceForEachAppend() throws Exception {
        int senders = 8;
        int each = 50;
        try (H2Journal journal = new H2Journal(dir, WritePolicy.SYNC, 0, "concurrent")) {
            ExecutorService pool = Executors.newFixedThreadPool(senders);
            CountDownLatch start = new CountDownLatch(1);
            try {
                List<Future<?>> done = new ArrayList<>();
                for (int s = 0; s < senders; s++) {
                    long base = s * 1_000L;
                    done.add(pool.submit(() -> {
                        start.await();
                        for (int i = 1; i <= each; i++) {
                            journal.awaitDurable(journal.append(List.of(
                                    JournalRecord.Stored.enqueued(QUEUE, base + i, message(), true))));
                        }
                        return null;
                    }));
                }
                start.countDown();
                for (Future<?> f : done) {
                    f.get();
                }
            } finally {
                pool.shutdownNow();
            }
            GroupStatistics statistics = journal.statistics();
            assertEquals(senders * each, statistics.appends());
            // Each group was forced once, whatever it held: a force per group, not per append.
            assertEquals(statistics.groups(), statistics.forces());
        }
    }

    @Test
    void acknowledgementsAloneGatherForTheGroupIntervalUntilASendEndsTheWait() {
        // A group interval far longer than the test: only what ends the wait can write them.
        try (H2Journal journal = new H2Journal(dir, WritePolicy.SYNC, 60_000, "acknowledgements")) {
            for (int i = 1; i <= 20; i++) {
                // Served by the acknowledgement log: each returns without a group commit.
                journal.awaitDurable(journal.append(acknowledgement(i)));
            }
            assertEquals(0, journal.statistics().groups(), "no commit for acknowledgements alone");

            journal.awaitDurable(journal.append(List.of(JournalRecord.Stored.enqueued(QUEUE, 100, message(), true))));

            GroupStatistics statistics = journal.statistics();
            assertEquals(1, statistics.groups(), "the send and the acknowledgements before it: one group");
            assertEquals(21, statistics.appends());
            assertEquals(1, statistics.forces());
        }
    }

    @Test
    void acknowledgementsGatheringAreWrittenAtOnceWhenSomebodyWaitsForTheJournal() {
        try (H2Journal journal = new H2Journal(dir, WritePolicy.SYNC, 60_000, "waited")) {
            long last = 0;
            for (int i = 1; i <= 5; i++) {
                last = journal.append(acknowledgement(i));
            }
            // A page-in or a transaction's step waits for the journal itself, not for the log.
            journal.awaitWritten(last);
            assertEquals(1, journal.statistics().groups());
            assertEquals(5, journal.statistics().appends());
        }
    }

    private static List<JournalRecord> acknowledgement(long sequence) {
        return List.of(new JournalRecord.Removed(QUEUE, sequence), new JournalRecord.QueueVersion(QUEUE, sequence));
    }

    @Test
    void theLineGivesTheGroupsByAppendsServedOncePerInterval() {
        GroupStatistics statistics = new GroupStatistics();
        assertNull(statistics.intervalLine(0), "no groups, no line");
        statistics.recordGroup(1, 2, 100_000);
        statistics.recordGroup(3, 4, 300_000);
        statistics.recordGroup(100, 7, 2_000_000);
        statistics.recordGroup(200, 9, 2_000_000);
        statistics.recordForce(500_000);
        assertArrayEquals(new long[] {1, 0, 1, 0, 0, 0, 0, 1, 1}, statistics.histogram());
        String line = statistics.intervalLine(0);
        assertTrue(line.startsWith("4 groups in "), line);
        assertTrue(line.contains("appends per group mean 76.0 max 200 [1:1 3-4:1 65-128:1 >128:1]"), line);
        assertTrue(line.contains("1 forces, ms mean 0.500 max 0.500"), line);
        assertNull(statistics.intervalLine(0), "the next interval starts empty");
        assertNull(statistics.intervalLine(Long.MAX_VALUE));
    }

    private static MessageRecord message() {
        return MessageRecord.builder("m").persistent(true).body(new byte[100]).build();
    }
}
