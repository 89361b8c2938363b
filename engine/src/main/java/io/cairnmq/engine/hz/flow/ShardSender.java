package io.cairnmq.engine.hz.flow;

import io.cairnmq.engine.api.EngineException;
import io.cairnmq.engine.api.MessageRecord;
import io.cairnmq.engine.api.ResourceLimitException;
import io.cairnmq.engine.hz.HzEngine;
import io.cairnmq.engine.hz.member.HzErrors;
import io.cairnmq.engine.hz.member.ShardKey;
import io.cairnmq.engine.hz.member.SendReply;
import io.cairnmq.engine.hz.member.WakeupBus;
import io.cairnmq.engine.hz.ops.EnqueueBatch;
import io.cairnmq.engine.queue.Holder;
import io.cairnmq.engine.queue.StoredMessage;
import io.cairnmq.engine.topic.Origin;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * One producer's pipe into one shard. At most one batch is in flight, which keeps the
 * producer's order even across retries; what is sent meanwhile gathers into the next batch,
 * so a fast producer sends large batches and a slow one sends each message at once. The send
 * window bounds the bytes gathered and in flight: past it, {@code send} blocks until the shard
 * has taken the batch in flight.
 */
public final class ShardSender implements WakeupBus.LocalConsumer {

    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(ShardSender.class);

    private final HzEngine engine;
    private final String producerId;
    private final ShardKey key;
    /** The producer's connection, for topics' noLocal subscriptions. */
    private final Origin origin;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition progress = lock.newCondition();

    private List<MessageRecord> gathering = new ArrayList<>();
    private long gatheringBytes;
    private long inFlightBytes;
    private boolean inFlight;
    /** Number of the last batch handed to Hazelcast; batch numbers start at 1. */
    private long lastIssued;
    /** Every batch up to this number has completed, successfully or not. */
    private long lastCompleted;
    private EngineException lastFailure;
    private EngineException brokenBy;
    /** The journal that holds this sender's newest persistent messages, and its ticket for them. */
    private final JournalTickets journaled = new JournalTickets(1);
    /** This sender as a shard sees it when it waits for room in a full destination. */
    private final Holder holder;
    /** How long it waits for room before its send fails. */
    private final long blockMillis;
    /** Counts the word that a full destination made room, so that none is missed; read without the lock. */
    private final AtomicLong roomSignals = new AtomicLong();
    /** The batch a full destination refused, waiting for room; null when none waits. */
    private Blocked blocked;

    /** A refused batch waiting for room until its deadline (System.nanoTime), and its re-check timer. */
    private record Blocked(long number, List<MessageRecord> batch, long deadline, ScheduledFuture<?> recheck) {
    }

    /**
     * A batch waiting for room tries again this often even without word that room was made: the
     * word travels as an event that may be lost.
     */
    public static final long ROOM_RECHECK_MILLIS = 1_000;

    public ShardSender(HzEngine engine, String producerId, ShardKey key, Origin origin, long blockMillis) {
        this.engine = engine;
        this.producerId = producerId;
        this.key = key;
        this.origin = origin;
        this.blockMillis = blockMillis;
        this.holder = new Holder(engine.memberId(), origin.connectionId(), producerId + "#" + key);
        engine.wakeups().register(holder.consumerId(), this);
    }

    /** The producer closed: no more word about room. */
    public void close() {
        engine.wakeups().unregister(holder.consumerId());
    }

    /**
     * A full destination made room (messages left it): a blocked batch tries again. Called on a
     * partition thread too, so it takes no lock (a send may hold it across a wait for the disk):
     * the blocked batch goes again from an engine thread.
     */
    @Override
    public void wake(int shard, long waiterVersion) {
        roomSignals.incrementAndGet();
        engine.callers().execute(this::recheckRoom);
    }

    /** The re-check timer of a blocked batch: it tries again, or fails once its time is up. */
    private void recheckRoom() {
        Blocked again;
        lock.lock();
        try {
            again = takeBlocked();
        } finally {
            lock.unlock();
        }
        if (again != null) {
            resubmit(again);
        }
    }

    private Blocked takeBlocked() {
        Blocked taken = blocked;
        blocked = null;
        if (taken != null) {
            taken.recheck().cancel(false);
        }
        return taken;
    }

    /** The same batch (same number, so a shard that took it once ignores it) goes again. */
    private void resubmit(Blocked again) {
        submit(again.number(), again.batch(), again.deadline());
    }

    @Override
    public boolean accept(int shard, List<StoredMessage> messages, boolean stillWaiting, long waiterVersion) {
        return false;
    }

    /** How long a send keeps its caller. */
    public enum Completion {
        /** Until the message is stored, and as durable as promised (a persistent send). */
        STORED,
        /** Not beyond the send window: the message goes with the next batch and a failure shows on a later call. */
        LATER
    }

    public void send(MessageRecord message, int size, Completion completion) {
        boolean awaitStored = completion == Completion.STORED;
        lock.lock();
        try {
            throwPendingFailure();
            long window = engine.config().sendWindowBytes();
            while (brokenBy == null && inFlight && gatheringBytes + inFlightBytes + size > window) {
                progress.awaitUninterruptibly();
            }
            throwPendingFailure();
            boolean alone = !inFlight && gathering.isEmpty();
            gathering.add(message);
            gatheringBytes += size;
            long batch = lastIssued + 1;
            if (alone && awaitStored) {
                // The caller waits anyway: run the batch on its thread, saving two thread hand-offs.
                // (Doing the same for non-persistent sends was measured: it halves 4x4 throughput
                // and does not lower latency.)
                issueHere();
            } else if (!inFlight) {
                issue();
            }
            if (awaitStored) {
                awaitCompletion(batch);
            }
        } finally {
            lock.unlock();
        }
        if (awaitStored) {
            awaitDurable();
        }
    }

    /**
     * Sends one message as a batch of its own under the caller's number, after everything before
     * it, and waits until it is stored and as durable as promised. A shard that applied this
     * number of this sender's producer id before stores nothing again (a repeat after a lost
     * answer); numbers must increase.
     */
    public void sendNumbered(MessageRecord message, int size, long number) {
        lock.lock();
        try {
            throwPendingFailure();
            while (brokenBy == null && (inFlight || !gathering.isEmpty() || blocked != null)) {
                progress.awaitUninterruptibly();
            }
            throwPendingFailure();
            if (number <= lastIssued) {
                throw new IllegalArgumentException("Send number " + number + " is not above the last one, " + lastIssued);
            }
            // Nothing is in flight: the next batch takes the caller's number.
            lastIssued = number - 1;
            lastCompleted = number - 1;
            gathering.add(message);
            gatheringBytes += size;
            issueHere();
            awaitCompletion(number);
        } finally {
            lock.unlock();
        }
        awaitDurable();
    }

    /** Waits until everything sent so far is stored, and its persistent messages are as durable as promised. */
    public void flush() {
        lock.lock();
        try {
            awaitCompletion(gathering.isEmpty() ? lastIssued : lastIssued + 1);
        } finally {
            lock.unlock();
        }
        awaitDurable();
    }

    /** Waits, outside the lock, for the journal to hold the newest persistent messages as the policy says. */
    private void awaitDurable() {
        journaled.awaitAll(engine.durability());
    }

    public void fail(EngineException cause) {
        lock.lock();
        try {
            brokenBy = cause;
            Blocked dropped = takeBlocked();
            if (dropped != null) {
                inFlight = false;
                lastCompleted = dropped.number();
            }
            progress.signalAll();
        } finally {
            lock.unlock();
        }
    }

    private void awaitCompletion(long batch) {
        while (brokenBy == null && lastCompleted < batch) {
            progress.awaitUninterruptibly();
        }
        if (brokenBy != null && lastCompleted < batch) {
            throw brokenBy;
        }
        throwPendingFailure();
    }

    /** A failed batch is reported once, to the next caller; later batches go on. */
    private void throwPendingFailure() {
        if (brokenBy != null) {
            throw brokenBy;
        }
        if (lastFailure != null) {
            EngineException failure = lastFailure;
            lastFailure = null;
            throw failure;
        }
    }

    private void issue() {
        List<MessageRecord> batch = takeBatch();
        long number = lastIssued;
        submit(number, batch, System.nanoTime() + blockMillis * 1_000_000);
    }

    /** Sends a batch (again, if the destination was full) from a caller thread. */
    private void submit(long number, List<MessageRecord> batch, long blockDeadline) {
        long roomSeen = roomSignals.get();
        engine.calls().submit(key, new EnqueueBatch(producerId, number, batch, origin, holder),
                (reply, error) -> completed(number, batch, reply, error, roomSeen, blockDeadline));
    }

    /** Runs the gathered batch on the calling thread, which holds the lock; releases it meanwhile. */
    private void issueHere() {
        List<MessageRecord> batch = takeBatch();
        long number = lastIssued;
        long roomSeen = roomSignals.get();
        SendReply reply = null;
        Throwable error = null;
        lock.unlock();
        try {
            reply = engine.calls().call(key, new EnqueueBatch(producerId, number, batch, origin, holder));
        } catch (RuntimeException e) {
            error = e;
        } finally {
            lock.lock();
        }
        completed(number, batch, reply, error, roomSeen, System.nanoTime() + blockMillis * 1_000_000);
    }

    /**
     * A full destination refused the batch and keeps this sender as a waiter: the batch goes again
     * when word comes that room was made, or at the next re-check, until its deadline. No thread
     * waits meanwhile. Returns false when its time is up.
     */
    private boolean waitForRoom(long number, List<MessageRecord> batch, long roomSeen, long deadline) {
        long left = deadline - System.nanoTime();
        lock.lock();
        try {
            if (brokenBy != null) {
                return false;
            }
            if (roomSignals.get() == roomSeen) {
                if (left <= 0) {
                    return false;
                }
                long delay = Math.min(TimeUnit.NANOSECONDS.toMillis(left) + 1, ROOM_RECHECK_MILLIS);
                ScheduledFuture<?> timer = engine.timer().schedule(
                        () -> engine.callers().execute(this::recheckRoom), delay, TimeUnit.MILLISECONDS);
                blocked = new Blocked(number, batch, deadline, timer);
                return true;
            }
        } finally {
            lock.unlock();
        }
        // Room was made while the refusal was on its way.
        submit(number, batch, deadline);
        return true;
    }

    private List<MessageRecord> takeBatch() {
        List<MessageRecord> batch = gathering;
        ++lastIssued;
        gathering = new ArrayList<>();
        inFlightBytes = gatheringBytes;
        gatheringBytes = 0;
        inFlight = true;
        return batch;
    }

    private void completed(long number, List<MessageRecord> batch, SendReply reply, Throwable error, long roomSeen,
                           long blockDeadline) {
        int count = batch.size();
        if (reply != null && reply.refusal() != null) {
            if (reply.waitsForRoom() && waitForRoom(number, batch, roomSeen, blockDeadline)) {
                return;
            }
            error = new ResourceLimitException(reply.refusal() + (reply.waitsForRoom()
                    ? "; no room was made within blockMillis=" + blockMillis : "") + "; the message(s) were not sent");
        }
        if (reply != null && reply.journalTicket() != 0 && reply.writeBeforeMore()) {
            // The bodies of messages that went to disk only are held in memory until written: the
            // next batch of this producer leaves once they are, so that a producer outrunning the
            // disk is slowed down instead of filling the heap. (Messages kept in memory cost the
            // journal's queue nothing more: it holds the same objects.)
            try {
                engine.durability().awaitWritten(reply.journalMember(), reply.journalTicket());
            } catch (RuntimeException e) {
                // Their bodies are on disk only: a journal that failed to write them lost them.
                LOG.warn("Producer {}: the journal did not write batch {} on {}: {}", producerId, number, key,
                        e.toString());
                error = e;
            }
        }
        lock.lock();
        try {
            inFlight = false;
            inFlightBytes = 0;
            lastCompleted = number;
            journaled.note(0, reply);
            if (error != null) {
                lastFailure = HzErrors.translate(error, "store a batch of " + count + " message(s) on " + key
                        + " (batch " + number + " of producer " + producerId + ")");
            }
            if (reply != null && reply.refusal() != null) {
                reply = null;
            }
            if (!gathering.isEmpty() && brokenBy == null) {
                issue();
            }
            progress.signalAll();
        } finally {
            lock.unlock();
        }
        if (reply != null) {
            engine.wakeups().handOff(key, reply.handedOff());
            engine.wakeups().wake(key, reply);
        }
    }
}
