package io.cairnmq.engine.hz;

import io.cairnmq.engine.api.ClientIdInUseException;
import io.cairnmq.engine.api.ConnectionListener;
import io.cairnmq.engine.api.ConsumerSpec;
import io.cairnmq.engine.api.DestinationInUseException;
import io.cairnmq.engine.api.DestinationKind;
import io.cairnmq.engine.api.DestinationName;
import io.cairnmq.engine.api.InvalidDestinationNameException;
import io.cairnmq.engine.api.EngineBrowser;
import io.cairnmq.engine.api.EngineClosedException;
import io.cairnmq.engine.api.EngineConnection;
import io.cairnmq.engine.api.EngineConsumer;
import io.cairnmq.engine.api.EngineException;
import io.cairnmq.engine.api.EngineProducer;
import io.cairnmq.engine.api.TransactionWork;
import io.cairnmq.engine.hz.member.DestinationCatalog;
import io.cairnmq.engine.hz.member.HzErrors;
import io.cairnmq.engine.hz.member.ShardKey;
import io.cairnmq.engine.hz.member.ChangeReply;
import io.cairnmq.engine.hz.ops.ReleaseGoneHolders;
import io.cairnmq.engine.selector.Selectors;
import io.cairnmq.engine.topic.Origin;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/** A connection on this member: owns its producers and consumers and the shards they touched. */
final class HzConnection implements EngineConnection {

    private static final Logger LOG = LoggerFactory.getLogger(HzConnection.class);

    private final HzEngine engine;
    private final ConnectionListener listener;
    private final String id = UUID.randomUUID().toString();
    private final Set<HzProducer> producers = ConcurrentHashMap.newKeySet();
    private final Set<HzConsumer> consumers = ConcurrentHashMap.newKeySet();
    private final Set<ShardKey> consumedShards = ConcurrentHashMap.newKeySet();
    /** Temporary destinations this connection created and has not deleted. */
    private final Set<DestinationName> temporaries = ConcurrentHashMap.newKeySet();
    private final AtomicLong temporaryCounter = new AtomicLong();
    private volatile EngineException failure;
    private volatile boolean closed;
    private volatile String clientId;

    HzConnection(HzEngine engine, ConnectionListener listener) {
        this.engine = engine;
        this.listener = listener;
    }

    @Override
    public String id() {
        return id;
    }

    @Override
    public void claimClientId(String clientId) {
        ensureOpen();
        String holder = memberId() + "/" + id;
        String existing;
        try {
            existing = engine.clientIds().putIfAbsent(clientId, holder);
        } catch (RuntimeException e) {
            throw HzErrors.translate(e, "claim client ID " + clientId);
        }
        if (existing != null && !existing.equals(holder)) {
            throw new ClientIdInUseException("Client ID '" + clientId + "' is already used by another connection;"
                    + " each connection needs its own");
        }
        this.clientId = clientId;
    }

    @Override
    public EngineProducer openProducer() {
        return openProducer(null);
    }

    @Override
    public EngineProducer openProducer(String identity) {
        ensureOpen();
        HzProducer producer = new HzProducer(engine, this, identity);
        producers.add(producer);
        return producer;
    }

    @Override
    public EngineConsumer openConsumer(ConsumerSpec spec) {
        ensureOpen();
        // A bad selector fails here, on the caller's thread, before anything is leased.
        Selectors.compile(spec.selector());
        if (spec.destination().isTemporary() && !temporaries.contains(spec.destination())) {
            throw new InvalidDestinationNameException("Only the connection that created the temporary destination "
                    + spec.destination() + " may consume from it (or it was deleted)");
        }
        HzConsumer consumer = new HzConsumer(engine, this, spec);
        if (spec.subscription() != null) {
            try {
                engine.subscriptions().attach(spec.destination(), consumer.subscriptionId(), spec.subscription(),
                        spec.selector(), this, consumer.holder());
            } catch (RuntimeException e) {
                throw HzErrors.translate(e, "subscribe to " + spec.destination());
            }
        }
        consumers.add(consumer);
        consumedShards.addAll(consumer.shardKeys());
        consumer.start();
        return consumer;
    }

    @Override
    public DestinationName createTemporary(DestinationKind kind) {
        ensureOpen();
        String name = DestinationName.TEMPORARY_PREFIX + memberId() + "." + id + "." + temporaryCounter.incrementAndGet();
        DestinationName destination = new DestinationName(kind, name);
        try {
            engine.catalog().createTemporary(destination);
        } catch (RuntimeException e) {
            throw HzErrors.translate(e, "create temporary destination " + destination);
        }
        temporaries.add(destination);
        return destination;
    }

    @Override
    public void deleteTemporary(DestinationName destination) {
        ensureOpen();
        if (!temporaries.contains(destination)) {
            throw new InvalidDestinationNameException("Only the connection that created the temporary destination "
                    + destination + " may delete it (or it was deleted already)");
        }
        if (consumers.stream().anyMatch(c -> c.destination().equals(destination))) {
            throw new DestinationInUseException("The temporary destination " + destination
                    + " still has a consumer; close it first");
        }
        engine.deleteDestination(destination);
        temporaries.remove(destination);
    }

    @Override
    public void unsubscribe(String subscriptionName, java.util.function.Consumer<DestinationName> mayDelete) {
        ensureOpen();
        try {
            engine.subscriptions().unsubscribe(clientId, subscriptionName, mayDelete);
        } catch (RuntimeException e) {
            throw HzErrors.translate(e, "unsubscribe " + subscriptionName);
        }
    }

    @Override
    public EngineBrowser browse(DestinationName queue, String selector) {
        ensureOpen();
        Selectors.compile(selector);
        try {
            return new HzBrowser(this, DestinationCatalog.shardKeys(engine.catalog().resolve(queue)), selector);
        } catch (RuntimeException e) {
            throw HzErrors.translate(e, "browse " + queue);
        }
    }

    @Override
    public void commit(TransactionWork work) {
        ensureOpen();
        engine.transactions().commit(this, work);
    }

    @Override
    public boolean prepare(String transactionId, TransactionWork work) {
        ensureOpen();
        return engine.transactions().prepare(this, transactionId, work);
    }

    @Override
    public void commitPrepared(String transactionId) {
        ensureOpen();
        engine.transactions().commitPrepared(transactionId);
    }

    @Override
    public void rollbackPrepared(String transactionId) {
        ensureOpen();
        engine.transactions().rollbackPrepared(transactionId);
    }

    @Override
    public List<String> preparedTransactions() {
        ensureOpen();
        return engine.transactions().recover();
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        for (HzConsumer consumer : consumers) {
            consumer.close();
        }
        for (HzProducer producer : producers) {
            try {
                producer.close();
            } catch (EngineException e) {
                LOG.warn("Connection {}: a producer's last messages failed while closing: {}", id, e.getMessage());
            }
        }
        if (failure == null && engine.isRunning()) {
            releaseEverything();
            releaseClientId();
            deleteTemporaries();
        }
        engine.forget(this);
    }

    /** Safety net: whatever a consumer of this connection still held goes back, marked redelivered. */
    private void releaseEverything() {
        for (ShardKey key : consumedShards) {
            // A shard that cannot be reached now (its owner just died) is retried until it is.
            engine.cleanups().runOrRetry(id, "release the leases of closed connection on " + key, () -> {
                ChangeReply reply = engine.calls().call(key,
                        ReleaseGoneHolders.on(key, ReleaseGoneHolders.Scope.CONNECTION, id));
                engine.wakeups().wake(key, reply);
            }, () -> { });
        }
    }

    private void deleteTemporaries() {
        for (DestinationName destination : temporaries) {
            try {
                engine.deleteDestination(destination);
            } catch (RuntimeException e) {
                LOG.warn("Connection {}: could not delete temporary destination {}; it goes when this member leaves",
                        id, destination, e);
            }
        }
        temporaries.clear();
    }

    private void releaseClientId() {
        if (clientId != null) {
            try {
                engine.clientIds().remove(clientId, memberId() + "/" + id);
            } catch (RuntimeException e) {
                LOG.warn("Connection {}: could not give up client ID {}; it is freed when this member leaves", id,
                        clientId, e);
            }
        }
    }

    /**
     * The engine shuts down in good order: close as the caller would (pending sends stored,
     * messages given back), then tell the listener, since the caller did not ask for it.
     */
    void closeBecause(EngineException cause) {
        if (closed) {
            return;
        }
        close();
        notifyListener(cause);
    }

    private void notifyListener(EngineException cause) {
        try {
            listener.connectionFailed(cause);
        } catch (RuntimeException e) {
            LOG.warn("Connection {}: the connection listener threw", id, e);
        }
    }

    /** The member under this connection is going away: fail everything, tell the listener. */
    void fail(EngineException cause) {
        if (closed || failure != null) {
            return;
        }
        failure = cause;
        consumers.forEach(c -> c.fail(cause));
        producers.forEach(p -> p.fail(cause));
        notifyListener(cause);
    }

    /** One consumer stopped for good while the connection lives on: the application hears of it. */
    void consumerFailed(HzConsumer consumer, EngineException cause) {
        if (!closed && failure == null) {
            notifyListener(new EngineException("Consumer of " + consumer.destination() + " stopped: "
                    + cause.getMessage() + "; close it and open another", cause));
        }
    }

    void forget(HzConsumer consumer) {
        consumers.remove(consumer);
    }

    void forget(HzProducer producer) {
        producers.remove(producer);
    }

    /** Where this connection's messages come from, as noLocal subscriptions see it. */
    Origin origin() {
        return new Origin(id, clientId);
    }

    /** The client ID this connection claimed; null for none. */
    String clientId() {
        return clientId;
    }

    HzEngine engine() {
        return engine;
    }

    String memberId() {
        return engine.memberId();
    }

    void ensureOpen() {
        if (failure != null) {
            throw failure;
        }
        if (closed) {
            throw new EngineClosedException("Connection " + id + " is closed");
        }
        engine.ensureRunning();
    }
}
