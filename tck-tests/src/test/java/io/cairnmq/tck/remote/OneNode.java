package io.cairnmq.tck.remote;

import io.cairnmq.cluster.frontend.FrontEnd;
import io.cairnmq.cluster.frontend.FrontEndSettings;
import io.cairnmq.engine.api.BrokerConfigParser;
import io.cairnmq.engine.api.Engine;
import io.cairnmq.engine.api.Engines;
import io.cairnmq.jms.CairnConnectionFactory;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.UUID;

/**
 * One broker in this JVM with its network front end on a free loopback port, its data in a
 * temporary directory: what a test class of the front end starts once and closes at the end.
 */
final class OneNode implements AutoCloseable {

    private final Path dataDir;
    private final String name;
    private final Engine engine;
    private final FrontEnd frontEnd;

    private OneNode(Path dataDir, String name, Engine engine, FrontEnd frontEnd) {
        this.dataDir = dataDir;
        this.name = name;
        this.engine = engine;
        this.frontEnd = frontEnd;
    }

    /** Starts a node; {@code settings} gets the default plain settings on a free port to adjust. */
    static OneNode start(String prefix, int maxFrameBytes, java.util.function.UnaryOperator<FrontEndSettings> settings)
            throws IOException {
        Path dataDir = Files.createTempDirectory("cairnmq-" + prefix);
        String name = prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
        Engine engine = Engines.obtain(BrokerConfigParser.parse(name, Map.of("dataDir", dataDir.toString())));
        FrontEnd frontEnd = FrontEnd.start(engine, settings.apply(FrontEndSettings.plain("127.0.0.1", 0, maxFrameBytes)));
        return new OneNode(dataDir, name, engine, frontEnd);
    }

    Engine engine() {
        return engine;
    }

    int port() {
        return frontEnd.address().getPort();
    }

    /** A connection factory for this node, with URL options ({@code ""} for none, else {@code "?k=v"}). */
    CairnConnectionFactory factory(String options) {
        return new CairnConnectionFactory("tcp://127.0.0.1:" + port() + options);
    }

    @Override
    public void close() throws IOException {
        frontEnd.close();
        Engines.shutdown(name);
        try (var files = Files.walk(dataDir)) {
            files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }
}
