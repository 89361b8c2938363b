package io.cairnmq.jms.remote;

import io.cairnmq.engine.api.Acknowledgements;
import io.cairnmq.engine.api.ConsumerSpec;
import io.cairnmq.engine.api.Delivery;
import io.cairnmq.engine.api.EngineConsumer;
import io.cairnmq.engine.api.EngineException;
import io.cairnmq.engine.api.Redelivery;
import io.cairnmq.protocol.FrameInput;
import io.cairnmq.protocol.Op;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * A consumer on a node. The node pushes deliveries while this consumer has credit (room in its
 * buffer); taking one from the buffer earns the credit back, returned in batches. What the
 * application was handed and has not settled is known here, and named to the node wherever it
 * matters (a commit, recover, pause, close), because the node counts everything it pushed as
 * handed out.
 *
 * <p>A reset of the buffer (recover, a counted hand-back, pause) starts a new epoch: the node
 * numbers its pushes with the epoch, and pushes of an older one are dropped. Resets are
 * serialized by their own lock, never by the buffer's, which the network thread needs to put
 * deliveries in.
 */
final class RemoteConsumer implements EngineConsumer {

    /**
     * How long the lazy acknowledgements (and earned credit) of a consumer that has taken all it
     * was pushed wait for more to join them in one frame. A consumer taking messages one at a
     * time so costs the node a frame and a shard operation per few messages instead of one per
     * message; a crash of the client within this time brings those messages back (redelivered).
     */
    static final long IDLE_FLUSH_DELAY_MICROS = 1_000;

    /** The buffer takes, and acknowledgements gathered, that are sent at once. */
    private final int creditBatch;
    private final int ackBatch;
    /** Whether a delayed send of idle acknowledgements and credit is scheduled. */
    private boolean idleFlushScheduled;

    private final NodeLink link;
    private final long id;
    private final int prefetch;
    private final Acknowledgements acknowledgements;
    private final Executor callbacks;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition changed = lock.newCondition();
    private final ReentrantLock resets = new ReentrantLock();
    private final ArrayDeque<Delivery> buffer = new ArrayDeque<>();
    private final Map<Key, Delivery> handedOut = new LinkedHashMap<>();
    private final List<Delivery> pendingAcks = new ArrayList<>();
    private int earned;
    private int epoch;
    private boolean held;
    private boolean closed;
    private boolean paused;
    private EngineException failure;
    private Runnable available;
    private final Runnable forget;

    private record Key(int shard, long sequence) {
        static Key of(Delivery d) {
            return new Key(d.shard(), d.sequence());
        }
    }

    /** @param forget run once when it is closed, so that its connection stops routing to it */
    RemoteConsumer(NodeLink link, long id, ConsumerSpec spec, Executor callbacks, Runnable forget) {
        this.link = link;
        this.forget = forget;
        this.id = id;
        this.prefetch = spec.prefetch();
        this.acknowledgements = spec.acknowledgements();
        this.callbacks = callbacks;
        this.creditBatch = Math.max(1, prefetch / 4);
        this.ackBatch = Math.max(1, Math.min(64, prefetch / 2));
    }

    long id() {
        return id;
    }

    /** A push from the node, on the network thread. */
    void delivered(FrameInput frame) {
        int pushEpoch = frame.readInt();
        Delivery delivery = frame.readDelivery();
        frame.end();
        Runnable notify = null;
        lock.lock();
        try {
            if (pushEpoch != epoch || closed || paused) {
                return;
            }
            boolean wasEmpty = buffer.isEmpty();
            buffer.add(delivery);
            changed.signalAll();
            if (wasEmpty && !held) {
                notify = available;
            }
        } finally {
            lock.unlock();
        }
        if (notify != null) {
            notify.run();
        }
    }

    /** The connection to the node is gone: receivers learn it, nothing more is sent. */
    void failed(EngineException cause) {
        lock.lock();
        try {
            if (failure == null) {
                failure = cause;
            }
            changed.signalAll();
        } finally {
            lock.unlock();
        }
    }

    @Override
    public Delivery receive(long timeoutMillis, boolean acknowledge) {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(Math.max(0, timeoutMillis));
        int credit = 0;
        List<Delivery> acks = null;
        Delivery delivery = null;
        lock.lock();
        try {
            while (true) {
                if (!held && !buffer.isEmpty()) {
                    delivery = buffer.poll();
                    earned++;
                    if (acknowledge) {
                        pendingAcks.add(delivery);
                    } else {
                        handedOut.put(Key.of(delivery), delivery);
                    }
                    boolean idle = buffer.isEmpty();
                    if (earned >= creditBatch) {
                        credit = earned;
                        earned = 0;
                    }
                    acks = dueAcksLocked(idle);
                    break;
                }
                if (failure != null) {
                    throw failure;
                }
                if (closed || paused || timeoutMillis == 0) {
                    return null;
                }
                if (timeoutMillis < 0) {
                    changed.await();
                } else {
                    long left = deadline - System.nanoTime();
                    if (left <= 0) {
                        return null;
                    }
                    changed.awaitNanos(left);
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        } finally {
            lock.unlock();
        }
        sendAcksAndCredit(acks, credit);
        return delivery;
    }

    @Override
    public void hold(boolean hold) {
        Runnable notify = null;
        lock.lock();
        try {
            held = hold;
            if (!hold) {
                changed.signalAll();
                notify = buffer.isEmpty() ? null : available;
            }
        } finally {
            lock.unlock();
        }
        if (notify != null) {
            callbacks.execute(notify);
        }
    }

    @Override
    public void handBack(Delivery delivery, Redelivery redelivery) {
        if (redelivery == Redelivery.NOT_COUNTED) {
            lock.lock();
            try {
                if (handedOut.remove(Key.of(delivery)) != null) {
                    buffer.addFirst(delivery);
                    earned = Math.max(0, earned - 1);
                    changed.signalAll();
                }
            } finally {
                lock.unlock();
            }
            return;
        }
        // Counted: the node must count it, and it must come before what is buffered behind it.
        resets.lock();
        try {
            List<Delivery> stillHandedOut;
            lock.lock();
            try {
                if (handedOut.remove(Key.of(delivery)) == null) {
                    return;
                }
                stillHandedOut = resetLocked();
            } finally {
                lock.unlock();
            }
            link.call(Op.HAND_BACK_COUNTED, out -> out.writeLong(id).writeDeliveryKeys(List.of(delivery))
                    .writeDeliveryKeys(stillHandedOut)).release();
        } finally {
            resets.unlock();
        }
    }

    @Override
    public void onAvailable(Runnable callback) {
        boolean ready;
        lock.lock();
        try {
            available = callback;
            ready = callback != null && !held && !buffer.isEmpty();
        } finally {
            lock.unlock();
        }
        if (ready) {
            callbacks.execute(callback);
        }
    }

    @Override
    public void acknowledge(Delivery delivery) {
        List<Delivery> acks;
        lock.lock();
        try {
            if (handedOut.remove(Key.of(delivery)) == null) {
                return;
            }
            pendingAcks.add(delivery);
            acks = dueAcksLocked(buffer.isEmpty());
        } finally {
            lock.unlock();
        }
        sendAcks(acks);
    }

    @Override
    public void flushAcknowledgements() {
        List<Delivery> acks = takeAcks(false);
        link.callQuietly(Op.FLUSH_ACKS, out -> out.writeLong(id).writeDeliveryKeys(acks));
    }

    @Override
    public void acknowledgeAll() {
        List<Delivery> acks = takeAcks(true);
        link.callQuietly(Op.ACK_ALL, out -> out.writeLong(id).writeDeliveryKeys(acks));
    }

    @Override
    public void recover() {
        resets.lock();
        try {
            List<Delivery> stillHandedOut;
            List<Delivery> acks;
            lock.lock();
            try {
                if (closed) {
                    return;
                }
                acks = new ArrayList<>(pendingAcks);
                pendingAcks.clear();
                stillHandedOut = resetLocked();
                handedOut.clear();
            } finally {
                lock.unlock();
            }
            sendAcks(acks);
            link.call(Op.RECOVER, out -> out.writeLong(id).writeDeliveryKeys(stillHandedOut)).release();
        } finally {
            resets.unlock();
        }
    }

    @Override
    public void release(Delivery delivery) {
        lock.lock();
        try {
            if (handedOut.remove(Key.of(delivery)) == null) {
                return;
            }
        } finally {
            lock.unlock();
        }
        link.callQuietly(Op.RELEASE, out -> out.writeLong(id).writeDeliveryKeys(List.of(delivery)));
    }

    @Override
    public void pause() {
        resets.lock();
        try {
            List<Delivery> stillHandedOut;
            lock.lock();
            try {
                if (closed || paused) {
                    return;
                }
                paused = true;
                stillHandedOut = resetLocked();
            } finally {
                lock.unlock();
            }
            link.call(Op.PAUSE, out -> out.writeLong(id).writeDeliveryKeys(stillHandedOut)).release();
        } finally {
            resets.unlock();
        }
    }

    @Override
    public void close() {
        List<Delivery> stillHandedOut;
        List<Delivery> acks;
        lock.lock();
        try {
            if (closed) {
                return;
            }
            closed = true;
            available = null;
            acks = new ArrayList<>(pendingAcks);
            pendingAcks.clear();
            stillHandedOut = new ArrayList<>(handedOut.values());
            buffer.clear();
            changed.signalAll();
        } finally {
            lock.unlock();
        }
        try {
            if (link.isOpen()) {
                sendAcks(acks);
                link.callQuietly(Op.CLOSE_CONSUMER, out -> out.writeLong(id).writeDeliveryKeys(stillHandedOut));
            }
        } finally {
            forget.run();
        }
    }

    /** Whether the application holds deliveries of this consumer that it has not settled. */
    boolean hasHandedOut() {
        lock.lock();
        try {
            return !handedOut.isEmpty();
        } finally {
            lock.unlock();
        }
    }

    /**
     * For a commit: the deliveries the application was handed and has not settled, taken out;
     * the transaction acknowledges them or the node gives them back.
     */
    List<Delivery> takeHandedOut() {
        lock.lock();
        try {
            List<Delivery> taken = new ArrayList<>(handedOut.values());
            handedOut.clear();
            return taken;
        } finally {
            lock.unlock();
        }
    }

    /** As {@link #takeHandedOut()}, for only these deliveries (those still handed out): an XA branch's. */
    List<Delivery> takeHandedOut(List<Delivery> only) {
        lock.lock();
        try {
            List<Delivery> taken = new ArrayList<>();
            for (Delivery delivery : only) {
                Delivery held = handedOut.remove(Key.of(delivery));
                if (held != null) {
                    taken.add(held);
                }
            }
            return taken;
        } finally {
            lock.unlock();
        }
    }

    /** Empties the buffer and moves to the next epoch. @return what the application still holds */
    private List<Delivery> resetLocked() {
        changed.signalAll();
        buffer.clear();
        earned = 0;
        epoch++;
        return new ArrayList<>(handedOut.values());
    }

    /**
     * Acknowledgements due now: eager ones at once, lazy ones in batches. A consumer gone idle
     * sends what it gathered, and the credit it earned, a moment later: see {@link #IDLE_FLUSH_DELAY_MICROS}.
     */
    private List<Delivery> dueAcksLocked(boolean idle) {
        if (pendingAcks.isEmpty()) {
            return null;
        }
        if (acknowledgements == Acknowledgements.LAZY && pendingAcks.size() < ackBatch) {
            if (idle && !idleFlushScheduled) {
                idleFlushScheduled = true;
                link.later(this::idleFlush, IDLE_FLUSH_DELAY_MICROS);
            }
            return null;
        }
        List<Delivery> due = new ArrayList<>(pendingAcks);
        pendingAcks.clear();
        return due;
    }

    /**
     * The delayed send of an idle consumer's acknowledgements and credit, on the network thread.
     * It writes under the lock, so that a close (which marks itself under the lock first) always
     * sends its frame after this one, never before: the node knows no consumer after its close.
     */
    private void idleFlush() {
        lock.lock();
        try {
            idleFlushScheduled = false;
            if (closed || failure != null) {
                return;
            }
            List<Delivery> acks = new ArrayList<>(pendingAcks);
            pendingAcks.clear();
            int credit = earned;
            earned = 0;
            sendAcksAndCredit(acks, credit);
        } finally {
            lock.unlock();
        }
    }

    private List<Delivery> takeAcks(boolean andHandedOut) {
        lock.lock();
        try {
            List<Delivery> acks = new ArrayList<>(pendingAcks);
            pendingAcks.clear();
            if (andHandedOut) {
                acks.addAll(handedOut.values());
                handedOut.clear();
            }
            return acks;
        } finally {
            lock.unlock();
        }
    }

    private void sendAcks(List<Delivery> acks) {
        sendAcksAndCredit(acks, 0);
    }

    /** One frame for both, which a consumer taking one message at a time needs together. */
    private void sendAcksAndCredit(List<Delivery> acks, int credit) {
        if (acks != null && !acks.isEmpty()) {
            link.send(Op.ACK, out -> out.writeLong(id).writeInt(credit).writeDeliveryKeys(acks));
        } else if (credit > 0) {
            link.send(Op.CREDIT, out -> out.writeLong(id).writeInt(credit));
        }
    }
}
