package io.cairnmq.samples;

import io.cairnmq.engine.net.FreePorts;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.IntStream;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The README's commands, run from the packaged jars as a user types them: the quick start, a
 * consumer and a producer in two JVMs forming one broker, a standalone node started from a
 * properties file, and three nodes with a producer and a consumer connected to them over tcp://. The build runs this after packaging, with the jars' paths as system
 * properties. Every member binds to 127.0.0.1 on a port chosen at run time, in a cluster of its
 * own, with its data under {@code target/}.
 */
class ReadmeCommandsIT {

    /** A JVM starting a member may wait several seconds for the members it was told to join. */
    private static final Duration START = Duration.ofSeconds(60);
    private static final Duration RUN = Duration.ofSeconds(90);
    /** The node hands its shards over and closes its journal: seconds, not minutes. */
    private static final Duration LEAVE = Duration.ofSeconds(30);
    /** A node's exit status once SIGTERM has made it leave the cluster gracefully. */
    private static final int EXIT_AFTER_LEAVING = 0;
    /**
     * The jars log at WARN. The engine's INFO lines of start and stop are the facts this test
     * waits for: a consumer prints nothing before its first message, a node nothing once it left.
     */
    private static final String ENGINE_LOG_AT_INFO = "-Dorg.slf4j.simpleLogger.log.io.cairnmq.engine.hz.HzEngine=info";
    private static final Pattern HELLO_RECEIVED = Pattern.compile("received: (order \\d+) {2}\\(.+\\)");
    private static final Pattern CONSUMER_RECEIVED = Pattern.compile("received: message (\\d+)");

    private final List<ChildJvm> started = new ArrayList<>();

    @AfterEach
    void stopEveryJvmStarted() throws InterruptedException {
        for (ChildJvm jvm : started) {
            jvm.stop();
        }
    }

    @Test
    @Timeout(150)
    void quickStartSendsTenMessagesAndReceivesThemInOrder() throws Exception {
        // From a directory of its own: the sample's broker keeps its data in ./data/default.
        Path dir = freshDirectory("quick-start");
        ChildJvm hello = start("hello", dir, "-jar", jar("cairnmq.samples.jar"));

        assertEquals(0, hello.awaitExit(RUN), hello::report);
        assertTrue(hello.stdoutLines().contains("sent 10 messages to orders"), hello::report);
        List<String> received = hello.stdoutLines().stream()
                .map(HELLO_RECEIVED::matcher).filter(Matcher::matches).map(m -> m.group(1)).toList();
        assertEquals(IntStream.rangeClosed(1, 10).mapToObj(i -> "order " + i).toList(), received, hello::report);
    }

    @Test
    @Timeout(240)
    void aConsumerJvmReceivesAllThatAProducerJvmSendsToTheSameCluster() throws Exception {
        Path dir = freshDirectory("two-jvms");
        int[] ports = FreePorts.take("127.0.0.1", 2);
        int portA = ports[0];
        int portB = ports[1];
        String cluster = "readme-it-" + UUID.randomUUID();
        String members = "127.0.0.1:" + portA + ",127.0.0.1:" + portB;
        String samples = jar("cairnmq.samples.jar");

        // --count: it stops at the hundredth instead of waiting for ten idle seconds; --idle-seconds
        // bounds its wait while the producer's JVM starts.
        ChildJvm consumer = start("consumer", dir, ENGINE_LOG_AT_INFO, "-jar", samples,
                "consumer", "--count", "100", "--idle-seconds", "60",
                "--url", memberUrl("b", cluster, portB, members, dir));
        // As from a second terminal once the first member runs: the producer's member joins an
        // existing cluster instead of racing the consumer's to found one.
        consumer.awaitStderr("CairnMQ engine b started", START);
        ChildJvm producer = start("producer", dir, "-jar", samples,
                "producer", "--count", "100",
                "--url", memberUrl("a", cluster, portA, members, dir));

        assertEquals(0, producer.awaitExit(RUN), producer::report);
        assertTrue(producer.stdoutLines().contains("sent 100 messages to orders"), producer::report);
        assertEquals(0, consumer.awaitExit(RUN), consumer::report);
        assertTrue(consumer.stdoutLines().contains("received 100 messages from orders"), consumer::report);
        List<Integer> received = consumer.stdoutLines().stream()
                .map(CONSUMER_RECEIVED::matcher).filter(Matcher::matches).map(m -> Integer.valueOf(m.group(1))).toList();
        assertEquals(IntStream.rangeClosed(1, 100).boxed().toList(), received,
                () -> "each message once, in the order sent (one shard)" + consumer.report() + producer.report());
    }

    @Test
    @Timeout(150)
    void aNodeStartedFromItsPropertiesFilePrintsReadyAndLeavesOnSigterm() throws Exception {
        Path dir = freshDirectory("node");
        int port = FreePorts.take("127.0.0.1", 1)[0];
        Files.writeString(dir.resolve("node.properties"), String.join("\n",
                "name=readme-node",
                "cluster=readme-it-" + UUID.randomUUID(),
                "bind=127.0.0.1",
                "port=" + port,
                "members=127.0.0.1:" + port,
                "dataDir=" + dir.resolve("data"),
                // Not the default 61616: no fixed ports in tests.
                "clientPort=0",
                ""));
        ChildJvm node = start("node", dir, ENGINE_LOG_AT_INFO, "-jar", jar("cairnmq.node.jar"), "node.properties");
        node.awaitStdout("READY CairnMQ node readme-node", START);

        node.terminate();

        assertEquals(EXIT_AFTER_LEAVING, node.awaitExit(LEAVE), node::report);
        assertTrue(node.stdoutLines().contains("STOPPED CairnMQ node readme-node"), node::report);
        // Logged by the engine once it has left and closed its journal.
        assertTrue(node.stderr().contains("CairnMQ engine readme-node stopped"), node::report);
    }

    @Test
    @Timeout(300)
    void threeNodesAndClientsOverTcpAsInTheQuickStart() throws Exception {
        Path dir = freshDirectory("three-nodes");
        int[] ports = FreePorts.take("127.0.0.1", 6);
        String cluster = "readme-it-" + UUID.randomUUID();
        String members = "127.0.0.1:" + ports[0] + ",127.0.0.1:" + ports[1] + ",127.0.0.1:" + ports[2];
        List<ChildJvm> nodes = new ArrayList<>();
        for (int i = 1; i <= 3; i++) {
            // The quick start's file, with ports free on this machine instead of 5701.. and 61616..
            Files.writeString(dir.resolve("n" + i + ".properties"), String.join("\n",
                    "name=n" + i, "cluster=" + cluster, "port=" + ports[i - 1], "members=" + members,
                    "clientPort=" + ports[2 + i], "dataDir=data/n" + i, ""));
            nodes.add(start("n" + i, dir, "-jar", jar("cairnmq.node.jar"), "n" + i + ".properties"));
        }
        for (int i = 1; i <= 3; i++) {
            nodes.get(i - 1).awaitStdout("READY CairnMQ node n" + i + " clients=127.0.0.1:" + ports[2 + i], START);
        }
        String samples = jar("cairnmq.samples.jar");
        ChildJvm consumer = start("consumer", dir, "-jar", samples, "consumer", "--count", "100", "--idle-seconds", "60",
                "--url", tcpUrl(ports[4], ports[5], ports[3]));
        ChildJvm producer = start("producer", dir, "-jar", samples, "producer", "--count", "100",
                "--url", tcpUrl(ports[3], ports[4], ports[5]));

        assertEquals(0, producer.awaitExit(RUN), producer::report);
        assertTrue(producer.stdoutLines().contains("sent 100 messages to orders"), producer::report);
        assertEquals(0, consumer.awaitExit(RUN), consumer::report);
        List<Integer> received = consumer.stdoutLines().stream()
                .map(CONSUMER_RECEIVED::matcher).filter(Matcher::matches).map(m -> Integer.valueOf(m.group(1))).toList();
        assertEquals(IntStream.rangeClosed(1, 100).boxed().toList(), received,
                () -> "each message once, in the order sent" + consumer.report() + producer.report());
    }

    private static String tcpUrl(int... clientPorts) {
        return "tcp://" + java.util.Arrays.stream(clientPorts).mapToObj(p -> "127.0.0.1:" + p)
                .collect(java.util.stream.Collectors.joining(","));
    }

    private ChildJvm start(String name, Path dir, String... args) throws IOException {
        ChildJvm jvm = ChildJvm.start(name, dir, List.of(args));
        started.add(jvm);
        return jvm;
    }

    private static String memberUrl(String name, String cluster, int port, String members, Path dir) {
        return "vm://" + name + "?cluster=" + cluster + "&bind=127.0.0.1&port=" + port + "&members=" + members
                + "&dataDir=" + dir.resolve("data-" + name);
    }

    /** A packaged jar, whose path this module's pom passes as a system property. */
    private static String jar(String property) {
        String path = System.getProperty(property);
        assertTrue(path != null, "System property " + property + " is not set: run this test through the build (verify)");
        assertTrue(Files.isRegularFile(Path.of(path)), property + "=" + path + " does not exist: package the modules first");
        return path;
    }

    /** An empty directory under target/, so that no data or output of an earlier run is read. */
    private static Path freshDirectory(String name) throws IOException {
        String root = System.getProperty("cairnmq.it.dir");
        assertTrue(root != null, "System property cairnmq.it.dir is not set: run this test through the build (verify)");
        Path dir = Path.of(root, name);
        if (Files.exists(dir)) {
            try (Stream<Path> files = Files.walk(dir)) {
                for (Path file : files.sorted(Comparator.reverseOrder()).toList()) {
                    Files.delete(file);
                }
            }
        }
        return Files.createDirectories(dir);
    }
}
