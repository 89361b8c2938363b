package io.cairnmq.jms.remote;

import io.cairnmq.engine.api.DestinationName;
import io.cairnmq.engine.api.EngineClosedException;
import io.cairnmq.engine.api.EngineException;
import io.cairnmq.engine.api.EngineProducer;
import io.cairnmq.engine.api.EngineUnavailableException;
import io.cairnmq.engine.api.MessageRecord;
import io.cairnmq.protocol.FrameInput;
import io.cairnmq.protocol.Op;
import io.cairnmq.protocol.WireErrors;

import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * A producer on a node. A persistent send waits for the node's answer, which comes once the
 * message is stored as the write policy promises. Non-persistent sends are pipelined one-way
 * frames: up to the send window are on their way at once, the node counts those it handled in a
 * {@code SENT} frame every quarter window and before it answers a flush, and a failure among
 * them (reported at once) is thrown by the next send, {@link #flush()} or {@link #close()}.
 */
final class RemoteProducer implements EngineProducer {

    private final NodeLink link;
    private final long id;
    private final int window;
    private final long callTimeoutMillis;
    private final Runnable forget;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition settled = lock.newCondition();
    /** One-way sends written, and the count of them the node said it handled. */
    private long sentOneWay;
    private long handledOneWay;
    private EngineException failure;
    /** Why the connection is gone: one-way sends on their way will never be counted. */
    private EngineException lost;
    private boolean closed;

    /** @param forget run once when it is closed, so that its connection stops routing to it */
    RemoteProducer(NodeLink link, long id, int window, long callTimeoutMillis, Runnable forget) {
        this.link = link;
        this.forget = forget;
        this.id = id;
        this.window = window;
        this.callTimeoutMillis = callTimeoutMillis;
    }

    long id() {
        return id;
    }

    @Override
    public void send(DestinationName destination, MessageRecord message) {
        throwFailure();
        if (message.persistent()) {
            link.callQuietly(Op.SEND, out -> out.writeLong(id).writeLong(0).writeDestination(destination)
                    .writeMessage(message));
            return;
        }
        awaitRoom(window - 1, true);
        try {
            link.send(Op.SEND_ONE_WAY, out -> out.writeLong(id).writeDestination(destination).writeMessage(message));
        } catch (RuntimeException e) {
            // Refused before it was written (too large for the node): it takes no place in the window.
            lock.lock();
            try {
                sentOneWay--;
            } finally {
                lock.unlock();
            }
            throw e;
        }
    }

    /** The node's count of one-way sends it handled, with the failure of one of them, on the network thread. */
    void handled(FrameInput frame) {
        long count = frame.readLong();
        EngineException failed = frame.readBoolean() ? WireErrors.read(frame) : null;
        frame.end();
        lock.lock();
        try {
            handledOneWay = Math.max(handledOneWay, count);
            if (failed != null && failure == null) {
                failure = failed;
            }
            settled.signalAll();
        } finally {
            lock.unlock();
        }
    }

    /** The connection is gone: a sender waiting for room learns it. */
    void failed(EngineException cause) {
        lock.lock();
        try {
            lost = cause;
            settled.signalAll();
        } finally {
            lock.unlock();
        }
    }

    @Override
    public void sendNumbered(DestinationName destination, MessageRecord message, long number) {
        if (number <= 0) {
            throw new IllegalArgumentException("Send numbers start at 1, not " + number);
        }
        throwFailure();
        link.callQuietly(Op.SEND, out -> out.writeLong(id).writeLong(number).writeDestination(destination)
                .writeMessage(message));
    }

    @Override
    public void sendAll(DestinationName destination, List<MessageRecord> messages) {
        throwFailure();
        link.callQuietly(Op.SEND_ALL, out -> {
            out.writeLong(id).writeDestination(destination).writeInt(messages.size());
            messages.forEach(out::writeMessage);
        });
    }

    @Override
    public void flush() {
        // The node tells its count of one-way sends before it answers: by the answer, every
        // one of them is counted, and a failure among them is known.
        link.callQuietly(Op.FLUSH, out -> out.writeLong(id));
        awaitRoom(0, false);
        throwFailure();
    }

    @Override
    public void close() {
        lock.lock();
        try {
            if (closed) {
                return;
            }
            closed = true;
        } finally {
            lock.unlock();
        }
        try {
            flush();
        } finally {
            try {
                if (link.isOpen()) {
                    link.callQuietly(Op.CLOSE_PRODUCER, out -> out.writeLong(id));
                }
            } finally {
                forget.run();
            }
        }
    }

    /**
     * Waits until at most {@code allowed} sends are on their way (bounded by the call time-out),
     * and takes a place for one more if {@code reserve}.
     */
    private void awaitRoom(int allowed, boolean reserve) {
        lock.lock();
        try {
            long left = TimeUnit.MILLISECONDS.toNanos(callTimeoutMillis);
            while (sentOneWay - handledOneWay > allowed) {
                if (lost != null) {
                    throw new EngineClosedException("The connection to the node was lost with "
                            + (sentOneWay - handledOneWay) + " non-persistent sends on their way: " + lost.getMessage(), lost);
                }
                if (left <= 0) {
                    throw new EngineUnavailableException("The node did not confirm " + (sentOneWay - handledOneWay)
                            + " non-persistent sends within " + callTimeoutMillis + " ms", null);
                }
                left = settled.awaitNanos(left);
            }
            if (reserve) {
                sentOneWay++;
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new EngineClosedException("Interrupted while waiting for room in the send window", e);
        } finally {
            lock.unlock();
        }
    }

    private void throwFailure() {
        lock.lock();
        try {
            EngineException failed = failure;
            if (failed != null) {
                failure = null;
                throw failed;
            }
            if (lost != null) {
                throw new EngineClosedException("The connection to the node was lost: " + lost.getMessage(), lost);
            }
        } finally {
            lock.unlock();
        }
    }
}
