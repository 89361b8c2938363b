package io.cairnmq.engine.hz;

import io.cairnmq.engine.api.Engines;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Optional;

/**
 * Lets a JVM end as it would without an embedded broker. Hazelcast's member threads are not
 * daemons, so an application whose {@code main} returned would otherwise hang. One daemon
 * thread joins, in turn, every live non-daemon thread that is not the broker's; when none is
 * left, it shuts the embedded engines down and the JVM exits. Joining blocks: it costs no CPU.
 */
final class JvmExitWatch {

    private static final Logger LOG = LoggerFactory.getLogger(JvmExitWatch.class);
    private static final String BROKER_THREAD_PREFIX = "hz." + HzConfigFactory.INSTANCE_PREFIX;
    private static boolean started;

    private JvmExitWatch() {
    }

    static synchronized void ensureStarted() {
        if (started) {
            return;
        }
        started = true;
        Thread watch = new Thread(JvmExitWatch::watch, "cairnmq-jvm-exit-watch");
        watch.setDaemon(true);
        watch.start();
    }

    private static void watch() {
        try {
            Optional<Thread> next;
            while ((next = applicationThread()).isPresent()) {
                next.get().join();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return;
        }
        LOG.info("Only broker threads are left: shutting the embedded broker down so that the JVM can exit");
        Engines.shutdownAll();
    }

    /** A live non-daemon thread that belongs to the application, not to the broker or the JVM. */
    private static Optional<Thread> applicationThread() {
        return Thread.getAllStackTraces().keySet().stream()
                .filter(t -> t.isAlive() && !t.isDaemon() && t != Thread.currentThread())
                .filter(t -> !t.getName().startsWith(BROKER_THREAD_PREFIX) && !t.getName().equals("DestroyJavaVM"))
                .findFirst();
    }
}
