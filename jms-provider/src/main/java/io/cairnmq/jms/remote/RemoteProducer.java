package io.cairnmq.jms.remote;

import io.cairnmq.engine.api.DestinationName;
import io.cairnmq.engine.api.EngineClosedException;
import io.cairnmq.engine.api.EngineException;
import io.cairnmq.engine.api.EngineProducer;
import io.cairnmq.engine.api.EngineUnavailableException;
import io.cairnmq.engine.api.MessageRecord;
import io.cairnmq.protocol.Frame;
import io.cairnmq.protocol.Op;

import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * A producer on a node. A persistent send waits for the node's answer, which comes once the
 * message is stored as the write policy promises. Non-persistent sends are pipelined: up to the
 * send window are on their way at once, and a failure among them is thrown by the next send,
 * {@link #flush()} or {@link #close()}.
 */
final class RemoteProducer implements EngineProducer {

    private final NodeLink link;
    private final long id;
    private final int window;
    private final long callTimeoutMillis;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition settled = lock.newCondition();
    private int inFlight;
    private EngineException failure;
    private boolean closed;

    RemoteProducer(NodeLink link, long id, int window, long callTimeoutMillis) {
        this.link = link;
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
        link.callAsync(Op.SEND, out -> out.writeLong(id).writeLong(0).writeDestination(destination).writeMessage(message))
                .whenComplete(this::settled);
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
        awaitRoom(0, false);
        throwFailure();
        link.callQuietly(Op.FLUSH, out -> out.writeLong(id));
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
            if (link.isOpen()) {
                link.callQuietly(Op.CLOSE_PRODUCER, out -> out.writeLong(id));
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
            while (inFlight > allowed) {
                if (left <= 0) {
                    throw new EngineUnavailableException("The node did not confirm " + inFlight
                            + " non-persistent sends within " + callTimeoutMillis + " ms", null);
                }
                left = settled.awaitNanos(left);
            }
            if (reserve) {
                inFlight++;
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new EngineClosedException("Interrupted while waiting for room in the send window", e);
        } finally {
            lock.unlock();
        }
    }

    private void settled(Frame answer, Throwable failed) {
        if (answer != null) {
            answer.release();
        }
        lock.lock();
        try {
            inFlight--;
            if (failed != null && failure == null) {
                failure = failed instanceof EngineException e ? e
                        : new EngineUnavailableException("A send failed: " + failed, failed);
            }
            settled.signalAll();
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
        } finally {
            lock.unlock();
        }
    }
}
