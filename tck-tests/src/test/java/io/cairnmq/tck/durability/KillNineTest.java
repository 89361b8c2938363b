package io.cairnmq.tck.durability;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;

import static io.cairnmq.tck.durability.NumberSets.missing;
import static io.cairnmq.tck.durability.NumberSets.range;
import static io.cairnmq.tck.durability.NumberSets.sorted;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The embedded broker killed with SIGKILL (kill -9) in the middle of sending, consuming and a
 * transaction, then restarted on the same data directory: every persistent message
 * acknowledged to its sender is there, none acknowledged by its consumer comes back, and an
 * uncommitted transaction is rolled back.
 */
@Timeout(180)
class KillNineTest {

    private static final int COUNT = 600;

    @TempDir
    Path dataDir;
    private final Random random = new Random();

    private String url(String journal) {
        return "vm://crash?dataDir=" + dataDir + "&journal=" + journal;
    }

    @ParameterizedTest(name = "journal={0}")
    @ValueSource(strings = {"sync", "write"})
    @DisplayName("Killed while sending: every message whose send returned is there after the restart")
    void killedWhileSending(String journal) throws Exception {
        int killAfter = 50 + random.nextInt(COUNT - 100);
        List<String> lines;
        try (ChildJvm producer = new ChildJvm(url(journal), "produce", String.valueOf(COUNT))) {
            lines = producer.runUntil(line -> line.equals("SENT " + killAfter));
        }
        Set<Integer> sent = numbers(lines, "SENT ");
        List<Integer> drained = drain(journal, "in");
        assertTrue(new HashSet<>(drained).containsAll(sent), "lost: " + missing(sent, drained));
        assertEquals(new HashSet<>(drained).size(), drained.size(), "duplicates: " + drained);
        assertEquals(sorted(drained), drained, "in send order");
    }

    @Test
    @DisplayName("Killed while publishing: the durable subscription and every message published to it are there")
    void killedWhilePublishingToADurableSubscription() throws Exception {
        int killAfter = 50 + random.nextInt(COUNT - 100);
        List<String> lines;
        try (ChildJvm publisher = new ChildJvm(url("sync"), "publish", String.valueOf(COUNT))) {
            lines = publisher.runUntil(line -> line.equals("SENT " + killAfter));
        }
        Set<Integer> sent = numbers(lines, "SENT ");
        List<Integer> received = new ArrayList<>();
        try (ChildJvm subscriber = new ChildJvm(url("sync"), "drain-durable")) {
            for (String line : subscriber.runToEnd()) {
                if (line.startsWith("GOT ")) {
                    received.add(Integer.parseInt(line.split(" ")[1]));
                }
            }
        }
        assertTrue(new HashSet<>(received).containsAll(sent), "lost: " + missing(sent, received));
        assertEquals(sorted(received), received, "in publish order");
    }

    @Test
    @DisplayName("Killed while consuming: no acknowledged message comes back, every other one does")
    void killedWhileConsuming() throws Exception {
        try (ChildJvm producer = new ChildJvm(url("sync"), "produce", String.valueOf(COUNT))) {
            producer.runToEnd();
        }
        int killAfter = 50 + random.nextInt(COUNT - 100);
        List<String> lines;
        try (ChildJvm consumer = new ChildJvm(url("sync"), "consume")) {
            lines = consumer.runUntil(line -> line.equals("ACKED " + killAfter));
        }
        Set<Integer> acked = numbers(lines, "ACKED ");
        // A message received whose acknowledge() had not returned when the JVM died may be
        // acknowledged or not: JMS allows both, so it may be missing or back.
        Set<Integer> inDoubt = new TreeSet<>(numbers(lines, "GOT "));
        inDoubt.removeAll(acked);
        assertTrue(inDoubt.size() <= 1, "one acknowledgement at a time: " + inDoubt);
        List<Integer> left = drain("sync", "in");
        Set<Integer> back = new TreeSet<>(left);
        back.retainAll(acked);
        assertTrue(back.isEmpty(), "acknowledged and back: " + back);
        Set<Integer> all = new HashSet<>(left);
        all.addAll(acked);
        all.addAll(inDoubt);
        assertEquals(COUNT, all.size(), "lost: " + missing(range(COUNT), new ArrayList<>(all)));
    }

    @Test
    @DisplayName("Killed in a transaction: committed moves stay done, the open transaction is rolled back")
    void killedInATransaction() throws Exception {
        try (ChildJvm producer = new ChildJvm(url("sync"), "produce", String.valueOf(COUNT))) {
            producer.runToEnd();
        }
        int killAfterCommits = 3 + random.nextInt(COUNT / 10 - 6);
        List<String> lines;
        int[] commits = {0};
        try (ChildJvm mover = new ChildJvm(url("sync"), "transact")) {
            lines = mover.runUntil(line -> line.startsWith("COMMITTED") && ++commits[0] == killAfterCommits);
        }
        Set<Integer> committed = new TreeSet<>();
        for (String line : lines) {
            if (line.startsWith("COMMITTED")) {
                for (String n : line.substring("COMMITTED".length()).trim().split(" ")) {
                    committed.add(Integer.parseInt(n));
                }
            }
        }
        List<Integer> in = drain("sync", "in");
        List<Integer> out = drain("sync", "out");
        assertTrue(new HashSet<>(out).containsAll(committed), "committed but not moved: " + missing(committed, out));
        Set<Integer> both = new TreeSet<>(in);
        both.retainAll(out);
        assertTrue(both.isEmpty(), "in both queues: " + both);
        Set<Integer> all = new HashSet<>(in);
        all.addAll(out);
        assertEquals(COUNT, all.size(), "lost: " + missing(range(COUNT), new ArrayList<>(all)));
        assertEquals(in.size() + out.size(), COUNT, "duplicates");
    }

    @ParameterizedTest(name = "then {0}")
    @ValueSource(strings = {"commit", "rollback"})
    @DisplayName("Killed with an XA branch prepared: after the restart it holds what it received, recover() lists it,"
            + " and its commit (or rollback) does exactly what it should")
    void killedWithAPreparedXaBranch(String decision) throws Exception {
        int count = 20;
        String branch;
        try (ChildJvm preparer = new ChildJvm(url("sync"), "xa-prepare", String.valueOf(count))) {
            List<String> lines = preparer.runUntil(line -> line.startsWith("PREPARED "));
            branch = lines.get(lines.size() - 1).substring("PREPARED ".length());
        }
        int moved = CrashXaClient.MOVED;
        // Before the decision, what the branch received is held by it: nobody else gets it.
        List<Integer> free = drain("sync", "in");
        assertEquals(range(count).stream().skip(moved).toList(), free, "not held by the prepared branch");
        List<String> finished;
        try (ChildJvm finisher = new ChildJvm(url("sync"), "xa-finish", decision)) {
            finished = finisher.runToEnd();
        }
        assertEquals(List.of("RECOVERED " + branch, "END"), finished.stream()
                .filter(l -> l.startsWith("RECOVERED") || l.equals("END")).toList());
        List<Integer> in = drain("sync", "in");
        List<Integer> out = drain("sync", "out");
        List<Integer> firstMoved = range(count).stream().limit(moved).toList();
        if (decision.equals("commit")) {
            assertEquals(List.of(), in, "received by the committed branch, and back");
            assertEquals(firstMoved, out, "sent by the committed branch");
        } else {
            assertEquals(firstMoved, in, "received by the rolled-back branch: back on its queue");
            assertEquals(List.of(), out, "sent by the rolled-back branch");
        }
    }

    private List<Integer> drain(String journal, String queue) throws Exception {
        try (ChildJvm drainer = new ChildJvm(url(journal), "drain", queue)) {
            List<Integer> result = new ArrayList<>();
            for (String line : drainer.runToEnd()) {
                if (line.startsWith("GOT ")) {
                    result.add(Integer.parseInt(line.split(" ")[1]));
                }
            }
            return result;
        }
    }

    private static Set<Integer> numbers(List<String> lines, String prefix) {
        Set<Integer> result = new TreeSet<>();
        for (String line : lines) {
            if (line.startsWith(prefix)) {
                result.add(Integer.parseInt(line.substring(prefix.length())));
            }
        }
        return result;
    }

}
