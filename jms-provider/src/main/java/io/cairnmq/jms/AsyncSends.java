package io.cairnmq.jms;

import io.cairnmq.protocol.SerialExecutor;
import jakarta.jms.CompletionListener;
import jakarta.jms.IllegalStateException;
import jakarta.jms.JMSException;
import jakarta.jms.Message;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.HashMap;
import java.util.Map;

/**
 * A session's asynchronous sends (section 7.3): each runs, in send order, on the session's
 * completion thread, which then calls its listener, one listener at a time. Knows what is in
 * flight, per producer too, so that close, commit and rollback can wait for it, and who is
 * completing, so that a listener cannot wait for itself.
 */
final class AsyncSends {

    private static final Logger LOG = LoggerFactory.getLogger(AsyncSends.class);

    private final SerialExecutor completions = new SerialExecutor(CairnConnection.DISPATCH_POOL);
    private final Map<CairnMessageProducer, Integer> inFlightByProducer = new HashMap<>();
    private int inFlight;
    /** The producer whose completion listener runs now, on the completion thread. */
    private volatile CairnMessageProducer completing;

    /** Runs the send on the completion thread, then tells the listener how it went. */
    void submit(CairnMessageProducer producer, Runnable send, Message message, CompletionListener listener) {
        synchronized (this) {
            inFlight++;
            inFlightByProducer.merge(producer, 1, Integer::sum);
        }
        completions.execute(() -> {
            try {
                JMSException failure = null;
                try {
                    send.run();
                } catch (RuntimeException e) {
                    failure = JmsErrors.toJms(e);
                }
                complete(producer, message, listener, failure);
            } finally {
                synchronized (this) {
                    inFlight--;
                    inFlightByProducer.computeIfPresent(producer, (p, n) -> n == 1 ? null : n - 1);
                    notifyAll();
                }
            }
        });
    }

    /** Calls the listener; what it throws is its own failure, logged, not the send's. */
    private void complete(CairnMessageProducer producer, Message message, CompletionListener listener,
                          JMSException failure) {
        completing = producer;
        try {
            if (failure == null) {
                listener.onCompletion(message);
            } else {
                listener.onException(message, failure);
            }
        } catch (RuntimeException e) {
            LOG.warn("A CompletionListener threw {}; the send's outcome was already given to it", e.toString());
        } finally {
            completing = null;
        }
    }

    boolean isCompletionThread() {
        return completions.isCurrentThread();
    }

    /** Whether the calling thread runs the completion listener of a send of this producer. */
    boolean isCompleting(CairnMessageProducer producer) {
        return isCompletionThread() && completing == producer;
    }

    synchronized boolean hasInFlight(CairnMessageProducer producer) {
        return inFlightByProducer.containsKey(producer);
    }

    /**
     * Waits until every asynchronous send has called its listener. A completion listener must
     * not wait for itself: closing, committing or rolling back its own session, producer,
     * connection or context gets an IllegalStateException (section 7.3.4). The wait lasts as
     * long as the listeners do, which only an interrupt can cut short: the caller then does
     * nothing (a commit must not leave an asynchronous send behind) and says so.
     */
    synchronized void awaitAll() throws JMSException {
        if (isCompletionThread()) {
            throw new IllegalStateException("A CompletionListener must not close, commit or roll back its own"
                    + " session, producer, connection or context (section 7.3.4)");
        }
        while (inFlight > 0) {
            try {
                wait();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                JMSException interrupted = new JMSException("Interrupted while waiting for " + inFlight
                        + " asynchronous send(s) of this session to complete; nothing was done");
                interrupted.setLinkedException(e);
                throw interrupted;
            }
        }
    }
}
