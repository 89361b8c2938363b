package io.cairnmq.engine.hz;

import io.cairnmq.engine.api.ConsumerSpec;
import io.cairnmq.engine.api.DestinationName;
import io.cairnmq.engine.api.SubscriptionSpec;
import io.cairnmq.engine.api.Delivery;
import io.cairnmq.engine.api.EngineConsumer;
import io.cairnmq.engine.api.EngineClosedException;
import io.cairnmq.engine.api.EngineException;
import io.cairnmq.engine.api.EngineUnavailableException;
import io.cairnmq.engine.hz.flow.ConsumerShards;
import io.cairnmq.engine.hz.flow.ShardLedger;
import io.cairnmq.engine.hz.flow.ShardWaits;
import io.cairnmq.engine.hz.member.DestinationCatalog;
import io.cairnmq.engine.hz.member.HzErrors;
import io.cairnmq.engine.hz.member.ShardKey;
import io.cairnmq.engine.hz.member.ShardReply;
import io.cairnmq.engine.hz.member.WakeupBus;
import io.cairnmq.engine.hz.ops.LeaseMessages;
import io.cairnmq.engine.queue.Holder;
import io.cairnmq.engine.queue.StoredMessage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayDeque;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * A consumer on this member. It keeps at most one lease request in flight: while its buffer is
 * at or below half the prefetch it asks the shards in turn for more (each request carrying the
 * pending acknowledgements for its shard). A shard that gave everything it had registers the
 * consumer as a waiter; once every shard has, the consumer does nothing until a wake-up.
 *
 * <p>Latency: when a thread is blocked in {@link #receive} with an empty buffer, that thread
 * runs the lease request itself, so the reply reaches it without passing through another
 * thread; otherwise requests run asynchronously and complete on the engine's executor.
 */
final class HzConsumer implements EngineConsumer, WakeupBus.LocalConsumer {

    private static final Logger LOG = LoggerFactory.getLogger(HzConsumer.class);
    private static final long CLOSE_WAIT_SECONDS = 30;
    /** Pauses before a failed lease request or acknowledgement batch goes again: doubling, bounded. */
    static final long FIRST_RETRY_MILLIS = 100;
    static final long MAX_RETRY_MILLIS = 5_000;
    /** A consumer waiting on a shard asks it again this often, in case a wake-up was lost. */
    static final long WAITER_RECHECK_MILLIS = 5_000;
    /**
     * Lease requests failing with passing faults this long: the consumer stops and says so; an
     * acknowledgement batch is kept for the next flush.
     */
    static final long LEASE_GIVE_UP_MILLIS = 60_000;
    /** Spreads consumers' first shard over the shards, so competing consumers start apart. */
    private static final AtomicInteger FIRST_SHARD = new AtomicInteger();

    private final HzEngine engine;
    private final HzConnection connection;
    private final int prefetch;
    private final int lowWater;
    private final String id = UUID.randomUUID().toString();
    private final Holder holder;
    private final List<ShardKey> keys;
    private final ShardLedger ledger;
    /** Only messages matching it are leased; null for all (a subscription filters as it is published). */
    private final String selector;
    /** The destination, and for a topic the subscription whose queue this consumer leases from. */
    private final DestinationName destination;
    private final SubscriptionSpec subscriptionSpec;
    private final String subscription;

    private final ReentrantLock lock = new ReentrantLock();
    private final Condition changed = lock.newCondition();
    /** The prefetched deliveries, and whom to tell that they are available. */
    private final DeliveryBuffer buffer = new DeliveryBuffer();
    private boolean inFlight;
    /** Shard of the request in flight, or -1. */
    private int requestShard = -1;
    private boolean closed;
    /** Between recover's taking everything out and its putting it back: take no hand-offs. */
    private boolean recovering;
    /** No more leasing: the consumer only waits for its handed-out messages to be settled. */
    private boolean paused;
    private EngineException failure;
    /** Why this consumer stopped for good while its member runs on (it can still give back and settle). */
    private EngineException stoppedBy;
    private int nextShard;
    /** Where this consumer waits, what it last heard from each shard, and the due timers. */
    private final ShardWaits waits;
    /** Its acknowledgements, releases and give-back. */
    private final ConsumerShards shards;
    private int waitingReceivers;
    /** Acknowledgements on their way outside lease requests; guarded by this consumer's lock. */
    private final AcknowledgementPipeline acks;
    /** The pause before the next attempt of a failed lease request (0 after a success). */
    private long leaseRetryMillis;
    /** When the lease requests started failing (System.nanoTime), while they do. */
    private long leaseFailingSince;
    /** A request marked in flight and handed to a blocked receiver thread to run. */
    private LeaseRequest receiverFetch;

    HzConsumer(HzEngine engine, HzConnection connection, ConsumerSpec spec) {
        this.engine = engine;
        this.connection = connection;
        this.prefetch = spec.prefetch();
        this.lowWater = prefetch / 2;
        this.holder = new Holder(connection.memberId(), connection.id(), id);
        this.keys = DestinationCatalog.shardKeys(engine.catalog().resolve(spec.destination()));
        this.ledger = new ShardLedger(keys.size(), Math.max(16, prefetch / 2));
        this.destination = spec.destination();
        this.subscriptionSpec = spec.subscription();
        if (subscriptionSpec == null) {
            this.selector = spec.selector();
            this.subscription = null;
        } else {
            this.selector = null;
            // A private subscription is this consumer's own; a named one is shared by name.
            this.subscription = subscriptionSpec.name() == null ? id : subscriptionSpec.qualifiedName();
        }
        this.nextShard = (FIRST_SHARD.getAndIncrement() & Integer.MAX_VALUE) % keys.size();
        this.waits = new ShardWaits(keys.size());
        this.shards = new ConsumerShards(engine, keys, holder, subscription, this::failure, this::fail);
        this.acks = new AcknowledgementPipeline(engine, id, keys, ledger, shards, !spec.lazyAcks(), lock, changed,
                () -> !inFlight && buffer.isEmpty(), () -> closed);
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
        LeaseRequest first;
        lock.lock();
        try {
            first = nextRequestLocked();
        } finally {
            lock.unlock();
        }
        submit(first);
    }

    // ------------------------------------------------------------------ receiving

    @Override
    public Delivery receive(long timeoutMillis, boolean acknowledge) {
        long deadline = timeoutMillis > 0 ? System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMillis) : 0;
        while (true) {
            LeaseRequest fetchHere;
            LeaseRequest next = null;
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
                    next = nextRequestLocked();
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
                        dropReceiverFetchLocked();
                        return null;
                    }
                    fetchHere = takeReceiverFetchLocked();
                    if (fetchHere == null) {
                        if (timeoutMillis != 0 && awaitLocked(timeoutMillis, deadline)) {
                            continue;
                        }
                        // Time is up: a request handed to this thread goes on without it.
                        next = handBackReceiverFetchLocked();
                    }
                }
            } finally {
                lock.unlock();
            }
            if (fetchHere != null) {
                runHere(fetchHere);
                continue;
            }
            acks.send(idleAcks);
            if (windowFull) {
                continue;
            }
            submit(next);
            return delivery;
        }
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

    /** A request this receiver should run itself, because it is blocked on an empty buffer anyway. */
    private LeaseRequest takeReceiverFetchLocked() {
        if (receiverFetch != null) {
            LeaseRequest r = receiverFetch;
            receiverFetch = null;
            return r;
        }
        return buffer.isEmpty() ? nextRequestLocked() : null;
    }

    /**
     * A lease request handed to a receiver that will not run it (the consumer closes or pauses):
     * it was never sent, so nothing is in flight; what the shard handed off meanwhile joins the
     * buffer, to be given back with it.
     */
    private void dropReceiverFetchLocked() {
        if (receiverFetch == null) {
            return;
        }
        receiverFetch = null;
        inFlight = false;
        requestShard = -1;
        buffer.keepHandedOffDuringRequest();
        changed.signalAll();
    }

    /** A receiver gives up waiting: a request handed to it goes asynchronous instead. */
    private LeaseRequest handBackReceiverFetchLocked() {
        LeaseRequest r = receiverFetch;
        receiverFetch = null;
        return r;
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
    public void handBack(Delivery delivery, boolean countDelivery) {
        lock.lock();
        try {
            if (!ledger.released(delivery.shard(), delivery.sequence())) {
                // Settled meanwhile (a recover gave it back): it is not this consumer's to hand out.
                return;
            }
            if (!closed && !paused && failure == null && stoppedBy == null) {
                buffer.putFirst(countDelivery ? new Delivery(delivery.message(), delivery.deliveryCount() + 1,
                        delivery.shard(), delivery.sequence()) : delivery);
                changed.signalAll();
                return;
            }
        } finally {
            lock.unlock();
        }
        // Closed meanwhile: the message goes back to its queue.
        shards.releaseQuietly(delivery.shard(), new long[] {delivery.sequence()}, countDelivery);
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
            if (acks.anyInFlightLocked() || inFlight) {
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
        lock.lock();
        try {
            if (closed || paused) {
                return;
            }
            paused = true;
            changed.signalAll();
            dropReceiverFetchLocked();
            awaitNoRequestLocked();
            unused = buffer.takeAll();
        } finally {
            lock.unlock();
        }
        long[][] unusedByShard = ShardLedger.byShard(keys.size(), unused);
        for (int shard = 0; shard < keys.size(); shard++) {
            shards.releaseQuietly(shard, unusedByShard[shard], false);
        }
        if (subscription != null && failure() == null && engine.isRunning()) {
            // No longer counted as the subscription's consumer; what it delivered stays leased.
            detach(true);
        }
    }

    /**
     * Takes the deliveries handed out and not settled, shard by shard, for a transaction to
     * acknowledge: from now on they are the transaction's, which acknowledges them or puts them
     * back.
     */
    long[][] takeHandedOut() {
        lock.lock();
        try {
            return ledger.drainHandedOut();
        } finally {
            lock.unlock();
        }
    }

    private void confirmed(int count) {
        lock.lock();
        try {
            ledger.confirmed(count);
            changed.signalAll();
        } finally {
            lock.unlock();
        }
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
            shards.releaseQuietly(shard, taken[shard], true);
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
                    shards.release(shard, handed[shard], true);
                }
                if (unusedByShard[shard].length > 0) {
                    shards.release(shard, unusedByShard[shard], false);
                }
            }
        } finally {
            LeaseRequest next;
            lock.lock();
            try {
                recovering = false;
                waits.stopWaitingEverywhere();
                next = nextRequestLocked();
            } finally {
                lock.unlock();
            }
            submit(next);
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
        shards.release(delivery.shard(), new long[] {delivery.sequence()}, true);
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
            waits.cancelTimers();
            dropReceiverFetchLocked();
            changed.signalAll();
            awaitNoRequestLocked();
            unused = buffer.takeAll();
            outstanding = ledger.drainEverything();
        } finally {
            lock.unlock();
        }
        engine.wakeups().unregister(id);
        connection.forget(this);
        if (failure == null && engine.isRunning()) {
            shards.giveBack(unused, outstanding);
            if (subscription != null) {
                detach(false);
            }
        }
    }

    /**
     * Leaves the subscription (a private one goes with its messages). With {@code keepLeases},
     * a paused consumer keeps what it delivered leased, so that the subscription can take
     * another consumer, or be deleted once those are settled, while the session's transaction
     * is still open.
     */
    private void detach(boolean keepLeases) {
        try {
            engine.subscriptions().detach(destination, subscription, subscriptionSpec, holder, keepLeases);
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
            if (closed || failure != null || stoppedBy != null || recovering || paused) {
                return false;
            }
            // A hand-off that used up the room it registered with ends its wait on that shard.
            waits.learn(shard, waiterVersion, stillWaiting);
            if (inFlight && requestShard == shard) {
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

    /** A wake-up from a shard: messages may be ready again. Runs on the waking thread; never blocks. */
    private void fallsDue(int shard) {
        LeaseRequest next = null;
        lock.lock();
        try {
            waits.timerFired(shard);
            if (closed) {
                return;
            }
            waits.stopWaiting(shard);
            if (!inFlight) {
                next = nextRequestLocked();
                if (next != null && waitingReceivers > 0 && buffer.isEmpty()) {
                    receiverFetch = next;
                    next = null;
                    changed.signal();
                }
            }
        } finally {
            lock.unlock();
        }
        submit(next);
    }

    @Override
    public void wake(int shard, long waiterVersion) {
        LeaseRequest next = null;
        lock.lock();
        try {
            if (closed) {
                return;
            }
            if (shard < 0) {
                // A member left: a wake-up it owed may never come, so look at every shard again.
                waits.stopWaitingEverywhere();
            } else {
                waits.learn(shard, waiterVersion, false);
            }
            if (!inFlight) {
                next = nextRequestLocked();
                if (next != null && waitingReceivers > 0 && buffer.isEmpty()) {
                    receiverFetch = next;
                    next = null;
                    changed.signal();
                }
            }
        } finally {
            lock.unlock();
        }
        submit(next);
    }

    /** The next lease request if one is due, marked in flight; null otherwise. */
    private LeaseRequest nextRequestLocked() {
        if (inFlight || closed || recovering || paused || failure != null || stoppedBy != null
                || buffer.size() > lowWater) {
            return null;
        }
        for (int i = 0; i < keys.size(); i++) {
            int shard = (nextShard + i) % keys.size();
            if (!waits.isWaiting(shard)) {
                nextShard = (shard + 1) % keys.size();
                inFlight = true;
                requestShard = shard;
                return new LeaseRequest(shard, shards.scoped(new LeaseMessages(holder, UUID.randomUUID().toString(),
                        prefetch - buffer.size(), ledger.drainAcks(shard), selector)));
            }
        }
        return null;
    }

    private void submit(LeaseRequest request) {
        if (request == null) {
            return;
        }
        engine.calls().submit(keys.get(request.shard()), request.operation(),
                (reply, error) -> completed(request, reply, error));
    }

    private void runHere(LeaseRequest request) {
        ShardReply reply = null;
        Throwable error = null;
        try {
            reply = engine.calls().call(keys.get(request.shard()), request.operation());
        } catch (RuntimeException e) {
            error = e;
        }
        completed(request, reply, error);
    }

    private void completed(LeaseRequest request, ShardReply reply, Throwable error) {
        shards.leaseAnswered(request.shard(), reply);
        FollowUp followUp;
        lock.lock();
        try {
            followUp = handleReplyLocked(request, reply, error);
        } finally {
            lock.unlock();
        }
        followUp.run(this);
    }

    private FollowUp handleReplyLocked(LeaseRequest request, ShardReply reply, Throwable error) {
        inFlight = false;
        requestShard = -1;
        List<Delivery> handedOff = buffer.takeHandedOffDuringRequest();
        changed.signalAll();
        if (error != null) {
            // What the shard handed off meanwhile is this consumer's whatever the request's fate;
            // a closed consumer gives it back at once.
            List<Delivery> handedBack = closed ? handedOff : List.of();
            if (!closed) {
                buffer.addAll(handedOff);
            }
            EngineException failed = HzErrors.translate(error, "lease messages from " + keys.get(request.shard()));
            if (failed instanceof EngineClosedException || !engine.isRunning()) {
                // The member is going: its connections fail and tell their listeners; the
                // survivors release its leases.
                if (!closed) {
                    failure = failed;
                    LOG.warn("Consumer {} stops: {}", id, failure.getMessage());
                }
                return FollowUp.handBack(handedBack);
            }
            long now = System.nanoTime();
            if (leaseRetryMillis == 0) {
                leaseFailingSince = now;
            }
            boolean passing = failed instanceof EngineUnavailableException
                    && now - leaseFailingSince <= TimeUnit.MILLISECONDS.toNanos(LEASE_GIVE_UP_MILLIS);
            if (!passing) {
                // Not a fault that passes (the operation itself fails), or one that did not pass.
                if (closed) {
                    // Whatever the request leased stays leased to the consumer until its
                    // connection's leases are released.
                    LOG.warn("Consumer {} (closed): {}; what it may have leased is released with its connection",
                            id, failed.getMessage());
                    leaseRetryMillis = 0;
                    return FollowUp.handBack(handedBack);
                }
                return giveUpLocked(request, failed);
            }
            // A member left, a call timed out: the same request again after a pause. Its token
            // makes it idempotent (a retry gets what the first attempt leased), and the
            // acknowledgements it carries go with it.
            inFlight = true;
            requestShard = request.shard();
            leaseRetryMillis = Math.min(MAX_RETRY_MILLIS, Math.max(FIRST_RETRY_MILLIS, leaseRetryMillis * 2));
            LOG.warn("Consumer {}: {}; asking again in {} ms", id, failed.getMessage(), leaseRetryMillis);
            return FollowUp.retry(request, leaseRetryMillis, handedBack);
        }
        leaseRetryMillis = 0;
        ledger.confirmed(request.operation().acknowledgements().length);
        if (closed) {
            List<StoredMessage> back = new java.util.ArrayList<>(reply.messages());
            handedOff.forEach(d -> back.add(new StoredMessage(d.sequence(), d.message(), d.deliveryCount() - 1)));
            return new FollowUp(null, null, request.shard(), back, null);
        }
        boolean wasEmpty = buffer.isEmpty();
        for (StoredMessage m : reply.messages()) {
            buffer.add(m.toDelivery(request.shard()));
        }
        buffer.addAll(handedOff);
        waits.learn(request.shard(), reply.waiterVersion(), reply.waiting());
        if (reply.waiting()) {
            // A wake-up to another member travels as an event that may be lost: the consumer asks
            // again after a while anyway (one small request per shard it waits on, when idle).
            long recheck = System.currentTimeMillis() + WAITER_RECHECK_MILLIS;
            long due = reply.nextDue() > 0 ? Math.min(reply.nextDue(), recheck) : recheck;
            waits.wakeWhenDue(request.shard(), due, engine.timer(), this::fallsDue);
        }
        Runnable notify = buffer.becameAvailable(wasEmpty);
        LeaseRequest next = nextRequestLocked();
        long[][] idleAcks = acks.dueLocked();
        if (next != null && waitingReceivers > 0 && buffer.isEmpty()) {
            receiverFetch = next;
            next = null;
        }
        return new FollowUp(next, notify, request.shard(), List.of(), idleAcks);
    }

    /**
     * Leasing failed, for good or longer than a passing fault lasts: the consumer stops, gives back what it
     * holds and not handed out (other consumers get it now, not when the connection closes), and
     * its connection tells the application. Its receive calls throw the failure from now on;
     * what it handed out can still be acknowledged or given back.
     */
    private FollowUp giveUpLocked(LeaseRequest request, EngineException cause) {
        stoppedBy = cause;
        // The acknowledgements that rode on the failed request were not applied: the next flush sends them.
        for (long sequence : request.operation().acknowledgements()) {
            ledger.requeued(request.shard(), sequence);
        }
        List<Delivery> unused = List.copyOf(buffer.takeAll());
        changed.signalAll();
        LOG.error("Consumer {} of {} stops: leasing failed for {} s: {}", id, destination,
                TimeUnit.MILLISECONDS.toSeconds(LEASE_GIVE_UP_MILLIS), cause.getMessage());
        return FollowUp.giveUp(unused, cause);
    }

    /** What to do, outside the lock, after a lease reply was taken in. */
    private record FollowUp(LeaseRequest next, Runnable onAvailable, int shard, List<StoredMessage> giveBack,
                            long[][] idleAcks, long retryAfterMillis, List<Delivery> unused, EngineException stopped) {

        static final FollowUp NONE = new FollowUp(null, null, 0, List.of(), null);

        FollowUp(LeaseRequest next, Runnable onAvailable, int shard, List<StoredMessage> giveBack, long[][] idleAcks) {
            this(next, onAvailable, shard, giveBack, idleAcks, 0, List.of(), null);
        }

        /** The failed request, sent again after a pause (it stays in flight meanwhile); {@code unused} goes back. */
        static FollowUp retry(LeaseRequest request, long afterMillis, List<Delivery> unused) {
            return new FollowUp(request, null, 0, List.of(), null, afterMillis, unused, null);
        }

        /** Nothing more to ask; {@code unused} goes back. */
        static FollowUp handBack(List<Delivery> unused) {
            return new FollowUp(null, null, 0, List.of(), null, 0, unused, null);
        }

        /** The consumer stopped: what it held goes back, and its connection tells the application. */
        static FollowUp giveUp(List<Delivery> unused, EngineException cause) {
            return new FollowUp(null, null, 0, List.of(), null, 0, unused, cause);
        }

        void run(HzConsumer consumer) {
            if (!unused.isEmpty()) {
                long[][] byShard = ShardLedger.byShard(consumer.keys.size(), unused);
                for (int s = 0; s < byShard.length; s++) {
                    consumer.shards.releaseQuietly(s, byShard[s], false);
                }
            }
            if (stopped != null) {
                consumer.connection.consumerFailed(consumer, stopped);
                return;
            }
            if (retryAfterMillis > 0) {
                consumer.engine.timer().schedule(() -> consumer.submit(next), retryAfterMillis, TimeUnit.MILLISECONDS);
                return;
            }
            if (!giveBack.isEmpty()) {
                consumer.shards.releaseQuietly(shard, giveBack.stream().mapToLong(StoredMessage::sequence).toArray(),
                        false);
            }
            // First: the batch was counted in flight when it was drained, and a flush waits for it.
            consumer.acks.send(idleAcks);
            consumer.notifyAvailable(onAvailable);
            consumer.submit(next);
        }
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
        while ((inFlight || acks.anyInFlightLocked()) && nanos > 0) {
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

    /** One lease request to one shard. */
    private record LeaseRequest(int shard, LeaseMessages operation) {
    }
}
