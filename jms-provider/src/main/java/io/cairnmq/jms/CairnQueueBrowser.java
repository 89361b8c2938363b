package io.cairnmq.jms;

import io.cairnmq.engine.api.Delivery;
import io.cairnmq.engine.api.EngineBrowser;
import io.cairnmq.engine.api.EngineException;
import io.cairnmq.jms.destination.CairnDestination;
import io.cairnmq.jms.message.MessageRecords;
import jakarta.jms.IllegalStateException;
import jakarta.jms.JMSException;
import jakarta.jms.Message;
import jakarta.jms.Queue;
import jakarta.jms.QueueBrowser;

import java.util.Enumeration;
import java.util.NoSuchElementException;

/**
 * Looks at a queue without consuming (section 4.6 / 8.4 "QueueBrowser"). Each call of
 * {@link #getEnumeration()} starts a new walk from the head of the queue; the walk reads the
 * queue a page at a time, so it shows messages as they are when it reaches them.
 */
final class CairnQueueBrowser implements QueueBrowser {

    private final CairnSession session;
    private final CairnDestination queue;
    private final String selector;
    private volatile boolean closed;

    CairnQueueBrowser(CairnSession session, CairnDestination queue, String selector) {
        this.session = session;
        this.queue = queue;
        this.selector = selector == null || selector.isBlank() ? null : selector;
    }

    /** Starts a walk, so that a bad selector fails when the browser is created. */
    EngineBrowser open() throws JMSException {
        try {
            return session.connection().engine().browse(queue.engineName(), selector);
        } catch (EngineException e) {
            throw JmsErrors.toJms(e);
        }
    }

    @Override
    public Queue getQueue() throws JMSException {
        ensureOpen();
        return (Queue) queue;
    }

    @Override
    public String getMessageSelector() throws JMSException {
        ensureOpen();
        return selector;
    }

    @Override
    public Enumeration<Message> getEnumeration() throws JMSException {
        ensureOpen();
        EngineBrowser walk = open();
        return new Enumeration<>() {
            private Delivery next;

            @Override
            public boolean hasMoreElements() {
                if (next == null && !closed) {
                    try {
                        next = walk.next();
                    } catch (EngineException e) {
                        throw JmsRuntime.toRuntime(JmsErrors.toJms(e));
                    }
                }
                return next != null;
            }

            @Override
            public Message nextElement() {
                if (!hasMoreElements()) {
                    throw new NoSuchElementException("The browser has no more messages");
                }
                Delivery d = next;
                next = null;
                try {
                    return MessageRecords.fromDelivery(d, queue, session.connection().trustedPackages());
                } catch (JMSException e) {
                    throw JmsRuntime.toRuntime(e);
                }
            }
        };
    }

    @Override
    public void close() {
        closed = true;
    }

    private void ensureOpen() throws IllegalStateException {
        if (closed) {
            throw new IllegalStateException("The queue browser is closed");
        }
        session.ensureOpen();
    }
}
