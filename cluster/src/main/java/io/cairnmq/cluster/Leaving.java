package io.cairnmq.cluster;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.PrintStream;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.IntConsumer;

/**
 * Turns stop requests into one bounded graceful leave: the first request starts the leave and
 * the process exits {@link #EXIT_LEFT} when it is done; a leave that takes longer than the leave
 * timeout, or fails, or a second request while it runs, halts the process at once with
 * {@link #EXIT_HALTED}. Either way a last line on standard output says which.
 */
final class Leaving {

    static final int EXIT_LEFT = 0;
    static final int EXIT_HALTED = 3;

    private static final Logger LOG = LoggerFactory.getLogger(Leaving.class);

    private final String name;
    private final Runnable leave;
    private final Duration timeout;
    private final IntConsumer exit;
    private final IntConsumer halt;
    private final PrintStream out;
    private final AtomicBoolean requested = new AtomicBoolean();

    /**
     * @param leave stops the node gracefully
     * @param exit  ends the process normally ({@code System::exit}: shutdown hooks run)
     * @param halt  ends it at once ({@code Runtime.getRuntime()::halt}: nothing more runs)
     * @param out   where the last line goes
     */
    Leaving(String name, Runnable leave, Duration timeout, IntConsumer exit, IntConsumer halt, PrintStream out) {
        this.name = name;
        this.leave = leave;
        this.timeout = timeout;
        this.exit = exit;
        this.halt = halt;
        this.out = out;
    }

    /** A stop request, such as a signal; {@code why} names it. Returns at once. */
    void request(String why) {
        if (!requested.compareAndSet(false, true)) {
            halt("a second stop request (" + why + ") came while it was leaving");
            return;
        }
        out.println("LEAVING CairnMQ node " + name + " (" + why + ")");
        out.flush();
        Thread watch = new Thread(this::leaveWithinTimeout, "cairnmq-node-leave-watch");
        watch.setDaemon(true);
        watch.start();
    }

    private void leaveWithinTimeout() {
        Throwable[] failure = new Throwable[1];
        Thread leaving = new Thread(() -> {
            try {
                leave.run();
            } catch (RuntimeException | Error e) {
                failure[0] = e;
            }
        }, "cairnmq-node-leave");
        // A leave that overruns must not keep the process alive once it is halted.
        leaving.setDaemon(true);
        leaving.start();
        try {
            leaving.join(timeout.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            halt("its leave was interrupted");
            return;
        }
        if (leaving.isAlive()) {
            halt("it did not leave within " + timeout.toSeconds() + " s (leaveTimeoutSeconds)");
        } else if (failure[0] != null) {
            LOG.error("Node {}: the graceful leave failed", name, failure[0]);
            halt("its leave failed: " + failure[0]);
        } else {
            out.println("STOPPED CairnMQ node " + name);
            out.flush();
            exit.accept(EXIT_LEFT);
        }
    }

    private void halt(String why) {
        LOG.warn("Node {} halts: {}", name, why);
        out.println("HALTED CairnMQ node " + name + ": " + why);
        out.flush();
        halt.accept(EXIT_HALTED);
    }
}
