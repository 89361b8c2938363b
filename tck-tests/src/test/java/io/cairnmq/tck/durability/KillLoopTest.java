package io.cairnmq.tck.durability;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;

import static io.cairnmq.tck.durability.NumberSets.missing;
import static io.cairnmq.tck.durability.NumberSets.range;
import static io.cairnmq.tck.durability.NumberSets.sorted;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * The embedded broker and one client in a child JVM, killed with SIGKILL at a random point of
 * its work and restarted on the same data directory, round after round: a transaction is all
 * there or not at all, no acknowledged message comes back, nothing acknowledged to its sender
 * is lost. The cases about what a returned call promises run under both journal policies that
 * promise it for a crash of the process, {@code sync} and {@code write}. The rounds per case come
 * from {@code -Dcairnmq.kill.rounds} (a few in the ordinary
 * build; 50 or more to check a change to the journal or the transactions); each case prints its
 * seed, and {@code -Dcairnmq.kill.seed} replays one.
 */
@Timeout(3_600)
class KillLoopTest {

    private static final int COUNT = 600;
    private static final int ROUNDS = Integer.getInteger("cairnmq.kill.rounds", 2);
    /** The backlog read back at every restart: more than two of the recovery's chunks of 1,000. */
    private static final int BACKLOG = 2_500;
    /** How many times the backlog's consumer is killed in one round. */
    private static final int KILLS = 3;

    @TempDir
    Path root;

    @Test
    @DisplayName("A transacted producer committing every 10, killed: each transaction is all there or not at all")
    void transactedProducer() throws Exception {
        rounds("transacted producer", (random, url) -> {
            int killAfter = killPoint(random);
            List<String> lines = runUntilLine(url, "COMMITTED", killAfter, "produce-tx", String.valueOf(COUNT));
            List<Set<Integer>> committed = batches(lines, "COMMITTED");
            List<Integer> left = drain(url, "in");
            assertNoDuplicates(left);
            assertEquals(sorted(left), left, "in send order");
            Set<Integer> there = new HashSet<>(left);
            for (Set<Integer> batch : committed) {
                assertTrue(there.containsAll(batch), "committed and lost: " + missing(batch, there));
            }
            assertAllOrNothing(transactionsOf(there), there);
        });
    }

    @ParameterizedTest(name = "journal={0}")
    @ValueSource(strings = {"sync", "write"})
    @DisplayName("A producer whose every persistent send waits, killed: each send that returned is there, once")
    void persistentProducer(String journal) throws Exception {
        rounds("persistent producer", journal, (random, url) -> {
            int killAfter = killPoint(random);
            // Killed right after a send returned: its group commit, forced, is then the newest
            // in the journal, and the next send's may be half written.
            List<String> lines = runUntilLine(url, "SENT", killAfter, "produce", String.valueOf(COUNT));
            Set<Integer> sent = numbers(lines, "SENT ");
            List<Integer> left = drain(url, "in");
            assertNoDuplicates(left);
            assertEquals(sorted(left), left, "in send order");
            Set<Integer> there = new HashSet<>(left);
            Set<Integer> lost = new HashSet<>(sent);
            lost.removeAll(there);
            assertTrue(lost.isEmpty(), "sent and lost: " + lost);
        });
    }

    @ParameterizedTest(name = "journal={0}")
    @ValueSource(strings = {"sync", "write"})
    @DisplayName("A CLIENT_ACKNOWLEDGE consumer acknowledging every 10, killed: nothing acknowledged comes back")
    void clientAcknowledgingConsumer(String journal) throws Exception {
        rounds("client acknowledge", journal, (random, url) -> {
            prefill(url);
            int killAfter = killPoint(random);
            assertAcknowledgedNeverBackNoneLost(url, COUNT, runUntilLine(url, "ACKED", killAfter, "consume-client"));
        });
    }

    @ParameterizedTest(name = "journal={0}")
    @ValueSource(strings = {"sync", "write"})
    @DisplayName("A consumer acknowledging each message of a backlog, killed: nothing acknowledged comes back, nothing lost")
    void consumerAcknowledgingEachMessage(String journal) throws Exception {
        rounds("acknowledge each", journal, (random, url) -> {
            prefill(url);
            // Killed right after an acknowledge() returned: acknowledgements are then often in the
            // acknowledgement log only, their removal not yet committed by the journal.
            int killAfter = 1 + random.nextInt(COUNT - 2);
            assertAcknowledgedNeverBackNoneLost(url, COUNT, runUntilLine(url, "ACKED", killAfter, "consume"));
        });
    }

    @ParameterizedTest(name = "journal={0}")
    @ValueSource(strings = {"sync", "write"})
    @DisplayName("A backlog sent in transactions, its consumer acknowledging each message killed again and again:"
            + " every restart reads it whole, nothing acknowledged comes back, nothing lost")
    void packedBacklogAcrossRestarts(String journal) throws Exception {
        rounds("packed backlog across restarts", journal, (random, url) -> {
            // Sent in transactions, the messages are kept in packs; more than two of the restart's
            // reading chunks, so that putting back the first ones rewrites the queue while the
            // rest is still to be read.
            prefillInTransactions(url, BACKLOG);
            List<String> lines = new ArrayList<>();
            for (int kill = 0; kill < KILLS; kill++) {
                lines.addAll(runUntilLine(url, "ACKED", 1 + random.nextInt(BACKLOG / (KILLS + 1)), "consume"));
            }
            assertAcknowledgedNeverBackNoneLost(url, BACKLOG, lines);
        });
    }

    /**
     * After the kills of consumers that printed GOT and ACKED lines (across their runs): none
     * acknowledged is back, none of the {@code count} sent is lost.
     */
    private static void assertAcknowledgedNeverBackNoneLost(String url, int count, List<String> lines)
            throws Exception {
        Set<Integer> acked = union(batches(lines, "ACKED"));
        Set<Integer> got = numbers(lines, "GOT ");
        List<Integer> left = drain(url, "in");
        assertNoDuplicates(left);
        assertNoneBack(acked, left, "acknowledged and back: ");
        // Received but not acknowledged: comes back, unless its acknowledge() was under way.
        Set<Integer> lost = range(count);
        lost.removeAll(left);
        lost.removeAll(acked);
        lost.removeAll(inDoubt(got, acked));
        assertTrue(lost.isEmpty(), "lost: " + lost);
    }

    @ParameterizedTest(name = "journal={0}")
    @ValueSource(strings = {"sync", "write"})
    @DisplayName("A transacted consumer committing every 10, killed: committed never back, the open transaction back whole")
    void transactedConsumer(String journal) throws Exception {
        rounds("transacted consumer", journal, (random, url) -> {
            prefill(url);
            int killAfter = killPoint(random);
            List<String> lines = runUntilLine(url, "COMMITTED", killAfter, "consume-tx");
            Set<Integer> committed = union(batches(lines, "COMMITTED"));
            List<Integer> left = drain(url, "in");
            assertNoDuplicates(left);
            assertNoneBack(committed, left, "committed and back: ");
            Set<Integer> gone = range(COUNT);
            gone.removeAll(left);
            gone.removeAll(committed);
            // What is gone without a COMMITTED line is the transaction whose commit was under way: whole.
            assertTrue(gone.isEmpty() || gone.equals(nextTransaction(committed)), "partly committed: " + gone);
        });
    }

    @Test
    @DisplayName("A transaction moving messages between queues, killed: each message in exactly one of them")
    void transactionalMove() throws Exception {
        rounds("transactional move", (random, url) -> assertMoveIsAtomic(random, url));
    }

    @Test
    @DisplayName("A transaction moving messages between queues of four shards, killed: each message in exactly one")
    void transactionalMoveBetweenShardedQueues() throws Exception {
        rounds("transactional move, 4 shards", (random, url) -> assertMoveIsAtomic(random, url + "&shards=4"));
    }

    private void assertMoveIsAtomic(Random random, String url) throws Exception {
        prefill(url);
        int killAfter = killPoint(random);
        List<String> lines = runUntilLine(url, "COMMITTED", killAfter, "transact");
        Set<Integer> committed = union(batches(lines, "COMMITTED"));
        List<Integer> in = drain(url, "in");
        List<Integer> out = drain(url, "out");
        assertNoDuplicates(in);
        assertNoDuplicates(out);
        Set<Integer> both = new TreeSet<>(in);
        both.retainAll(out);
        assertTrue(both.isEmpty(), "in both queues: " + both);
        Set<Integer> all = new TreeSet<>(in);
        all.addAll(out);
        assertEquals(range(COUNT), all, "lost");
        assertTrue(new HashSet<>(out).containsAll(committed), "committed but not moved: " + missing(committed,
                new HashSet<>(out)));
        Set<Integer> movedWithoutLine = new TreeSet<>(out);
        movedWithoutLine.removeAll(committed);
        assertTrue(movedWithoutLine.isEmpty() || movedWithoutLine.equals(nextTransaction(committed)),
                "partly committed: " + movedWithoutLine);
    }

    // ------------------------------------------------------------------ rounds

    /** One round: a fresh data directory, the case's work, its checks. */
    private interface Round {
        void run(Random random, String url) throws Exception;
    }

    private void rounds(String name, Round round) throws Exception {
        rounds(name, "sync", round);
    }

    private void rounds(String name, String journal, Round round) throws Exception {
        long seed = Long.getLong("cairnmq.kill.seed", System.nanoTime());
        Random random = new Random(seed);
        System.out.println(name + ", journal=" + journal + ": " + ROUNDS + " round(s), seed " + seed);
        for (int r = 1; r <= ROUNDS; r++) {
            Path dir = Files.createDirectory(root.resolve("round-" + r));
            try {
                round.run(random, "vm://crash?dataDir=" + dir + "&journal=" + journal);
            } catch (AssertionError e) {
                fail(name + ", journal=" + journal + ", round " + r + " of seed " + seed + " (-Dcairnmq.kill.seed="
                        + seed + "): " + e.getMessage(), e);
            } finally {
                delete(dir);
            }
        }
    }

    private static void prefill(String url) throws Exception {
        try (ChildJvm producer = new ChildJvm(url, "produce", String.valueOf(COUNT))) {
            producer.runToEnd();
        }
    }

    private static void prefillInTransactions(String url, int count) throws Exception {
        try (ChildJvm producer = new ChildJvm(url, "produce-tx", String.valueOf(count))) {
            producer.runToEnd();
        }
    }

    /** Runs the child until it has printed {@code count} lines starting with {@code prefix}, then kills it. */
    private static List<String> runUntilLine(String url, String prefix, int count, String... work) throws Exception {
        String[] args = new String[work.length + 1];
        args[0] = url;
        System.arraycopy(work, 0, args, 1, work.length);
        int[] seen = {0};
        try (ChildJvm child = new ChildJvm(args)) {
            return child.runUntil(line -> line.startsWith(prefix) && ++seen[0] == count);
        }
    }

    private static List<Integer> drain(String url, String queue) throws Exception {
        try (ChildJvm drainer = new ChildJvm(url, "drain", queue)) {
            List<Integer> result = new ArrayList<>();
            for (String line : drainer.runToEnd()) {
                if (line.startsWith("GOT ")) {
                    result.add(Integer.parseInt(line.split(" ")[1]));
                }
            }
            return result;
        }
    }

    // ------------------------------------------------------------------ checks

    /** The groups of numbers after each line that starts with the prefix ("COMMITTED 1 2 3"). */
    private static List<Set<Integer>> batches(List<String> lines, String prefix) {
        List<Set<Integer>> result = new ArrayList<>();
        for (String line : lines) {
            if (line.startsWith(prefix)) {
                Set<Integer> batch = new TreeSet<>();
                for (String n : line.substring(prefix.length()).trim().split(" ")) {
                    if (!n.isEmpty()) {
                        batch.add(Integer.parseInt(n));
                    }
                }
                result.add(batch);
            }
        }
        return result;
    }

    /** The transactions (of ten consecutive numbers, from a multiple of ten) that any of these numbers are in. */
    private static Set<Integer> transactionsOf(Set<Integer> numbers) {
        Set<Integer> firsts = new TreeSet<>();
        numbers.forEach(n -> firsts.add(n - n % 10));
        return firsts;
    }

    private static void assertAllOrNothing(Set<Integer> transactions, Set<Integer> there) {
        for (int first : transactions) {
            Set<Integer> whole = new TreeSet<>();
            for (int n = first; n < Math.min(first + 10, COUNT); n++) {
                whole.add(n);
            }
            assertTrue(there.containsAll(whole), "transaction " + first + ".." + (first + 9) + " partly there: missing "
                    + missing(whole, there));
        }
    }

    /**
     * The transaction after the committed ones, of a single consumer that takes the messages in
     * order, ten to a transaction: the one whose commit may have been under way at the kill.
     */
    private static Set<Integer> nextTransaction(Set<Integer> committed) {
        int first = committed.isEmpty() ? 0 : new TreeSet<>(committed).last() + 1;
        Set<Integer> next = new TreeSet<>();
        for (int n = first; n < Math.min(first + 10, COUNT); n++) {
            next.add(n);
        }
        return next;
    }

    /** Received and not acknowledged before the kill: at most one batch, whose acknowledge() was under way. */
    private static Set<Integer> inDoubt(Set<Integer> got, Set<Integer> acked) {
        Set<Integer> result = new TreeSet<>(got);
        result.removeAll(acked);
        return result;
    }

    /** How many transactions or acknowledgements the child completes before it is killed, at random. */
    private static int killPoint(Random random) {
        return 1 + random.nextInt(COUNT / 10 - 2);
    }

    /** None of {@code settled} (acknowledged or committed as consumed) is among what the queue holds after the restart. */
    private static void assertNoneBack(Set<Integer> settled, List<Integer> left, String what) {
        Set<Integer> back = new TreeSet<>(left);
        back.retainAll(settled);
        assertTrue(back.isEmpty(), what + back);
    }

    private static void assertNoDuplicates(List<Integer> numbers) {
        assertEquals(new HashSet<>(numbers).size(), numbers.size(), "duplicates: " + numbers);
    }

    private static Set<Integer> union(List<Set<Integer>> batches) {
        Set<Integer> all = new TreeSet<>();
        batches.forEach(all::addAll);
        return all;
    }

    private static Set<Integer> numbers(List<String> lines, String prefix) {
        Set<Integer> result = new TreeSet<>();
        for (String line : lines) {
            if (line.startsWith(prefix)) {
                result.add(Integer.parseInt(line.substring(prefix.length()).split(" ")[0]));
            }
        }
        return result;
    }

    private static void delete(Path dir) throws IOException {
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }
}
