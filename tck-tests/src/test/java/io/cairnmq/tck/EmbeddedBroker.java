package io.cairnmq.tck;

import io.cairnmq.engine.api.DestinationName;
import io.cairnmq.engine.api.DestinationStats;
import io.cairnmq.engine.api.Engines;
import io.cairnmq.jms.CairnConnectionFactory;
import jakarta.jms.Connection;
import jakarta.jms.JMSException;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;

/**
 * A broker for one test class, with its own name and a temporary data directory: embedded on
 * {@code vm://}, or, when the system property {@code cairnmq.tck.remote} is {@code true}, two
 * nodes in this JVM, each with its front end, that the tests reach over {@code tcp://}, so that
 * the same suite shows the same behaviour over the network. Connections opened through it are
 * closed after each test; the broker and its directory go after the class.
 */
public final class EmbeddedBroker implements BeforeAllCallback, AfterEachCallback, AfterAllCallback {

    private final List<Connection> connections = new ArrayList<>();
    /** Broker options of the test class (delivery policies, limits), on every node. */
    private final Map<String, String> brokerOptions;
    private Path dataDir;
    private String name;
    private CairnConnectionFactory factory;
    private RemoteNodes nodes;

    public EmbeddedBroker() {
        this(Map.of());
    }

    /** A broker started with these options as well (on {@code vm://}, in its URL; remote, on each node). */
    public EmbeddedBroker(Map<String, String> brokerOptions) {
        this.brokerOptions = Map.copyOf(brokerOptions);
    }

    /** Whether this run reaches the broker over the network. */
    public static boolean remote() {
        return Boolean.getBoolean("cairnmq.tck.remote");
    }

    @Override
    public void beforeAll(ExtensionContext context) throws IOException {
        dataDir = Files.createTempDirectory("cairnmq-tck");
        name = "tck-" + UUID.randomUUID().toString().substring(0, 8);
        if (remote()) {
            nodes = RemoteNodes.start(name, dataDir, 2, brokerOptions);
            factory = new CairnConnectionFactory(nodes.url());
        } else {
            StringBuilder url = new StringBuilder("vm://" + name + "?dataDir=" + dataDir);
            brokerOptions.forEach((key, value) -> url.append('&').append(encode(key)).append('=').append(encode(value)));
            factory = new CairnConnectionFactory(url.toString());
        }
    }

    private static String encode(String s) {
        return java.net.URLEncoder.encode(s, java.nio.charset.StandardCharsets.UTF_8);
    }

    public CairnConnectionFactory factory() {
        return factory;
    }

    /**
     * What the broker holds of a queue right now: messages waiting, and messages leased to
     * consumers (prefetched or delivered, not acknowledged). A fact a test can wait for where a
     * JMS call could only time out.
     */
    public DestinationStats stats(String queue) {
        return Engines.find(name).stats(DestinationName.queue(queue));
    }

    /**
     * What the broker holds of a topic right now, summed over all its subscriptions: messages
     * waiting, and messages leased to consumers (prefetched or delivered, not acknowledged). A
     * topic without subscriptions holds nothing: what is published to it then is dropped.
     */
    public DestinationStats topicStats(String topic) {
        return Engines.find(name).stats(DestinationName.topic(topic));
    }

    /** This broker's URL with one more option, such as {@code clientId=x}. */
    public String urlWith(String option) {
        String url = factory.getUrl();
        return url + (url.contains("?") ? "&" : "?") + option;
    }

    /** A connection closed after the test. */
    public Connection connection() throws JMSException {
        Connection c = factory.createConnection();
        synchronized (connections) {
            connections.add(c);
        }
        return c;
    }

    /** A started XA connection to the same broker, closed after the test. */
    public jakarta.jms.XAConnection startedXaConnection() throws JMSException {
        jakarta.jms.XAConnection c = new io.cairnmq.jms.CairnXAConnectionFactory(factory.getUrl()).createXAConnection();
        synchronized (connections) {
            connections.add(c);
        }
        c.start();
        return c;
    }

    /** A started connection closed after the test. */
    public Connection startedConnection() throws JMSException {
        Connection c = connection();
        c.start();
        return c;
    }

    /** A queue name no other test uses. */
    public static String uniqueQueue() {
        return "q-" + UUID.randomUUID();
    }

    /** A topic or subscription name no other test uses. */
    public static String unique(String prefix) {
        return prefix + "-" + UUID.randomUUID();
    }

    @Override
    public void afterEach(ExtensionContext context) throws JMSException {
        synchronized (connections) {
            for (Connection c : connections) {
                c.close();
            }
            connections.clear();
        }
    }

    @Override
    public void afterAll(ExtensionContext context) {
        if (nodes != null) {
            nodes.close();
        } else {
            factory.shutdownBroker();
        }
        try (Stream<Path> files = Files.walk(dataDir)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
