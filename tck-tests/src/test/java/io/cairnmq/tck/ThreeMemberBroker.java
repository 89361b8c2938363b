package io.cairnmq.tck;

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
import java.util.UUID;
import java.util.stream.Stream;

/**
 * One broker made of three embedded members in this JVM, each with its own {@code vm://} name,
 * port (chosen free on 127.0.0.1) and data directory, for one test class. A connection made
 * through {@link #factory(int)} lives on that member.
 */
public final class ThreeMemberBroker implements BeforeAllCallback, AfterEachCallback, AfterAllCallback {

    public static final int MEMBERS = 3;

    private final List<CairnConnectionFactory> factories = new ArrayList<>();
    private final List<String> names = new ArrayList<>();
    private final List<Connection> connections = new ArrayList<>();
    private Path dataDir;

    @Override
    public void beforeAll(ExtensionContext context) throws Exception {
        dataDir = Files.createTempDirectory("cairnmq-tck-cluster");
        String cluster = "tck-" + UUID.randomUUID();
        MemberPorts ports = MemberPorts.plan(MEMBERS);
        for (int i = 0; i < MEMBERS; i++) {
            String name = "tck-m" + i + "-" + UUID.randomUUID().toString().substring(0, 8);
            names.add(name);
            CairnConnectionFactory factory = ports.start(i, (port, members) -> {
                CairnConnectionFactory f = new CairnConnectionFactory("vm://" + name + "?cluster=" + cluster
                        + "&port=" + port + "&members=" + members + "&dataDir=" + dataDir.resolve(name));
                // The first connection starts the member; members start one after the other and join.
                f.createConnection().close();
                return f;
            });
            factories.add(factory);
        }
    }

    /** The connection factory of member {@code i} (0, 1 or 2). */
    public CairnConnectionFactory factory(int i) {
        return factories.get(i);
    }

    /** A started connection on member {@code i}, closed after the test. */
    public Connection startedConnection(int i) throws JMSException {
        Connection c = factories.get(i).createConnection();
        synchronized (connections) {
            connections.add(c);
        }
        c.start();
        return c;
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
        names.forEach(Engines::shutdown);
        try (Stream<Path> files = Files.walk(dataDir)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
