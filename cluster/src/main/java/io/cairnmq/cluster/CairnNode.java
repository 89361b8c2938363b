package io.cairnmq.cluster;

import io.cairnmq.engine.api.BrokerConfig;
import io.cairnmq.engine.api.Engine;
import io.cairnmq.engine.api.EngineException;
import io.cairnmq.engine.api.Engines;

import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;

/**
 * {@code java -jar cairnmq-node.jar node.properties}: starts a broker member and runs until the
 * JVM is stopped (Ctrl-C, SIGTERM), then leaves the cluster gracefully.
 */
public final class CairnNode {

    private final Engine engine;
    private final CountDownLatch stopped = new CountDownLatch(1);

    private CairnNode(Engine engine) {
        this.engine = engine;
    }

    /** Starts a node with this configuration. */
    public static CairnNode start(BrokerConfig config) {
        return new CairnNode(Engines.obtain(config));
    }

    public Engine engine() {
        return engine;
    }

    /** Leaves the cluster gracefully; idempotent. */
    public void stop() {
        Engines.shutdown(engine.name());
        stopped.countDown();
    }

    public static void main(String[] args) throws InterruptedException {
        if (args.length > 0 && args[0].equals("hash-password")) { PasswordCommand.main(java.util.Arrays.copyOfRange(args, 1, args.length)); return; }
        if (args.length != 1) {
            System.err.println("usage: java -jar cairnmq-node.jar NODE_CONFIG.properties");
            System.exit(2);
        }
        CairnNode node;
        try {
            node = start(NodeConfigFile.read(Path.of(args[0])));
        } catch (EngineException e) {
            System.err.println("CairnMQ node did not start: " + e.getMessage());
            System.exit(1);
            return;
        }
        Runtime.getRuntime().addShutdownHook(new Thread(node::stop, "cairnmq-node-stop"));
        System.out.println("READY CairnMQ node " + node.engine().name());
        node.stopped.await();
    }
}
