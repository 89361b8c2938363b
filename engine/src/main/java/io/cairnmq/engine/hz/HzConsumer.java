package io.cairnmq.engine.hz;

import io.cairnmq.engine.api.ConsumerSpec;
import io.cairnmq.engine.api.Delivery;
import io.cairnmq.engine.api.EngineClosedException;
import io.cairnmq.engine.api.EngineConsumer;
import io.cairnmq.engine.api.EngineException;
import io.cairnmq.engine.hz.ops.AcknowledgeMessages;
import io.cairnmq.engine.hz.ops.LeaseMessages;
import io.cairnmq.engine.hz.ops.ReleaseLeases;
import io.cairnmq.engine.queue.Holder;
import io.cairnmq.engine.queue.StoredMessage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayDeque;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * A consumer on this member. It keeps at most one lease request in flight: when its buffer
 * falls to half the prefetch it asks the current shard for more (carrying the pending
 * acknowledgements for that shard), moves on to the next shard when one is empty, and once
 * every shard answered empty it is registered as a waiter on each and does nothing until a
 * wake-up or a consumption.
 */
final class HzConsumer implements EngineConsumer {

    private static final Logger LOG = LoggerFactory.getLogger(HzConsumer.class);
    private static final long CLOSE_WAIT_SECONDS = 30;
    /** Spreads consumers' first shard over the shards, so competing consumers start apart. */
    private static final java.util.concurrent.atomic.AtomicInteger FIRST_SHARD =
            new java.util.concurrent.atomic.AtomicInteger();

    private final HzEngine engine;
    private final HzConnection connection;
    private final int prefetch;
    private final int lowWater;
    private final String id = UUID.randomUUID().toString();
    private final Holder holder;
    private final List<ShardKey> keys;
    private final ShardLedger ledger;

    private final ReentrantLock lock = new ReentrantLock();
    private final Condition changed = lock.newCondition();
    private final ArrayDeque<Delivery> buffer = new ArrayDeque<>();
    private Runnable availableCallback;
    private boolean inFlight;
    private boolean wakePending;
    private boolean closed;
    private EngineException failure;
    private int nextShard;
    private int emptyInRow;

    HzConsumer(HzEngine engine, HzConnection connection, ConsumerSpec spec) {
        this.engine = engine;
        this.connection = connection;
        this.prefetch = spec.prefetch();
        this.lowWater = prefetch / 2;
        this.holder = new Holder(connection.memberId(), connection.id(), id);
        this.keys = DestinationCatalog.shardKeys(engine.catalog().resolve(spec.destination()));
        this.ledger = new ShardLedger(keys.size(), Math.max(16, prefetch / 2));
        this.nextShard = (FIRST_SHARD.getAndIncrement() & Integer.MAX_VALUE) % keys.size();
    }

    List<ShardKey> shardKeys() {
        return keys;
    }

    void start() {
        engine.wakeups().register(id, this::wake);
        LeaseRequest first;
        lock.lock();
        try {
            first = nextRequestLocked();
        } finally {
            lock.unlock();
        }
        submit(first);
    }

    @Override
    public Delivery receive(long timeoutMillis, boolean acknowledge) {
        Delivery delivery;
        LeaseRequest next;
        lock.lock();
        try {
            long nanos = TimeUnit.MILLISECONDS.toNanos(timeoutMillis);
            while (buffer.isEmpty()) {
                if (failure != null) {
                    throw failure;
                }
                if (closed || timeoutMillis == 0) {
                    return null;
                }
                if (timeoutMillis < 0) {
                    changed.awaitUninterruptibly();
                } else {
                    if (nanos <= 0) {
                        return null;
                    }
                    try {
                        nanos = changed.awaitNanos(nanos);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        return null;
                    }
                }
            }
            delivery = buffer.poll();
            if (acknowledge) {
                ledger.acknowledged(delivery.shard(), delivery.sequence());
            } else {
                ledger.handedOut(delivery.shard(), delivery.sequence());
            }
            next = nextRequestLocked();
        } finally {
            lock.unlock();
        }
        submit(next);
        return delivery;
    }

    @Override
    public void onAvailable(Runnable callback) {
        boolean ready;
        lock.lock();
        try {
            availableCallback = callback;
            ready = callback != null && !buffer.isEmpty();
        } finally {
            lock.unlock();
        }
        if (ready) {
            engine.executor().execute(callback);
        }
    }

    @Override
    public void acknowledge(Delivery delivery) {
        int shard = delivery.shard();
        long[] due = null;
        lock.lock();
        try {
            ledger.acknowledgedAfterHandOut(shard, delivery.sequence());
            if (ledger.batchDue(shard) || (!inFlight && buffer.isEmpty())) {
                due = ledger.drainAcks(shard);
            }
        } finally {
            lock.unlock();
        }
        if (due != null) {
            sendAcks(shard, due);
        }
    }

    @Override
    public void flushAcknowledgements() {
        long[][] due;
        lock.lock();
        try {
            awaitNoRequestLocked();
            due = ledger.drainAllAcks();
        } finally {
            lock.unlock();
        }
        for (int shard = 0; shard < due.length; shard++) {
            if (due[shard].length > 0) {
                call(keys.get(shard), new AcknowledgeMessages(holder, due[shard]), "acknowledge messages");
            }
        }
    }

    @Override
    public void release(Delivery delivery) {
        lock.lock();
        try {
            ledger.released(delivery.shard(), delivery.sequence());
        } finally {
            lock.unlock();
        }
        ShardReply reply = call(keys.get(delivery.shard()),
                new ReleaseLeases(holder, new long[] {delivery.sequence()}, true), "release a message");
        engine.wakeups().wake(reply.woken());
    }

    @Override
    public void close() {
        ArrayDeque<Delivery> unused;
        ShardLedger.Outstanding outstanding;
        lock.lock();
        try {
            if (closed) {
                return;
            }
            closed = true;
            changed.signalAll();
            awaitNoRequestLocked();
            unused = new ArrayDeque<>(buffer);
            buffer.clear();
            outstanding = ledger.drainEverything();
        } finally {
            lock.unlock();
        }
        engine.wakeups().unregister(id);
        connection.forget(this);
        if (failure == null && engine.isRunning()) {
            giveBack(unused, outstanding);
        }
    }

    void fail(EngineException cause) {
        lock.lock();
        try {
            failure = cause;
            // Leases held through a failed connection are void: the survivors release them.
            buffer.clear();
            changed.signalAll();
        } finally {
            lock.unlock();
        }
    }

    // ------------------------------------------------------------------ leasing

    /** A wake-up from a shard: messages may be ready again. */
    private void wake() {
        LeaseRequest next = null;
        lock.lock();
        try {
            if (closed) {
                return;
            }
            emptyInRow = 0;
            if (inFlight) {
                wakePending = true;
            } else {
                next = nextRequestLocked();
            }
        } finally {
            lock.unlock();
        }
        submit(next);
    }

    /** The next lease request if one is due, marked in flight; null otherwise. */
    private LeaseRequest nextRequestLocked() {
        if (inFlight || closed || failure != null || buffer.size() > lowWater) {
            return null;
        }
        inFlight = true;
        int shard = nextShard;
        return new LeaseRequest(shard, new LeaseMessages(holder, UUID.randomUUID().toString(),
                prefetch - buffer.size(), ledger.drainAcks(shard)));
    }

    private void submit(LeaseRequest request) {
        if (request == null) {
            return;
        }
        try {
            engine.shards().submitToKey(keys.get(request.shard()), request.operation())
                    .whenCompleteAsync((reply, error) -> leased(request, reply, error), engine.executor());
        } catch (RuntimeException e) {
            leased(request, null, e);
        }
    }

    private void leased(LeaseRequest request, ShardReply reply, Throwable error) {
        LeaseRequest next = null;
        Runnable notify = null;
        List<StoredMessage> giveBack = null;
        long[][] idleAcks = null;
        lock.lock();
        try {
            inFlight = false;
            changed.signalAll();
            if (error != null) {
                if (!closed) {
                    failure = HzErrors.translate(error, "lease messages from " + keys.get(request.shard()));
                    LOG.warn("Consumer {} stops: {}", id, failure.getMessage());
                }
                return;
            }
            if (closed) {
                giveBack = reply.messages();
            } else {
                boolean wasEmpty = buffer.isEmpty();
                for (StoredMessage m : reply.messages()) {
                    buffer.add(m.toDelivery(request.shard()));
                }
                if (reply.messages().isEmpty()) {
                    emptyInRow++;
                    nextShard = (nextShard + 1) % keys.size();
                } else {
                    emptyInRow = 0;
                }
                if (wakePending) {
                    wakePending = false;
                    emptyInRow = 0;
                }
                if (wasEmpty && !buffer.isEmpty()) {
                    notify = availableCallback;
                }
                if (emptyInRow < keys.size()) {
                    next = nextRequestLocked();
                } else if (buffer.isEmpty()) {
                    idleAcks = ledger.drainAllAcks();
                }
            }
        } finally {
            lock.unlock();
        }
        if (giveBack != null && !giveBack.isEmpty()) {
            releaseQuietly(request.shard(), giveBack.stream().mapToLong(StoredMessage::sequence).toArray(), false);
        }
        if (notify != null) {
            notify.run();
        }
        if (idleAcks != null) {
            for (int shard = 0; shard < idleAcks.length; shard++) {
                if (idleAcks[shard].length > 0) {
                    sendAcks(shard, idleAcks[shard]);
                }
            }
        }
        submit(next);
    }

    // ------------------------------------------------------------------ helpers

    private void awaitNoRequestLocked() {
        long nanos = TimeUnit.SECONDS.toNanos(CLOSE_WAIT_SECONDS);
        while (inFlight && nanos > 0) {
            try {
                nanos = changed.awaitNanos(nanos);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    private void sendAcks(int shard, long[] sequences) {
        try {
            engine.shards().submitToKey(keys.get(shard), new AcknowledgeMessages(holder, sequences))
                    .whenComplete((reply, error) -> {
                        if (error != null && engine.isRunning()) {
                            LOG.warn("Consumer {}: acknowledgements to {} failed; those messages will be redelivered",
                                    id, keys.get(shard), error);
                        }
                    });
        } catch (RuntimeException e) {
            LOG.warn("Consumer {}: acknowledgements to {} failed; those messages will be redelivered",
                    id, keys.get(shard), e);
        }
    }

    private void giveBack(ArrayDeque<Delivery> unused, ShardLedger.Outstanding outstanding) {
        long[][] unusedByShard = ShardLedger.byShard(keys.size(), unused);
        for (int shard = 0; shard < keys.size(); shard++) {
            if (outstanding.acks()[shard].length > 0) {
                try {
                    call(keys.get(shard), new AcknowledgeMessages(holder, outstanding.acks()[shard]),
                            "acknowledge messages");
                } catch (EngineException e) {
                    LOG.warn("Consumer {}: final acknowledgements failed: {}", id, e.getMessage());
                }
            }
            releaseQuietly(shard, outstanding.handedOut()[shard], true);
            releaseQuietly(shard, unusedByShard[shard], false);
        }
    }

    private void releaseQuietly(int shard, long[] sequences, boolean countDelivery) {
        if (sequences.length == 0) {
            return;
        }
        try {
            ShardReply reply = call(keys.get(shard), new ReleaseLeases(holder, sequences, countDelivery),
                    "give messages back");
            engine.wakeups().wake(reply.woken());
        } catch (EngineException e) {
            LOG.warn("Consumer {}: could not give {} message(s) back to {}: {}; the connection's close or the"
                    + " member's departure releases them", id, sequences.length, keys.get(shard), e.getMessage());
        }
    }

    private ShardReply call(ShardKey key, io.cairnmq.engine.hz.ops.ShardOperation operation, String what) {
        if (failure != null) {
            throw failure;
        }
        try {
            return engine.shards().executeOnKey(key, operation);
        } catch (RuntimeException e) {
            EngineException translated = HzErrors.translate(e, what + " on " + key);
            if (translated instanceof EngineClosedException) {
                fail(translated);
            }
            throw translated;
        }
    }

    /** One lease request to one shard. */
    private record LeaseRequest(int shard, LeaseMessages operation) {
    }
}
