package io.cairnmq.cluster;

import io.cairnmq.engine.net.FreePorts;
import io.cairnmq.jms.CairnConnectionFactory;
import jakarta.jms.Connection;
import jakarta.jms.DeliveryMode;
import jakarta.jms.JMSException;
import jakarta.jms.Message;
import jakarta.jms.MessageConsumer;
import jakarta.jms.MessageProducer;
import jakarta.jms.Session;
import jakarta.jms.TransactionRolledBackException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Clients over {@code tcp://} to three node processes, spread over the nodes, while the node a
 * client is connected to is killed with SIGKILL, again and again (brought back each time): a
 * producer sending persistent messages one by one, a producer committing them ten at a time, and
 * consumers in CLIENT_ACKNOWLEDGE, transacted and AUTO_ACKNOWLEDGE sessions. Nothing acknowledged
 * to a sender is missing, nothing a consumer acknowledged for good (an acknowledge or commit that
 * returned) comes back, a message that comes again is marked redelivered, and no application call
 * fails except as JMS says (a commit rolled back, an acknowledgement that did not reach the node).
 */
@Timeout(600)
class RemoteFailoverIT {

    private static final long SEED = Long.getLong("cairnmq.failover.seed", System.nanoTime());
    private static final int KILLS = Integer.getInteger("cairnmq.failover.kills", 4);
    private static final String QUEUE = "orders";

    @TempDir
    Path dir;
    private CairnNode probe;

    private final Set<Integer> sent = ConcurrentHashMap.newKeySet();
    /** Acknowledged for good: an acknowledge or a commit that returned. */
    private final Set<Integer> acknowledged = ConcurrentHashMap.newKeySet();
    /**
     * Consumed in a commit whose outcome was in doubt, or acknowledged by an acknowledge that failed
     * when its node was lost: there or gone, either is right.
     */
    private final Set<Integer> maybeConsumed = ConcurrentHashMap.newKeySet();
    /** Taken by the AUTO_ACKNOWLEDGE consumer, whose acknowledgements are lazy. */
    private final Set<Integer> consumedLazily = ConcurrentHashMap.newKeySet();
    private final ConcurrentLinkedQueue<String> violations = new ConcurrentLinkedQueue<>() {
        @Override
        public boolean add(String violation) {
            // Said as it happens, with the moment, so that the node logs around it can be read.
            System.out.println("RemoteFailoverIT VIOLATION at " + java.time.LocalTime.now() + ": " + violation);
            return super.add(violation);
        }
    };
    private final ConcurrentLinkedQueue<String> sanctioned = new ConcurrentLinkedQueue<>();
    /** Committed in transactions whose outcome was in doubt: there or not, but never twice. */
    private final Set<Integer> inDoubt = ConcurrentHashMap.newKeySet();
    private final AtomicBoolean producing = new AtomicBoolean(true);
    private final AtomicBoolean consuming = new AtomicBoolean(true);

    @Test
    void clientsCarryOnWhileTheNodesTheyAreConnectedToAreKilled() throws Exception {
        System.out.println("RemoteFailoverIT seed " + SEED + " (repeat with -Dcairnmq.failover.seed=" + SEED + ")");
        Random random = new Random(SEED);
        int[] clientPorts = FreePorts.take("127.0.0.1", 3);
        try (NodeCluster cluster = new NodeCluster(dir, 3, Map.of("backups", "1", "heartbeatMillis", "1000"))) {
            NodeProcess[] nodes = new NodeProcess[3];
            for (int i = 0; i < 3; i++) {
                nodes[i] = cluster.launch(i + 1, Map.of("clientPort", String.valueOf(clientPorts[i])));
            }
            for (NodeProcess node : nodes) {
                node.awaitReady(NodeProcess.START_TIMEOUT);
            }
            probe = cluster.joinProbe();
            List<Thread> clients = List.of(
                    thread("producer", () -> produce(url(clientPorts, 0))),
                    thread("transacted-producer", () -> produceTransacted(url(clientPorts, 1))),
                    thread("client-ack", () -> consumeClientAcknowledge(url(clientPorts, 1))),
                    thread("transacted", () -> consumeTransacted(url(clientPorts, 2))),
                    thread("auto-ack", () -> consumeAutoAcknowledge(url(clientPorts, 2))));
            clients.forEach(Thread::start);
            try {
                for (int kill = 0; kill < KILLS; kill++) {
                    int before = consumed();
                    await().atMost(Duration.ofSeconds(60)).until(() -> consumed() >= before + 50);
                    // Each client's own node in turn, then nodes chosen by the seed.
                    int victim = kill < 3 ? kill : random.nextInt(3);
                    System.out.println("RemoteFailoverIT: SIGKILL n" + (victim + 1) + " after " + sent.size()
                            + " sent, " + consumed() + " consumed");
                    nodes[victim].sigkill();
                    nodes[victim].awaitExit(Duration.ofSeconds(30));
                    int atKill = consumed();
                    await().atMost(Duration.ofSeconds(90)).until(() -> consumed() >= atKill + 50);
                    nodes[victim].restart();
                    await().atMost(Duration.ofSeconds(90)).until(() -> cluster.size() == 4 && cluster.isSafe());
                }
            } finally {
                producing.set(false);
                try {
                    await().atMost(Duration.ofSeconds(120)).until(() -> allConsumed().containsAll(sent));
                } catch (org.awaitility.core.ConditionTimeoutException e) {
                    Set<Integer> missing = new java.util.TreeSet<>(sent);
                    missing.removeAll(allConsumed());
                    System.out.println("RemoteFailoverIT: " + missing.size() + " not consumed, such as "
                            + missing.stream().limit(20).toList() + "; the queue holds "
                            + probe.engine().stats(io.cairnmq.engine.api.DestinationName.queue(QUEUE)));
                    throw e;
                }
                consuming.set(false);
                for (Thread client : clients) {
                    client.join(60_000);
                }
            }
        }
        assertTrue(violations.isEmpty(), () -> "violations: " + violations);
        Set<Integer> missing = new java.util.TreeSet<>(sent);
        missing.removeAll(allConsumed());
        assertEquals(Set.of(), missing, "acknowledged to the sender and never consumed");
        System.out.println("RemoteFailoverIT: " + sent.size() + " sent, all consumed; calls that failed as JMS allows: "
                + sanctioned.size() + " " + new ArrayList<>(sanctioned).subList(0, Math.min(5, sanctioned.size())));
    }

    private int consumed() {
        return acknowledged.size() + consumedLazily.size();
    }

    private Set<Integer> allConsumed() {
        Set<Integer> all = new java.util.HashSet<>(acknowledged);
        all.addAll(consumedLazily);
        all.addAll(maybeConsumed);
        return all;
    }

    private static String url(int[] ports, int first) {
        StringBuilder url = new StringBuilder("tcp://");
        for (int i = 0; i < 3; i++) {
            url.append(i == 0 ? "" : ",").append("127.0.0.1:").append(ports[(first + i) % 3]);
        }
        return url.append("?reconnectDelayMillis=100&maxReconnectDelayMillis=1000&heartbeatMillis=1000"
                + "&callTimeoutMillis=60000&prefetch=20").toString();
    }

    private void produce(String url) {
        try (Connection connection = new CairnConnectionFactory(url).createConnection()) {
            Session session = connection.createSession(false, Session.AUTO_ACKNOWLEDGE);
            MessageProducer producer = session.createProducer(session.createQueue(QUEUE));
            producer.setDeliveryMode(DeliveryMode.PERSISTENT);
            for (int n = 0; producing.get(); n++) {
                Message message = session.createMessage();
                message.setIntProperty("n", n);
                producer.send(message);
                sent.add(n);
            }
        } catch (JMSException | RuntimeException e) {
            violations.add("producer failed: " + e);
            e.printStackTrace(System.out);
        }
    }

    /** Ten at a time in a transaction, numbered from a million up; a rolled-back batch is sent again. */
    private void produceTransacted(String url) {
        try (Connection connection = new CairnConnectionFactory(url).createConnection()) {
            Session session = connection.createSession(true, Session.SESSION_TRANSACTED);
            MessageProducer producer = session.createProducer(session.createQueue(QUEUE));
            producer.setDeliveryMode(DeliveryMode.PERSISTENT);
            int next = 1_000_000;
            while (producing.get()) {
                List<Integer> batch = new ArrayList<>();
                for (int i = 0; i < 10; i++) {
                    Message message = session.createMessage();
                    message.setIntProperty("n", next + i);
                    producer.send(message);
                    batch.add(next + i);
                }
                try {
                    session.commit();
                    sent.addAll(batch);
                    next += 10;
                } catch (TransactionRolledBackException e) {
                    // JMS: the transaction did not happen; the application sends it again.
                    sanctioned.add("producer commit: " + e.getMessage());
                } catch (JMSException e) {
                    if (!e.getClass().getSimpleName().equals("TransactionInDoubtException")) {
                        throw e;
                    }
                    // Its outcome is resolved by the cluster, all or nothing: these numbers are not reused.
                    sanctioned.add("producer commit in doubt: " + e.getMessage());
                    inDoubt.addAll(batch);
                    next += 10;
                }
            }
        } catch (JMSException | RuntimeException e) {
            violations.add("transacted producer failed: " + e);
            e.printStackTrace(System.out);
        }
    }

    /**
     * AUTO_ACKNOWLEDGE acknowledges lazily: a message whose acknowledgement was on its way to a node
     * that died may come again, marked redelivered, as JMS allows for this mode.
     */
    private void consumeAutoAcknowledge(String url) {
        Set<Integer> seen = ConcurrentHashMap.newKeySet();
        try (Connection connection = new CairnConnectionFactory(url).createConnection()) {
            connection.start();
            Session session = connection.createSession(false, Session.AUTO_ACKNOWLEDGE);
            MessageConsumer consumer = session.createConsumer(session.createQueue(QUEUE));
            while (consuming.get()) {
                Message message = consumer.receive(200);
                if (message == null) {
                    continue;
                }
                int n = message.getIntProperty("n");
                boolean again = !seen.add(n) || acknowledged.contains(n);
                if (again && !message.getJMSRedelivered()) {
                    violations.add("message " + n + " came again to the auto-acknowledging consumer without JMSRedelivered");
                }
                consumedLazily.add(n);
            }
        } catch (JMSException | RuntimeException e) {
            violations.add("auto-acknowledge consumer failed: " + e);
            e.printStackTrace(System.out);
        }
    }

    private void consumeClientAcknowledge(String url) {
        Set<Integer> seen = ConcurrentHashMap.newKeySet();
        try (Connection connection = new CairnConnectionFactory(url).createConnection()) {
            connection.start();
            Session session = connection.createSession(false, Session.CLIENT_ACKNOWLEDGE);
            MessageConsumer consumer = session.createConsumer(session.createQueue(QUEUE));
            while (consuming.get()) {
                Message message = consumer.receive(200);
                if (message == null) {
                    continue;
                }
                int n = received(message, seen);
                try {
                    message.acknowledge();
                    settled(List.of(n));
                } catch (JMSException e) {
                    // JMS: an acknowledgement that fails may or may not have been applied by the lost
                    // node; the message comes again or is gone.
                    sanctioned.add("acknowledge: " + e.getMessage());
                    maybeConsumed.add(n);
                }
            }
        } catch (JMSException | RuntimeException e) {
            violations.add("client-acknowledge consumer failed: " + e);
            e.printStackTrace(System.out);
        }
    }

    private void consumeTransacted(String url) {
        Set<Integer> seen = ConcurrentHashMap.newKeySet();
        try (Connection connection = new CairnConnectionFactory(url).createConnection()) {
            connection.start();
            Session session = connection.createSession(true, Session.SESSION_TRANSACTED);
            MessageConsumer consumer = session.createConsumer(session.createQueue(QUEUE));
            List<Integer> inTransaction = new ArrayList<>();
            while (consuming.get() || !inTransaction.isEmpty()) {
                Message message = consumer.receive(200);
                if (message != null) {
                    inTransaction.add(received(message, seen));
                }
                if (inTransaction.size() >= 5 || message == null && !inTransaction.isEmpty()) {
                    try {
                        session.commit();
                        settled(inTransaction);
                    } catch (TransactionRolledBackException e) {
                        sanctioned.add("commit: " + e.getMessage());
                    } catch (JMSException e) {
                        if (!e.getClass().getSimpleName().equals("TransactionInDoubtException")) {
                            throw e;
                        }
                        // The node was lost during the commit: these were consumed, or they come again.
                        sanctioned.add("commit in doubt: " + e.getMessage());
                        maybeConsumed.addAll(inTransaction);
                    }
                    inTransaction.clear();
                }
            }
        } catch (JMSException | RuntimeException e) {
            violations.add("transacted consumer failed: " + e);
            e.printStackTrace(System.out);
        }
    }

    /** Checks a message as it arrives: one seen before by this consumer must be marked redelivered. */
    private int received(Message message, Set<Integer> seen) throws JMSException {
        int n = message.getIntProperty("n");
        if (acknowledged.contains(n)) {
            violations.add("message " + n + " came back after it was acknowledged");
        }
        if (!seen.add(n) && !message.getJMSRedelivered()) {
            violations.add("message " + n + " came a second time without JMSRedelivered");
        }
        return n;
    }

    private void settled(List<Integer> numbers) {
        for (int n : numbers) {
            if (!acknowledged.add(n)) {
                violations.add("message " + n + " was acknowledged twice");
            }
        }
    }

    private static Thread thread(String name, Runnable body) {
        Thread thread = new Thread(body, "failover-" + name);
        thread.setDaemon(true);
        return thread;
    }
}
