package io.cairnmq.jms.remote;

import io.cairnmq.engine.api.ConsumerSpec;
import io.cairnmq.engine.api.Delivery;
import io.cairnmq.engine.api.EngineClosedException;
import io.cairnmq.engine.api.EngineConsumer;
import io.cairnmq.engine.api.EngineException;
import io.cairnmq.engine.api.EngineUnavailableException;
import io.cairnmq.engine.api.Redelivery;

import java.util.concurrent.TimeUnit;

/**
 * A consumer that outlives its node: opened again, with the same specification, on the node that
 * takes the connection over, with its hold and its callback as they were. What the application
 * had been handed from the lost node comes again, marked redelivered (that node gave it back with
 * the connection); settling such a delivery afterwards changes nothing, and a transaction that
 * held some is rolled back at its commit.
 */
final class FailoverConsumer implements EngineConsumer {

    private final FailoverConnection owner;
    private final ConsumerSpec spec;
    private RemoteConsumer delegate;
    private RemoteConnection on;
    private boolean held;
    private Runnable available;
    /** Written under this object's monitor; read without it by {@link #stoppedTaking()}. */
    private volatile boolean paused;
    private volatile boolean closed;
    /** Deliveries the application held were lost with a node since the last settlement. */
    private boolean lostDeliveries;

    FailoverConsumer(FailoverConnection owner, ConsumerSpec spec) {
        this.owner = owner;
        this.spec = spec;
    }

    /** Opens this consumer again on a connection that takes over, as it was. */
    synchronized void reopen(RemoteConnection connection) {
        if (closed || on == connection) {
            return;
        }
        RemoteConsumer lost = delegate;
        if (lost != null && lost.hasHandedOut()) {
            lostDeliveries = true;
        }
        if (paused) {
            // It takes nothing more: only what it delivered waited for settlement, and that is gone.
            delegate = null;
            on = connection;
            return;
        }
        RemoteConsumer fresh = connection.openConsumer(spec);
        if (held) {
            fresh.hold(true);
        }
        fresh.onAvailable(available);
        delegate = fresh;
        on = connection;
    }

    synchronized RemoteConsumer delegateOn(RemoteConnection connection) {
        reopen(connection);
        return delegate;
    }

    /** Whether deliveries were lost to a failover since the last commit or recover; resets it. */
    synchronized boolean takeLostDeliveries() {
        boolean lost = lostDeliveries;
        lostDeliveries = false;
        return lost;
    }

    /** No node could take the connection over: receivers learn it. */
    void failed(EngineException cause) {
        RemoteConsumer current;
        synchronized (this) {
            current = delegate;
        }
        if (current != null) {
            current.failed(cause);
        }
    }

    private synchronized RemoteConsumer delegate() {
        return delegate;
    }

    private synchronized RemoteConnection on() {
        return on;
    }

    @Override
    public Delivery receive(long timeoutMillis, boolean acknowledge) {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(Math.max(0, timeoutMillis));
        while (true) {
            RemoteConnection used = on();
            RemoteConsumer current = delegate();
            if (current == null) {
                return null;
            }
            long left = timeoutMillis <= 0 ? timeoutMillis
                    : Math.max(1, TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime()));
            try {
                return current.receive(left, acknowledge);
            } catch (EngineClosedException | EngineUnavailableException e) {
                synchronized (this) {
                    if (closed) {
                        return null;
                    }
                }
                if (used.isOpen()) {
                    throw e;
                }
                long wait = timeoutMillis < 0 ? owner.callTimeoutMillis()
                        : Math.max(0, TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime()));
                if (owner.replacedAfter(used, wait, this::stoppedTaking)) {
                    delegateOn(owner.current());
                } else if (stoppedTaking()) {
                    // Paused or closed while the connection was being carried over: nothing arrived.
                    return null;
                } else if (owner.isGivenUp() || owner.isClosedForCallers()) {
                    throw e;
                } else if (timeoutMillis >= 0) {
                    // Its time ran out while the connection is being carried over: nothing arrived.
                    return null;
                }
            }
        }
    }

    @Override
    public void hold(boolean hold) {
        RemoteConsumer current;
        synchronized (this) {
            held = hold;
            current = delegate;
        }
        if (current != null) {
            current.hold(hold);
        }
    }

    @Override
    public void handBack(Delivery delivery, Redelivery redelivery) {
        settle(c -> c.handBack(delivery, redelivery), true);
    }

    @Override
    public void onAvailable(Runnable callback) {
        RemoteConsumer current;
        synchronized (this) {
            available = callback;
            current = delegate;
        }
        if (current != null) {
            current.onAvailable(callback);
        }
    }

    @Override
    public void acknowledge(Delivery delivery) {
        settle(c -> c.acknowledge(delivery), true);
    }

    /** Confirmed acknowledgements are a promise: one the lost node may not have applied is not made. */
    @Override
    public void flushAcknowledgements() {
        confirm(RemoteConsumer::flushAcknowledgements);
    }

    @Override
    public void acknowledgeAll() {
        confirm(RemoteConsumer::acknowledgeAll);
    }

    @Override
    public void recover() {
        synchronized (this) {
            lostDeliveries = false;
        }
        settle(RemoteConsumer::recover, true);
    }

    @Override
    public void release(Delivery delivery) {
        settle(c -> c.release(delivery), true);
    }

    /**
     * Read without this object's monitor: the connection evaluates it under its own lock, and a
     * restore holds this monitor across a network call.
     */
    private boolean stoppedTaking() {
        return paused || closed;
    }

    @Override
    public void pause() {
        synchronized (this) {
            paused = true;
        }
        owner.wakeWaiters();
        settle(RemoteConsumer::pause, false);
    }

    @Override
    public void close() {
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
        }
        owner.forget(this);
        owner.wakeWaiters();
        settle(RemoteConsumer::close, false);
    }

    /**
     * Acknowledges for good on the current delegate. When the node is lost before it confirmed,
     * the caller learns that the messages will come again, marked redelivered (as JMS allows for
     * an acknowledgement that fails); the connection carries on.
     */
    private void confirm(java.util.function.Consumer<RemoteConsumer> action) {
        RemoteConnection used = on();
        RemoteConsumer current = delegate();
        if (current == null) {
            throw new EngineUnavailableException("The connection to the node was lost before these messages were"
                    + " acknowledged; they may be delivered again, marked redelivered", null);
        }
        try {
            action.accept(current);
        } catch (EngineClosedException | EngineUnavailableException e) {
            owner.replacedAfter(used, owner.callTimeoutMillis());
            throw new EngineUnavailableException("The connection to the node was lost before the acknowledgement was"
                    + " confirmed; the messages may be delivered again, marked redelivered", e);
        }
    }

    /**
     * Settles on the current delegate. When its node is lost meanwhile, what was to be settled
     * comes again, redelivered, from the node that takes over: nothing is left to do. With
     * {@code waitForTakeOver} the call then waits (bounded) for that connection, so that its
     * caller goes on with the consumer restored; a pause or a close does not wait, since the
     * connection that takes over reopens neither a paused nor a closed consumer (and so a
     * consumer closes at once while its node cannot be reached).
     */
    private void settle(java.util.function.Consumer<RemoteConsumer> action, boolean waitForTakeOver) {
        RemoteConnection used = on();
        RemoteConsumer current = delegate();
        if (current == null) {
            return;
        }
        try {
            action.accept(current);
        } catch (EngineClosedException | EngineUnavailableException e) {
            if (!used.isOpen() && !waitForTakeOver) {
                return;
            }
            if (!owner.replacedAfter(used, owner.callTimeoutMillis())) {
                throw e;
            }
        }
    }
}
