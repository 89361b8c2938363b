package io.cairnmq.jms;

import io.cairnmq.protocol.SerialExecutor;
import java.util.concurrent.locks.ReentrantLock;

/**
 * A session's message listeners: they run one at a time on the session's own serial
 * dispatcher, and close and {@code Connection.stop()} wait for the one running. Once the
 * session's close begins, no new listener round starts.
 */
final class ListenerDispatch {

    private final SerialExecutor dispatcher = new SerialExecutor(CairnConnection.DISPATCH_POOL);
    /** Held while a listener runs, so that close and stop can wait for it. */
    private final ReentrantLock listenerRunning = new ReentrantLock();
    /** Set when close begins: no new listener round starts, the running one keeps the session. */
    private volatile boolean closing;

    /** Queues a listener delivery round for a consumer on this session's dispatcher. */
    void dispatch(Runnable deliveryRound) {
        dispatcher.execute(() -> {
            listenerRunning.lock();
            try {
                deliveryRound.run();
            } finally {
                listenerRunning.unlock();
            }
        });
    }

    boolean isDispatchThread() {
        return dispatcher.isCurrentThread();
    }

    /** False once close has begun: listener rounds that have not started yet do not start. */
    boolean delivers() {
        return !closing;
    }

    /** The first step of a close: no listener round starts any more; the running one goes on. */
    void stopDispatching() {
        closing = true;
    }

    /** Returns once no listener of this session is running (at once on the dispatch thread). */
    void awaitListenerIdle() {
        if (isDispatchThread()) {
            return;
        }
        listenerRunning.lock();
        listenerRunning.unlock();
    }
}
