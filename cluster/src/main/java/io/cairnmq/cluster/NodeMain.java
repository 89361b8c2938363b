package io.cairnmq.cluster;

import io.cairnmq.engine.api.EngineException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import sun.misc.Signal;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CountDownLatch;

/**
 * {@code java -jar cairnmq-node.jar node.properties}: starts a node, prints its {@code READY}
 * line, and runs until asked to stop (SIGTERM, Ctrl-C), then leaves the cluster gracefully
 * within the configured leave timeout (see {@link Leaving} for the exit status and last line).
 * A configuration or start-up error goes to standard error with exit status
 * {@value #EXIT_NOT_STARTED}; a wrong command line exits {@value #EXIT_USAGE}.
 */
public final class NodeMain {

    static final int EXIT_NOT_STARTED = 1;
    static final int EXIT_USAGE = 2;

    private static final Logger LOG = LoggerFactory.getLogger(NodeMain.class);

    private NodeMain() {
    }

    public static void main(String[] args) throws InterruptedException {
        if (args.length > 0 && args[0].equals("hash-password")) {
            PasswordCommand.main(Arrays.copyOfRange(args, 1, args.length));
            return;
        }
        if (args.length != 1) {
            System.err.println("usage: java -jar cairnmq-node.jar NODE_CONFIG.properties"
                    + " | java -jar cairnmq-node.jar hash-password USER [ROLE,...]");
            System.exit(EXIT_USAGE);
            return;
        }
        CairnNode node;
        try {
            node = CairnNode.start(NodeConfigFile.read(Path.of(args[0])));
        } catch (EngineException e) {
            System.err.println("CairnMQ node did not start: " + e.getMessage());
            System.exit(EXIT_NOT_STARTED);
            return;
        }
        Leaving leaving = new Leaving(node.name(), node::stop, node.config().leaveTimeout(),
                System::exit, Runtime.getRuntime()::halt, System.out);
        handleStopSignals(leaving);
        // The fallback for a JVM that stops another way (System.exit, SIGHUP, a signal not handed
        // to us): the member still leaves gracefully, without a time limit.
        Runtime.getRuntime().addShutdownHook(new Thread(node::stop, "cairnmq-node-stop"));
        System.out.println(node.readyLine());
        // Leaving ends the process; until then the main thread has nothing left to do.
        new CountDownLatch(1).await();
    }

    /**
     * Hands SIGTERM and SIGINT to {@code leaving} instead of the JVM's own handling. A shutdown hook
     * alone cannot give the behaviour operators expect: once the JVM has begun to shut down a
     * second signal does nothing (exit blocks while hooks run), a hook cannot choose the exit status
     * (always 128 + the signal), and other libraries' hooks (Hazelcast's) run at the same time as
     * ours. {@code sun.misc.Signal} (module jdk.unsupported) is the only signal API the JDK has.
     */
    private static void handleStopSignals(Leaving leaving) {
        for (String signal : List.of("TERM", "INT")) {
            try {
                Signal.handle(new Signal(signal), s -> leaving.request("SIG" + s.getName()));
            } catch (IllegalArgumentException e) {
                // For example a JVM started with -Xrs, or with SIGINT ignored (started in the background).
                LOG.warn("SIG{} stays with the JVM, whose shutdown hook leaves without a time limit: {}",
                        signal, e.getMessage());
            }
        }
    }
}
