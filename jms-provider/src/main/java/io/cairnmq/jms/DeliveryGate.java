package io.cairnmq.jms;

import io.cairnmq.engine.api.EngineConsumer;

import java.util.HashSet;
import java.util.Set;

/**
 * A connection's started/stopped state (section 6.1.5), applied to every consumer of the
 * connection: a stopped connection holds them, so that once {@link #stop()} returns no receive,
 * not even one already waiting, is handed a message until {@link #start()}.
 */
final class DeliveryGate {

    private final Set<EngineConsumer> consumers = new HashSet<>();
    private boolean started;

    /** A new consumer of the connection: held unless the connection is started. */
    synchronized void register(EngineConsumer consumer) {
        consumers.add(consumer);
        consumer.hold(!started);
    }

    synchronized void unregister(EngineConsumer consumer) {
        consumers.remove(consumer);
    }

    synchronized void start() {
        started = true;
        consumers.forEach(c -> c.hold(false));
    }

    /** Returns once no consumer of the connection can hand out a message. */
    synchronized void stop() {
        started = false;
        consumers.forEach(c -> c.hold(true));
    }

    synchronized boolean isStarted() {
        return started;
    }
}
