package io.cairnmq.jms.remote;

import io.cairnmq.engine.api.AuthenticationFailedException;
import io.cairnmq.engine.api.ConnectionListener;
import io.cairnmq.engine.api.ConsumerSpec;
import io.cairnmq.engine.api.DestinationKind;
import io.cairnmq.engine.api.DestinationName;
import io.cairnmq.engine.api.EngineBrowser;
import io.cairnmq.engine.api.EngineClosedException;
import io.cairnmq.engine.api.EngineConnection;
import io.cairnmq.engine.api.EngineConsumer;
import io.cairnmq.engine.api.EngineException;
import io.cairnmq.engine.api.EngineProducer;
import io.cairnmq.engine.api.EngineUnavailableException;
import io.cairnmq.engine.api.TransactionRolledBackException;
import io.cairnmq.engine.api.TransactionWork;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Function;

/**
 * A connection that outlives its node. When the connection to a node is lost, it connects to
 * another node of the URL (rounds over the list, with a growing wait between rounds) and restores
 * what the application had opened: its client ID, producers (under the identity their numbered
 * sends go under, so that a persistent send whose answer was lost is sent again and stored once)
 * and consumers. The application notices only what JMS says it may:
 * <ul>
 *   <li>messages it was handed and had not acknowledged come again, marked redelivered (the node
 *       that held them gave them back with the lost connection);</li>
 *   <li>a transaction that had received messages fails its commit with
 *       {@link TransactionRolledBackException};</li>
 *   <li>the listener hears only of what could not be restored: temporary destinations, which
 *       lived with the lost connection, or the connection itself when no node could be reached.</li>
 * </ul>
 * Calls made while it reconnects wait for it, each bounded by the call time-out.
 */
final class FailoverConnection implements EngineConnection {

    private static final Logger LOG = LoggerFactory.getLogger(FailoverConnection.class);

    private final RemoteConfig config;
    private final String user;
    private final String password;
    private final ConnectionListener listener;
    private final Executor callbacks;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition replaced = lock.newCondition();
    private final Set<FailoverProducer> producers = ConcurrentHashMap.newKeySet();
    private final Set<FailoverConsumer> consumers = ConcurrentHashMap.newKeySet();
    private final Set<DestinationName> temporaries = ConcurrentHashMap.newKeySet();
    private RemoteConnection current;
    private boolean reconnecting;
    private boolean closed;
    private EngineException gaveUp;
    private volatile String clientId;

    private FailoverConnection(RemoteConfig config, String user, String password, ConnectionListener listener,
                               Executor callbacks) {
        this.config = config;
        this.user = user;
        this.password = password;
        this.listener = listener;
        this.callbacks = callbacks;
    }

    /** Connects to the first node of the URL that accepts the credentials. */
    static FailoverConnection open(RemoteConfig config, String user, String password, ConnectionListener listener,
                                   Executor callbacks) {
        FailoverConnection connection = new FailoverConnection(config, user, password, listener, callbacks);
        connection.current = connection.connectAny(0);
        return connection;
    }

    /** One round over the nodes, from the given one on; credentials refused end it at once. */
    private RemoteConnection connectAny(int first) {
        List<RemoteConfig.Node> nodes = config.nodes();
        EngineException last = null;
        for (int i = 0; i < nodes.size(); i++) {
            RemoteConfig.Node node = nodes.get((first + i) % nodes.size());
            RemoteConnection[] opened = new RemoteConnection[1];
            try {
                opened[0] = RemoteConnection.open(config, node, user, password, cause -> lost(opened[0], cause),
                        callbacks);
                return opened[0];
            } catch (AuthenticationFailedException e) {
                throw e;
            } catch (EngineException e) {
                last = e;
            }
        }
        throw new EngineUnavailableException("No node of " + config + " can be reached: "
                + (last == null ? "the URL names none" : last.getMessage()), last);
    }

    // ------------------------------------------------------------------ losing and restoring

    private void lost(RemoteConnection which, EngineException cause) {
        lock.lock();
        try {
            if (closed || which == null || which != current || reconnecting || gaveUp != null) {
                return;
            }
            if (config.reconnectAttempts() == 0) {
                gaveUp = cause;
            } else {
                reconnecting = true;
            }
        } finally {
            lock.unlock();
        }
        if (config.reconnectAttempts() == 0) {
            giveUp(cause);
            return;
        }
        LOG.warn("Lost the connection to node {} ({}); connecting to another node of {}", which.address(),
                cause.getMessage(), config);
        Thread reconnect = new Thread(() -> reconnect(which, cause), "cairnmq-failover");
        reconnect.setDaemon(true);
        reconnect.start();
    }

    /** Rounds over the nodes until one takes the connection over, or the attempts run out. */
    private void reconnect(RemoteConnection failed, EngineException cause) {
        int next = config.nodes().indexOf(failed.address()) + 1;
        long delay = config.reconnectDelayMillis();
        EngineException last = cause;
        for (int round = 0; round < config.reconnectAttempts(); round++) {
            if (isClosed()) {
                return;
            }
            RemoteConnection candidate = null;
            try {
                candidate = connectAny(next);
                restore(candidate);
                if (takeOver(candidate)) {
                    LOG.info("Connection carried over to node {} of {}", candidate.address(), config);
                    reportLostTemporaries();
                }
                return;
            } catch (AuthenticationFailedException e) {
                last = e;
                break;
            } catch (EngineException e) {
                // A claim or subscription still held for the lost connection is released soon: try again.
                last = e;
                if (candidate != null) {
                    candidate.close();
                }
            }
            if (!pause(delay)) {
                return;
            }
            delay = Math.min(config.maxReconnectDelayMillis(), Math.max(1, delay * 2));
        }
        giveUp(last);
    }

    private void restore(RemoteConnection candidate) {
        String id = clientId;
        if (id != null) {
            candidate.claimClientId(id);
        }
        for (FailoverProducer producer : producers) {
            producer.reopen(candidate);
        }
        for (FailoverConsumer consumer : consumers) {
            consumer.reopen(candidate);
        }
    }

    private boolean takeOver(RemoteConnection candidate) {
        lock.lock();
        try {
            if (closed) {
                candidate.close();
                return false;
            }
            current = candidate;
            reconnecting = false;
            replaced.signalAll();
            return true;
        } finally {
            lock.unlock();
        }
    }

    private void reportLostTemporaries() {
        if (temporaries.isEmpty()) {
            return;
        }
        EngineException lost = new EngineUnavailableException("The temporary destinations " + temporaries
                + " lived with the connection to the lost node and are gone; create new ones", null);
        temporaries.clear();
        callbacks.execute(() -> listener.connectionFailed(lost));
    }

    private void giveUp(EngineException last) {
        EngineUnavailableException failure = new EngineUnavailableException("The connection to " + config
                + " was lost and could not be restored: " + (last == null ? "no node answered" : last.getMessage()), last);
        lock.lock();
        try {
            gaveUp = failure;
            reconnecting = false;
            replaced.signalAll();
        } finally {
            lock.unlock();
        }
        consumers.forEach(c -> c.failed(failure));
        if (!isClosed()) {
            callbacks.execute(() -> listener.connectionFailed(failure));
        }
    }

    /** Waits between rounds; false when the connection was closed meanwhile. */
    private boolean pause(long millis) {
        lock.lock();
        try {
            long left = TimeUnit.MILLISECONDS.toNanos(millis);
            while (!closed && left > 0) {
                left = replaced.awaitNanos(left);
            }
            return !closed;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        } finally {
            lock.unlock();
        }
    }

    private boolean isClosed() {
        lock.lock();
        try {
            return closed;
        } finally {
            lock.unlock();
        }
    }

    // ------------------------------------------------------------------ for the wrappers

    /** The connection to use now; waits (bounded) while one is being restored. */
    RemoteConnection current() {
        lock.lock();
        try {
            long left = TimeUnit.MILLISECONDS.toNanos(config.callTimeoutMillis());
            while (reconnecting && !closed && left > 0) {
                left = replaced.awaitNanos(left);
            }
            if (closed) {
                throw new EngineClosedException("The connection is closed");
            }
            if (gaveUp != null) {
                throw gaveUp;
            }
            if (reconnecting) {
                throw new EngineUnavailableException("No node took the connection over within "
                        + config.callTimeoutMillis() + " ms", null);
            }
            return current;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new EngineUnavailableException("Interrupted while the connection was being restored", e);
        } finally {
            lock.unlock();
        }
    }

    /**
     * After a call on {@code used} failed: whether that was the loss of its connection and
     * another connection has taken over (waiting, bounded, for it), so that the call may be made
     * again there. A failure on a connection that is still open is the call's own.
     */
    boolean replacedAfter(RemoteConnection used, long waitMillis) {
        return replacedAfter(used, waitMillis, () -> false);
    }

    /**
     * The same, but the wait also ends, with false, once {@code abandoned} says so (checked
     * whenever {@link #wakeWaiters()} is called): a receive whose consumer is paused or closed
     * meanwhile has nothing left to wait for.
     */
    boolean replacedAfter(RemoteConnection used, long waitMillis, BooleanSupplier abandoned) {
        if (used.isOpen()) {
            return false;
        }
        lock.lock();
        try {
            long left = TimeUnit.MILLISECONDS.toNanos(waitMillis);
            while (current == used && gaveUp == null && !closed && left > 0 && !abandoned.getAsBoolean()) {
                left = replaced.awaitNanos(left);
            }
            // A restore in progress has reopened this wrapper's objects only once it took over.
            while (reconnecting && !closed && left > 0 && !abandoned.getAsBoolean()) {
                left = replaced.awaitNanos(left);
            }
            if (abandoned.getAsBoolean()) {
                return false;
            }
            return current != used && !reconnecting && gaveUp == null && !closed;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        } finally {
            lock.unlock();
        }
    }

    /** Wakes the calls waiting in {@link #replacedAfter}, so that they check whether they are abandoned. */
    void wakeWaiters() {
        lock.lock();
        try {
            replaced.signalAll();
        } finally {
            lock.unlock();
        }
    }

    /** Whether the application closed it. */
    boolean isClosedForCallers() {
        return isClosed();
    }

    /** Whether no node could take the connection over. */
    boolean isGivenUp() {
        lock.lock();
        try {
            return gaveUp != null;
        } finally {
            lock.unlock();
        }
    }

    long callTimeoutMillis() {
        return config.callTimeoutMillis();
    }

    void forget(FailoverProducer producer) {
        producers.remove(producer);
    }

    void forget(FailoverConsumer consumer) {
        consumers.remove(consumer);
    }

    /** Runs a call that may be repeated on the connection that replaces a lost one. */
    private <T> T repeatable(Function<RemoteConnection, T> call) {
        while (true) {
            RemoteConnection used = current();
            try {
                return call.apply(used);
            } catch (EngineClosedException | EngineUnavailableException e) {
                if (!replacedAfter(used, config.callTimeoutMillis())) {
                    throw e;
                }
            }
        }
    }

    // ------------------------------------------------------------------ the engine API

    @Override
    public String id() {
        return current().id();
    }

    @Override
    public void claimClientId(String id) {
        repeatable(c -> {
            c.claimClientId(id);
            return null;
        });
        clientId = id;
    }

    @Override
    public EngineProducer openProducer() {
        return openProducer(java.util.UUID.randomUUID().toString());
    }

    @Override
    public EngineProducer openProducer(String identity) {
        FailoverProducer producer = new FailoverProducer(this, identity);
        repeatable(c -> {
            producer.reopen(c);
            return null;
        });
        producers.add(producer);
        return producer;
    }

    @Override
    public EngineConsumer openConsumer(ConsumerSpec spec) {
        FailoverConsumer consumer = new FailoverConsumer(this, spec);
        repeatable(c -> {
            consumer.reopen(c);
            return null;
        });
        consumers.add(consumer);
        return consumer;
    }

    @Override
    public DestinationName createTemporary(DestinationKind kind) {
        DestinationName name = repeatable(c -> c.createTemporary(kind));
        temporaries.add(name);
        return name;
    }

    @Override
    public void deleteTemporary(DestinationName destination) {
        temporaries.remove(destination);
        current().deleteTemporary(destination);
    }

    @Override
    public EngineBrowser browse(DestinationName queue, String selector) {
        return repeatable(c -> c.browse(queue, selector));
    }

    /** Not offered here: the node checks a remote client's right to delete a subscription. */
    @Override
    public void unsubscribe(String subscriptionName, java.util.function.Consumer<DestinationName> mayDelete) {
        throw new UnsupportedOperationException("A remote connection's unsubscribe is authorized by its node");
    }

    @Override
    public void unsubscribe(String subscriptionName) {
        repeatable(c -> {
            c.unsubscribe(subscriptionName);
            return null;
        });
    }

    /**
     * Commits on the current node. A transaction whose consumers lost deliveries to a failover
     * is rolled back instead (what they were handed comes again, redelivered); one whose commit
     * could not be sent because the connection was lost is rolled back too (the node dropped its
     * acknowledgements with the connection, and its sends were never made).
     */
    @Override
    public void commit(TransactionWork work) {
        RemoteConnection used = current();
        boolean lostDeliveries = false;
        for (EngineConsumer c : work.consumers()) {
            lostDeliveries |= ((FailoverConsumer) c).takeLostDeliveries();
        }
        TransactionWork onNode = onNode(work, used);
        if (lostDeliveries) {
            work.consumers().forEach(c -> ((FailoverConsumer) c).recover());
            throw new TransactionRolledBackException("The connection failed over to another node during the"
                    + " transaction: it was rolled back, and the messages it received come again");
        }
        try {
            used.commit(onNode);
        } catch (TransactionRolledBackException e) {
            replacedAfter(used, config.callTimeoutMillis());
            throw e;
        }
    }

    @Override
    public boolean prepare(String transactionId, TransactionWork work) {
        RemoteConnection used = current();
        return used.prepare(transactionId, onNode(work, used));
    }

    /** The same work in terms of the producers and consumers this wrapper has on the given node. */
    private static TransactionWork onNode(TransactionWork work, RemoteConnection used) {
        TransactionWork onNode = new TransactionWork();
        for (TransactionWork.Send send : work.sends()) {
            onNode.send(((FailoverProducer) send.producer()).delegateOn(used), send.destination(), send.message());
        }
        for (EngineConsumer c : work.consumers()) {
            EngineConsumer delegate = ((FailoverConsumer) c).delegateOn(used);
            java.util.List<io.cairnmq.engine.api.Delivery> only = work.acknowledgedOf(c);
            if (only == null) {
                onNode.acknowledge(delegate);
            } else {
                onNode.acknowledge(delegate, only);
            }
        }
        return onNode;
    }

    @Override
    public void commitPrepared(String transactionId) {
        repeatable(c -> {
            c.commitPrepared(transactionId);
            return null;
        });
    }

    @Override
    public void rollbackPrepared(String transactionId) {
        repeatable(c -> {
            c.rollbackPrepared(transactionId);
            return null;
        });
    }

    @Override
    public List<String> preparedTransactions() {
        return repeatable(RemoteConnection::preparedTransactions);
    }

    @Override
    public void close() {
        RemoteConnection last;
        lock.lock();
        try {
            if (closed) {
                return;
            }
            closed = true;
            last = current;
            replaced.signalAll();
        } finally {
            lock.unlock();
        }
        if (last != null) {
            last.close();
        }
    }
}
