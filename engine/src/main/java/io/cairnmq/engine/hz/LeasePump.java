package io.cairnmq.engine.hz;

import io.cairnmq.engine.api.Delivery;
import io.cairnmq.engine.api.DestinationName;
import io.cairnmq.engine.api.EngineClosedException;
import io.cairnmq.engine.api.EngineException;
import io.cairnmq.engine.api.Redelivery;
import io.cairnmq.engine.hz.flow.ConsumerShards;
import io.cairnmq.engine.hz.flow.ShardLedger;
import io.cairnmq.engine.hz.flow.ShardWaits;
import io.cairnmq.engine.hz.member.HzErrors;
import io.cairnmq.engine.hz.member.ShardKey;
import io.cairnmq.engine.hz.member.LeaseReply;
import io.cairnmq.engine.hz.ops.LeaseMessages;
import io.cairnmq.engine.queue.Holder;
import io.cairnmq.engine.queue.StoredMessage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * A consumer's lease requests: it keeps at most one in flight, and while the consumer's buffer
 * is at or below half the prefetch it asks the shards in turn for more (each request carrying
 * the pending acknowledgements for its shard). A shard that gave everything it had registers the
 * consumer as a waiter; once every shard has, nothing runs until a wake-up, or until the re-check
 * that covers a wake-up lost on its way. A request that fails for a passing fault goes again with
 * the same token; one that fails for good stops the consumer, which gives back what it holds.
 *
 * <p>It shares the consumer's lock, which guards its state together with the consumer's buffer
 * and ledger; the methods named {@code ...Locked} run under it. What it needs of the consumer
 * beyond those, it asks through {@link Owner}.
 */
final class LeasePump {

    private static final Logger LOG = LoggerFactory.getLogger(LeasePump.class);
    /** A consumer waiting on a shard asks it again this often, in case a wake-up was lost. */
    static final long WAITER_RECHECK_MILLIS = 5_000;
    /** Spreads consumers' first shard over the shards, so competing consumers start apart. */
    private static final AtomicInteger FIRST_SHARD = new AtomicInteger();

    /** The consumer as its lease pump sees it. */
    interface Owner {

        /** Whether the consumer takes more messages: not closed, recovering, paused, failed or stopped. */
        boolean takesMessagesLocked();

        boolean isClosedLocked();

        /** Whether a receiver thread is blocked waiting for a delivery. */
        boolean hasWaitingReceiverLocked();

        /** The member is going: the consumer fails (its connection fails with it and tells the application). */
        void failLocked(EngineException cause);

        /** Leasing failed for good: the consumer stops leasing; what it handed out can still be settled. */
        void stopLocked(EngineException cause);

        /** The acknowledgements due now that the consumer's state changed, counted in flight; null for none. */
        long[][] acknowledgementsDueLocked();

        /** Sends what {@link #acknowledgementsDueLocked} returned; outside the lock. */
        void sendAcknowledgements(long[][] due);

        /** Tells {@code callback} (if any) that deliveries are available, never on the caller's thread. */
        void notifyAvailable(Runnable callback);

        /** Tells the consumer's connection that it stopped; outside the lock. */
        void stopped(EngineException cause);
    }

    private final HzEngine engine;
    private final Holder holder;
    private final DestinationName destination;
    private final List<ShardKey> keys;
    private final int prefetch;
    private final int lowWater;
    /** Only messages matching it are leased; null for all (a subscription filters as it is published). */
    private final String selector;
    private final ShardLedger ledger;
    private final DeliveryBuffer buffer;
    private final ConsumerShards shards;
    private final ReentrantLock lock;
    private final Condition changed;
    private final Owner owner;
    /** Where the consumer waits, what it last heard from each shard, and the due timers. */
    private final ShardWaits waits;

    private boolean inFlight;
    /** Shard of the request in flight, or -1. */
    private int requestShard = -1;
    private int nextShard;
    /** The pause before the next attempt of a failed lease request (0 after a success). */
    private long retryMillis;
    /** When the lease requests started failing (System.nanoTime), while they do. */
    private long failingSince;
    /** A request marked in flight and handed to a blocked receiver thread to run. */
    private Request receiverRequest;

    /** One lease request to one shard; opaque to the consumer, which only passes it back. */
    record Request(int shard, LeaseMessages operation) {
    }

    LeasePump(HzEngine engine, Holder holder, DestinationName destination, List<ShardKey> keys, int prefetch,
              String selector, ShardLedger ledger, DeliveryBuffer buffer, ConsumerShards shards, ReentrantLock lock,
              Condition changed, Owner owner) {
        this.engine = engine;
        this.holder = holder;
        this.destination = destination;
        this.keys = keys;
        this.prefetch = prefetch;
        this.lowWater = prefetch / 2;
        this.selector = selector;
        this.ledger = ledger;
        this.buffer = buffer;
        this.shards = shards;
        this.lock = lock;
        this.changed = changed;
        this.owner = owner;
        this.waits = new ShardWaits(keys.size());
        this.nextShard = (FIRST_SHARD.getAndIncrement() & Integer.MAX_VALUE) % keys.size();
    }

    /** Sends the first request. */
    void start() {
        Request first;
        lock.lock();
        try {
            first = nextLocked();
        } finally {
            lock.unlock();
        }
        submit(first);
    }

    boolean inFlightLocked() {
        return inFlight;
    }

    /** The next lease request if one is due, marked in flight; null otherwise. */
    Request nextLocked() {
        if (inFlight || !owner.takesMessagesLocked() || buffer.size() > lowWater) {
            return null;
        }
        for (int i = 0; i < keys.size(); i++) {
            int shard = (nextShard + i) % keys.size();
            if (!waits.isWaiting(shard)) {
                nextShard = (shard + 1) % keys.size();
                inFlight = true;
                requestShard = shard;
                return new Request(shard, shards.scoped(new LeaseMessages(holder, UUID.randomUUID().toString(),
                        prefetch - buffer.size(), ledger.drainAcks(shard), selector)));
            }
        }
        return null;
    }

    // ------------------------------------------------------------------ receivers that run requests

    /** A request this receiver should run itself, because it is blocked on an empty buffer anyway. */
    Request forReceiverLocked() {
        if (receiverRequest != null) {
            Request r = receiverRequest;
            receiverRequest = null;
            return r;
        }
        return buffer.isEmpty() ? nextLocked() : null;
    }

    /**
     * A lease request handed to a receiver that will not run it (the consumer closes or pauses):
     * it was never sent, so nothing is in flight; what the shard handed off meanwhile joins the
     * buffer, to be given back with it.
     */
    void dropReceiverRequestLocked() {
        if (receiverRequest == null) {
            return;
        }
        receiverRequest = null;
        inFlight = false;
        requestShard = -1;
        buffer.keepHandedOffDuringRequest();
        changed.signalAll();
    }

    /** A receiver gives up waiting: a request handed to it goes asynchronous instead (submit it). */
    Request receiverGivesUpLocked() {
        Request r = receiverRequest;
        receiverRequest = null;
        return r;
    }

    /** A request due goes to a receiver blocked on an empty buffer, to run on its thread; returns what is left to submit. */
    private Request offerToReceiverLocked(Request next) {
        if (next != null && owner.hasWaitingReceiverLocked() && buffer.isEmpty()) {
            receiverRequest = next;
            changed.signal();
            return null;
        }
        return next;
    }

    // ------------------------------------------------------------------ what shards say

    /**
     * Messages a shard handed off to the consumer (it was waiting there): takes the shard's word
     * on whether it still waits. Returns whether the request in flight goes to that shard, in
     * which case the messages join the buffer after its reply.
     */
    boolean handedOffLocked(int shard, boolean stillWaiting, long waiterVersion) {
        // A hand-off that used up the room it registered with ends its wait on that shard.
        waits.learn(shard, waiterVersion, stillWaiting);
        return inFlight && requestShard == shard;
    }

    /** A wake-up from a shard (every shard when negative). Runs on the waking thread; never blocks. */
    void wake(int shard, long waiterVersion) {
        Request next = null;
        lock.lock();
        try {
            if (owner.isClosedLocked()) {
                return;
            }
            if (shard < 0) {
                // A member left: a wake-up it owed may never come, so look at every shard again.
                waits.stopWaitingEverywhere();
            } else {
                waits.learn(shard, waiterVersion, false);
            }
            next = inFlight ? null : offerToReceiverLocked(nextLocked());
        } finally {
            lock.unlock();
        }
        submit(next);
    }

    /** A re-check timer fired: messages may be ready again. Runs on the timer; never blocks. */
    private void fallsDue(int shard) {
        Request next = null;
        lock.lock();
        try {
            waits.timerFired(shard);
            if (owner.isClosedLocked()) {
                return;
            }
            waits.stopWaiting(shard);
            next = inFlight ? null : offerToReceiverLocked(nextLocked());
        } finally {
            lock.unlock();
        }
        submit(next);
    }

    /** Everything was put back (a recover): every shard is asked again; returns the request due. */
    Request askEverywhereLocked() {
        waits.stopWaitingEverywhere();
        return nextLocked();
    }

    /** The consumer closes: no more re-checks, and a request handed to a receiver is not sent. */
    void closeLocked() {
        waits.cancelTimers();
        dropReceiverRequestLocked();
    }

    // ------------------------------------------------------------------ requests and replies

    void submit(Request request) {
        if (request == null) {
            return;
        }
        engine.calls().submit(keys.get(request.shard()), request.operation(),
                (reply, error) -> completed(request, reply, error));
    }

    /** Runs the request on this thread (a receiver's) and takes its reply in. */
    void runHere(Request request) {
        LeaseReply reply = null;
        Throwable error = null;
        try {
            reply = engine.calls().call(keys.get(request.shard()), request.operation());
        } catch (RuntimeException e) {
            error = e;
        }
        completed(request, reply, error);
    }

    private void completed(Request request, LeaseReply reply, Throwable error) {
        shards.leaseAnswered(request.shard(), reply);
        FollowUp followUp;
        lock.lock();
        try {
            followUp = error != null ? failedLocked(request, error) : answeredLocked(request, reply);
        } finally {
            lock.unlock();
        }
        followUp.run(this);
    }

    /** The request is no longer in flight; returns what the shard handed off while it was. */
    private List<Delivery> endRequestLocked() {
        inFlight = false;
        requestShard = -1;
        List<Delivery> handedOff = buffer.takeHandedOffDuringRequest();
        changed.signalAll();
        return handedOff;
    }

    private FollowUp answeredLocked(Request request, LeaseReply reply) {
        List<Delivery> handedOff = endRequestLocked();
        retryMillis = 0;
        boolean reopened = ledger.confirmed(request.operation().acknowledgements().length);
        if (owner.isClosedLocked()) {
            List<StoredMessage> back = new ArrayList<>(reply.messages());
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
        if (notify == null && reopened) {
            // A listener-driven caller that found the window full comes back only when told.
            notify = buffer.waiting();
        }
        Request next = nextLocked();
        long[][] idleAcks = owner.acknowledgementsDueLocked();
        return new FollowUp(offerToReceiverLocked(next), notify, request.shard(), List.of(), idleAcks);
    }

    private FollowUp failedLocked(Request request, Throwable error) {
        List<Delivery> handedOff = endRequestLocked();
        boolean closed = owner.isClosedLocked();
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
                owner.failLocked(failed);
                LOG.warn("Consumer {} stops: {}", holder.consumerId(), failed.getMessage());
            }
            return FollowUp.handBack(handedBack);
        }
        long now = System.nanoTime();
        if (retryMillis == 0) {
            failingSince = now;
        }
        if (!ConsumerRetries.passing(failed, failingSince, now)) {
            // Not a fault that passes (the operation itself fails), or one that did not pass.
            if (closed) {
                // Whatever the request leased stays leased to the consumer until its
                // connection's leases are released.
                LOG.warn("Consumer {} (closed): {}; what it may have leased is released with its connection",
                        holder.consumerId(), failed.getMessage());
                retryMillis = 0;
                return FollowUp.handBack(handedBack);
            }
            return giveUpLocked(request, failed);
        }
        // A member left, a call timed out: the same request again after a pause. Its token
        // makes it idempotent (a retry gets what the first attempt leased), and the
        // acknowledgements it carries go with it.
        inFlight = true;
        requestShard = request.shard();
        retryMillis = ConsumerRetries.nextPause(retryMillis);
        LOG.warn("Consumer {}: {}; asking again in {} ms", holder.consumerId(), failed.getMessage(), retryMillis);
        return FollowUp.retry(request, retryMillis, handedBack);
    }

    /**
     * Leasing failed, for good or longer than a passing fault lasts: the consumer stops, gives back what it
     * holds and not handed out (other consumers get it now, not when the connection closes), and
     * its connection tells the application. Its receive calls throw the failure from now on;
     * what it handed out can still be acknowledged or given back.
     */
    private FollowUp giveUpLocked(Request request, EngineException cause) {
        owner.stopLocked(cause);
        // The acknowledgements that rode on the failed request were not applied: the next flush sends them.
        for (long sequence : request.operation().acknowledgements()) {
            ledger.requeued(request.shard(), sequence);
        }
        List<Delivery> unused = List.copyOf(buffer.takeAll());
        changed.signalAll();
        LOG.error("Consumer {} of {} stops: leasing failed for {} s: {}", holder.consumerId(), destination,
                TimeUnit.MILLISECONDS.toSeconds(ConsumerRetries.GIVE_UP_MILLIS), cause.getMessage());
        return FollowUp.giveUp(unused, cause);
    }

    /** What to do, outside the lock, after a lease reply was taken in. */
    private record FollowUp(Request next, Runnable onAvailable, int shard, List<StoredMessage> giveBack,
                            long[][] idleAcks, long retryAfterMillis, List<Delivery> unused, EngineException stopped) {

        FollowUp(Request next, Runnable onAvailable, int shard, List<StoredMessage> giveBack, long[][] idleAcks) {
            this(next, onAvailable, shard, giveBack, idleAcks, 0, List.of(), null);
        }

        /** The failed request, sent again after a pause (it stays in flight meanwhile); {@code unused} goes back. */
        static FollowUp retry(Request request, long afterMillis, List<Delivery> unused) {
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

        void run(LeasePump pump) {
            if (!unused.isEmpty()) {
                long[][] byShard = ShardLedger.byShard(pump.keys.size(), unused);
                for (int s = 0; s < byShard.length; s++) {
                    pump.shards.releaseQuietly(s, byShard[s], Redelivery.NOT_COUNTED);
                }
            }
            if (stopped != null) {
                pump.owner.stopped(stopped);
                return;
            }
            if (retryAfterMillis > 0) {
                pump.engine.timer().schedule(() -> pump.submit(next), retryAfterMillis, TimeUnit.MILLISECONDS);
                return;
            }
            if (!giveBack.isEmpty()) {
                pump.shards.releaseQuietly(shard, giveBack.stream().mapToLong(StoredMessage::sequence).toArray(),
                        Redelivery.NOT_COUNTED);
            }
            // First: the batch was counted in flight when it was drained, and a flush waits for it.
            pump.owner.sendAcknowledgements(idleAcks);
            pump.owner.notifyAvailable(onAvailable);
            pump.submit(next);
        }
    }
}
