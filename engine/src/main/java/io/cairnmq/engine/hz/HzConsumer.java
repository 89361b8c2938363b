package io.cairnmq.engine.hz;

import io.cairnmq.engine.api.ConsumerSpec;
import io.cairnmq.engine.api.DeliveryPolicy;
import io.cairnmq.engine.api.DestinationName;
import io.cairnmq.engine.api.SubscriptionSpec;
import io.cairnmq.engine.api.Delivery;
import io.cairnmq.engine.api.EngineConsumer;
import io.cairnmq.engine.api.EngineException;
import io.cairnmq.engine.api.EngineUnavailableException;
import io.cairnmq.engine.api.Redelivery;
import io.cairnmq.engine.hz.flow.ConsumerShards;
import io.cairnmq.engine.hz.flow.ShardLedger;
import io.cairnmq.engine.hz.member.DestinationCatalog;
import io.cairnmq.engine.hz.member.ShardKey;
import io.cairnmq.engine.hz.member.WakeupBus;
import io.cairnmq.engine.queue.Holder;
import io.cairnmq.engine.queue.StoredMessage;
import io.cairnmq.engine.topic.LeasesOnDetach;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayDeque;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * A consumer on this member: its life cycle (receiving, settling, recover, pause, close) and
 * the wiring of its parts, which share its lock: the buffer of prefetched deliveries ({@link
 * DeliveryBuffer}), the lease requests that fill it ({@link LeasePump}) and the acknowledgements
 * on their way outside them ({@link AcknowledgementPipeline}).
 *
 * <p>Latency: when a thread is blocked in {@link #receive} with an empty buffer, that thread
 * runs the lease request itself, so the reply reaches it without passing through another
 * thread; otherwise requests run asynchronously and complete on the engine's executor.
 */
final class HzConsumer implements EngineConsumer, WakeupBus.LocalConsumer {

    private static final Logger LOG = LoggerFactory.getLogger(HzConsumer.class);
    private static final long CLOSE_WAIT_SECONDS = 30;

    private final HzEngine engine;
    private final HzConnection connection;
    private final int prefetch;
    private final String id = UUID.randomUUID().toString();
    private final Holder holder;
    private final List<ShardKey> keys;
    private final ShardLedger ledger;
    /** The destination, and for a topic the subscription whose queue this consumer leases from. */
    private final DestinationName destination;
    private final SubscriptionSpec subscriptionSpec;
    private final String subscription;

    private final ReentrantLock lock = new ReentrantLock();
    private final Condition changed = lock.newCondition();
    /** The prefetched deliveries, and whom to tell that they are available. */
    private final DeliveryBuffer buffer = new DeliveryBuffer();
    private boolean closed;
    /** Between recover's taking everything out and its putting it back: take no hand-offs. */
    private boolean recovering;
    /** No more leasing: the consumer only waits for its handed-out messages to be settled. */
    private boolean paused;
    private EngineException failure;
    /** Why this consumer stopped for good while its member runs on (it can still give back and settle). */
    private EngineException stoppedBy;
    /** Its acknowledgements, releases and give-back. */
    private final ConsumerShards shards;
    private int waitingReceivers;
    /** Acknowledgements on their way outside lease requests; guarded by this consumer's lock. */
    private final AcknowledgementPipeline acks;
    /** Its lease requests, their replies, retries and re-checks. */
    private final LeasePump pump;

    HzConsumer(HzEngine engine, HzConnection connection, ConsumerSpec spec) {
        this.engine = engine;
        this.connection = connection;
        this.prefetch = spec.prefetch();
        this.holder = new Holder(connection.memberId(), connection.id(), id);
        this.keys = DestinationCatalog.shardKeys(engine.catalog().resolve(spec.destination()));
        this.ledger = new ShardLedger(keys.size(), Math.max(16, prefetch / 2), prefetch);
        this.destination = spec.destination();
        this.subscriptionSpec = spec.subscription();
        // A private subscription is this consumer's own; a named one is shared by name.
        this.subscription = subscriptionSpec == null ? null
                : subscriptionSpec.name() == null ? id : subscriptionSpec.qualifiedName();
        this.shards = new ConsumerShards(engine, keys, holder, subscription, this::failure, this::fail);
        // A subscription filters as it is published: its consumer leases whatever it holds.
        String selector = subscriptionSpec == null ? spec.selector() : null;
        this.pump = new LeasePump(engine, holder, destination, keys, prefetch, selector, ledger, buffer, shards, lock,
                changed, new PumpOwner());
        this.acks = new AcknowledgementPipeline(engine, id, keys, ledger, shards, spec.acknowledgements(), lock,
                changed, () -> !pump.inFlightLocked() && buffer.isEmpty(), () -> closed,
                this::windowReopened);
    }

    List<ShardKey> shardKeys() {
        return keys;
    }

    Holder holder() {
        return holder;
    }

    DestinationName destination() {
        return destination;
    }

    /** The subscription this consumer leases from; null on a queue. */
    String subscriptionId() {
        return subscription;
    }

    private EngineException failure() {
        lock.lock();
        try {
            return failure;
        } finally {
            lock.unlock();
        }
    }

    void start() {
        engine.wakeups().register(id, this);
        pump.start();
    }

    // ------------------------------------------------------------------ receiving

    @Override
    public Delivery receive(long timeoutMillis, boolean acknowledge) {
        long deadline = timeoutMillis > 0 ? System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMillis) : 0;
        while (true) {
            LeasePump.Request fetchHere;
            LeasePump.Request next = null;
            long[][] idleAcks = null;
            Delivery delivery = null;
            boolean windowFull = false;
            lock.lock();
            try {
                // Consumed deliveries whose acknowledgements no shard has confirmed yet stay within
                // the prefetch, however slow the shards: a failure brings back at most that many.
                windowFull = !buffer.isEmpty() && ledger.unconfirmed() >= prefetch;
                delivery = windowFull ? null : buffer.next();
                if (windowFull) {
                    idleAcks = acks.dueLocked(true);
                    if (idleAcks == null && !(timeoutMillis != 0 && awaitLocked(timeoutMillis, deadline))) {
                        return null;
                    }
                    fetchHere = null;
                } else if (delivery != null) {
                    if (acknowledge) {
                        ledger.acknowledged(delivery.shard(), delivery.sequence());
                    } else {
                        ledger.handedOut(delivery.shard(), delivery.sequence());
                    }
                    next = pump.nextLocked();
                    idleAcks = acks.dueLocked();
                    fetchHere = null;
                } else {
                    if (failure != null) {
                        throw failure;
                    }
                    if (stoppedBy != null) {
                        throw stoppedBy;
                    }
                    if (closed || paused) {
                        pump.dropReceiverRequestLocked();
                        return null;
                    }
                    fetchHere = pump.forReceiverLocked();
                    if (fetchHere == null) {
                        if (timeoutMillis != 0 && awaitLocked(timeoutMillis, deadline)) {
                            continue;
                        }
                        // Time is up: a request handed to this thread goes on without it.
                        next = pump.receiverGivesUpLocked();
                    }
                }
            } finally {
                lock.unlock();
            }
            if (fetchHere != null) {
                pump.runHere(fetchHere);
                continue;
            }
            acks.send(idleAcks);
            if (windowFull) {
                continue;
            }
            pump.submit(next);
            return delivery;
        }
    }

    @Override
    public Delivery poll() {
        LeasePump.Request next;
        long[][] idleAcks;
        Delivery delivery;
        lock.lock();
        try {
            boolean windowFull = !buffer.isEmpty() && ledger.unconfirmed() >= prefetch;
            delivery = windowFull ? null : buffer.next();
            if (delivery == null) {
                if (failure != null) {
                    throw failure;
                }
                if (stoppedBy != null) {
                    throw stoppedBy;
                }
            } else {
                ledger.handedOut(delivery.shard(), delivery.sequence());
            }
            // The next lease request first, so that pending acknowledgements ride on it; with a
            // full window, whatever is pending goes now, for the shards to confirm.
            next = pump.nextLocked();
            idleAcks = acks.dueLocked(windowFull);
        } finally {
            lock.unlock();
        }
        acks.send(idleAcks);
        pump.submit(next);
        return delivery;
    }

    /** Waits for a change; returns false when the time is up or the thread is interrupted. */
    private boolean awaitLocked(long timeoutMillis, long deadline) {
        waitingReceivers++;
        try {
            if (timeoutMillis < 0) {
                changed.await();
                return true;
            }
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                return false;
            }
            changed.awaitNanos(left);
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        } finally {
            waitingReceivers--;
        }
    }

    @Override
    public void onAvailable(Runnable callback) {
        boolean ready;
        lock.lock();
        try {
            ready = buffer.onAvailable(callback);
        } finally {
            lock.unlock();
        }
        if (ready) {
            notifyAvailable(callback);
        }
    }

    @Override
    public void hold(boolean hold) {
        Runnable notify = null;
        lock.lock();
        try {
            notify = buffer.hold(hold);
            if (!hold) {
                changed.signalAll();
            }
        } finally {
            lock.unlock();
        }
        notifyAvailable(notify);
    }

    @Override
    public void handBack(Delivery delivery, Redelivery redelivery) {
        boolean throughShard = redelivery == Redelivery.COUNTED && policyHoldsOrMoves(delivery);
        lock.lock();
        try {
            if (!ledger.released(delivery.shard(), delivery.sequence())) {
                // Settled meanwhile (a recover gave it back): it is not this consumer's to hand out.
                return;
            }
            if (!throughShard && !closed && !paused && failure == null && stoppedBy == null) {
                buffer.putFirst(redelivery == Redelivery.COUNTED ? new Delivery(delivery.message(), delivery.deliveryCount() + 1,
                        delivery.shard(), delivery.sequence()) : delivery);
                changed.signalAll();
                return;
            }
        } finally {
            lock.unlock();
        }
        if (throughShard) {
            // The destination holds failed deliveries back, or this one had its last attempt:
            // the shard decides, as for any other failed delivery.
            shards.releaseFailedQuietly(delivery.shard(), delivery.sequence(), delivery.deliveryCount());
            return;
        }
        // Closed meanwhile: the message goes back to its queue.
        shards.releaseQuietly(delivery.shard(), new long[] {delivery.sequence()}, redelivery);
    }

    /**
     * Whether a failed delivery must go back through its shard rather than come again from this
     * consumer at once: its destination has a redelivery delay, or it had its last attempt.
     */
    private boolean policyHoldsOrMoves(Delivery delivery) {
        DeliveryPolicy policy = engine.config().policyFor(destination);
        return policy.redeliveryDelayMillis() > 0 || policy.exhausted(delivery.deliveryCount());
    }

    // ------------------------------------------------------------------ acknowledging and releasing

    @Override
    public void acknowledge(Delivery delivery) {
        long[][] due;
        lock.lock();
        try {
            ledger.acknowledgedAfterHandOut(delivery.shard(), delivery.sequence());
            due = acks.dueLocked();
        } finally {
            lock.unlock();
        }
        acks.send(due);
    }

    @Override
    public void flushAcknowledgements() {
        long[][] due;
        lock.lock();
        try {
            awaitNoRequestLocked();
            // A batch that failed before is among these again: what counts is how they fare now.
            acks.forgetFailureLocked();
            due = ledger.drainAllAcks();
        } finally {
            lock.unlock();
        }
        EngineException notApplied = null;
        for (int shard = 0; shard < due.length; shard++) {
            if (due[shard].length > 0) {
                try {
                    shards.acknowledge(shard, due[shard]);
                    confirmed(due[shard].length);
                } catch (EngineException e) {
                    // Kept for the next flush, which sends them again (a repeat changes nothing).
                    notAcknowledged(shard, due[shard]);
                    notApplied = notApplied == null ? e : notApplied;
                }
            }
        }
        if (notApplied != null) {
            throw notApplied;
        }
        lock.lock();
        try {
            awaitNoRequestLocked();
            // Acknowledgements still on their way (retried after a failure) or lost are not
            // reported as done: the caller learns that these messages may come again.
            if (acks.anyInFlightLocked() || pump.inFlightLocked()) {
                throw new EngineUnavailableException("The acknowledgements of consumer " + id + " were not confirmed"
                        + " within " + CLOSE_WAIT_SECONDS + " s (the cluster does not answer); the messages may be"
                        + " delivered again", null);
            }
            EngineException failed = acks.takeFailureLocked();
            if (failed != null) {
                throw failed;
            }
        } finally {
            lock.unlock();
        }
        // Acknowledged for good: a persistent message must not come back after a crash.
        shards.awaitAcknowledgementsDurable();
    }

    @Override
    public void pause() {
        ArrayDeque<Delivery> unused;
        boolean settled;
        lock.lock();
        try {
            if (closed || paused) {
                return;
            }
            paused = true;
            changed.signalAll();
            pump.dropReceiverRequestLocked();
            awaitNoRequestLocked();
            unused = buffer.takeAll();
            settled = !ledger.anyHandedOut();
        } finally {
            lock.unlock();
        }
        shards.releaseUnused(unused);
        if (subscription != null && failure() == null && engine.isRunning()) {
            // No longer counted as the subscription's consumer; what it delivered stays leased.
            detach(LeasesOnDetach.KEEP);
        } else if (settled && subscription == null && failure() == null && engine.isRunning()
                && holdsQueueByItself()) {
            // The next consumer of the exclusive queue, or of its groups, takes over now. One whose
            // delivered messages its session has yet to settle keeps them until it closes, so that
            // they come again before the rest if they come again.
            shards.leave(id);
        }
    }

    /** Whether its shards keep this consumer as the exclusive queue's, or as a group's, until it leaves. */
    private boolean holdsQueueByItself() {
        return shards.leasedGroups() || engine.config().policyFor(destination).exclusive();
    }

    /**
     * Takes the deliveries handed out and not settled, shard by shard, for a transaction to
     * acknowledge: from now on they are the transaction's, which acknowledges them or puts them
     * back.
     *
     * @param only the deliveries to take, or null for all of them
     */
    long[][] takeHandedOut(List<Delivery> only) {
        lock.lock();
        try {
            return only == null ? ledger.drainHandedOut() : ledger.takeHandedOut(only);
        } finally {
            lock.unlock();
        }
    }

    private void confirmed(int count) {
        Runnable notify = null;
        lock.lock();
        try {
            if (ledger.confirmed(count)) {
                notify = buffer.waiting();
            }
            changed.signalAll();
        } finally {
            lock.unlock();
        }
        notifyAvailable(notify);
    }

    /**
     * Acknowledgements were confirmed after the window was full: a listener-driven caller, whose
     * {@code receive(0, …)} found nothing to take then, learns that it can take again.
     */
    private void windowReopened() {
        Runnable notify;
        lock.lock();
        try {
            notify = buffer.waiting();
        } finally {
            lock.unlock();
        }
        notifyAvailable(notify);
    }

    /** Puts acknowledgements that were not applied back among those to send. */
    private void notAcknowledged(int shard, long[] sequences) {
        lock.lock();
        try {
            for (long sequence : sequences) {
                ledger.requeued(shard, sequence);
            }
        } finally {
            lock.unlock();
        }
    }

    /** Puts back, as a failed delivery, what a transaction took and did not apply (still leased to this consumer). */
    void giveBackTaken(long[][] taken) {
        for (int shard = 0; shard < taken.length; shard++) {
            shards.releaseQuietly(shard, taken[shard], Redelivery.COUNTED);
        }
    }

    @Override
    public void acknowledgeAll() {
        lock.lock();
        try {
            ledger.acknowledgeAllHandedOut();
        } finally {
            lock.unlock();
        }
        flushAcknowledgements();
    }

    @Override
    public void recover() {
        ArrayDeque<Delivery> unused;
        long[][] handed;
        lock.lock();
        try {
            if (closed) {
                return;
            }
            recovering = true;
            awaitNoRequestLocked();
            unused = buffer.takeAll();
            handed = ledger.drainHandedOut();
        } finally {
            lock.unlock();
        }
        try {
            long[][] unusedByShard = ShardLedger.byShard(keys.size(), unused);
            for (int shard = 0; shard < keys.size(); shard++) {
                if (handed[shard].length > 0) {
                    shards.release(shard, handed[shard], Redelivery.COUNTED);
                }
                if (unusedByShard[shard].length > 0) {
                    shards.release(shard, unusedByShard[shard], Redelivery.NOT_COUNTED);
                }
            }
        } finally {
            LeasePump.Request next;
            lock.lock();
            try {
                recovering = false;
                next = pump.askEverywhereLocked();
            } finally {
                lock.unlock();
            }
            pump.submit(next);
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
        shards.releaseFailed(delivery.shard(), delivery.sequence(), delivery.deliveryCount());
    }

    @Override
    public void close() {
        ArrayDeque<Delivery> unused;
        ShardLedger.Outstanding outstanding;
        boolean failed;
        lock.lock();
        try {
            if (closed) {
                return;
            }
            closed = true;
            pump.closeLocked();
            changed.signalAll();
            awaitNoRequestLocked();
            unused = buffer.takeAll();
            outstanding = ledger.drainEverything();
            // Read under the lock that fail() writes it under: a failed consumer's leases are void.
            failed = failure != null;
        } finally {
            lock.unlock();
        }
        engine.wakeups().unregister(id);
        connection.forget(this);
        if (!failed && engine.isRunning()) {
            shards.giveBack(unused, outstanding);
            if (subscription != null) {
                detach(LeasesOnDetach.RELEASE);
            } else if (holdsQueueByItself()) {
                shards.leave(id);
            }
        }
    }

    /**
     * Leaves the subscription (a private one goes with its messages). Keeping its leases, a
     * paused consumer keeps what it delivered leased, so that the subscription can take
     * another consumer, or be deleted once those are settled, while the session's transaction
     * is still open.
     */
    private void detach(LeasesOnDetach leases) {
        try {
            engine.subscriptions().detach(destination, subscription, subscriptionSpec, holder, leases);
        } catch (RuntimeException e) {
            LOG.warn("Consumer {}: could not leave subscription {} of {}; it is left when the connection closes",
                    id, subscription, destination, e);
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

    /** Messages a shard leased to this consumer without being asked (it was waiting). */
    @Override
    public boolean accept(int shard, List<StoredMessage> messages, boolean stillWaiting, long waiterVersion) {
        Runnable notify;
        lock.lock();
        try {
            if (!takesMessagesLocked()) {
                return false;
            }
            if (pump.handedOffLocked(shard, stillWaiting, waiterVersion)) {
                // The request in flight registered this consumer; its reply's messages come first.
                for (StoredMessage m : messages) {
                    buffer.handedOffDuringRequest(m.toDelivery(shard));
                }
                return true;
            }
            boolean wasEmpty = buffer.isEmpty();
            for (StoredMessage m : messages) {
                buffer.add(m.toDelivery(shard));
            }
            changed.signalAll();
            notify = buffer.becameAvailable(wasEmpty);
        } finally {
            lock.unlock();
        }
        notifyAvailable(notify);
        return true;
    }

    /** Listener-driven callers learn of new messages on an engine thread, never on the caller's. */
    private void notifyAvailable(Runnable callback) {
        if (callback != null) {
            engine.executor().execute(callback);
        }
    }

    @Override
    public void wake(int shard, long waiterVersion) {
        pump.wake(shard, waiterVersion);
    }

    /** Whether the consumer takes more messages: not closed, recovering, paused, failed or stopped. */
    private boolean takesMessagesLocked() {
        return !closed && !recovering && !paused && failure == null && stoppedBy == null;
    }

    // ------------------------------------------------------------------ helpers

    /**
     * Waits until no lease request and no acknowledgement batch is in flight, so that what
     * follows (a close, a recover, a flush) sees the shard as this consumer left it.
     */
    private void awaitNoRequestLocked() {
        long nanos = TimeUnit.SECONDS.toNanos(CLOSE_WAIT_SECONDS);
        boolean interrupted = false;
        // An interrupt does not cut this short: what follows must see the shard settled. The
        // wait is bounded anyway, and the interrupt is kept for the caller.
        while ((pump.inFlightLocked() || acks.anyInFlightLocked()) && nanos > 0) {
            try {
                nanos = changed.awaitNanos(nanos);
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    /** The consumer as its lease pump sees it; each call runs as the pump's documentation says. */
    private final class PumpOwner implements LeasePump.Owner {

        @Override
        public boolean takesMessagesLocked() {
            return HzConsumer.this.takesMessagesLocked();
        }

        @Override
        public boolean isClosedLocked() {
            return closed;
        }

        @Override
        public boolean hasWaitingReceiverLocked() {
            return waitingReceivers > 0;
        }

        @Override
        public void failLocked(EngineException cause) {
            failure = cause;
        }

        @Override
        public void stopLocked(EngineException cause) {
            stoppedBy = cause;
        }

        @Override
        public long[][] acknowledgementsDueLocked() {
            return acks.dueLocked();
        }

        @Override
        public void sendAcknowledgements(long[][] due) {
            acks.send(due);
        }

        @Override
        public void notifyAvailable(Runnable callback) {
            HzConsumer.this.notifyAvailable(callback);
        }

        @Override
        public void stopped(EngineException cause) {
            connection.consumerFailed(HzConsumer.this, cause);
        }
    }
}
