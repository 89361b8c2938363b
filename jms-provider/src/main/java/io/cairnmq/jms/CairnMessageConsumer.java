package io.cairnmq.jms;

import io.cairnmq.engine.api.Delivery;
import io.cairnmq.engine.api.EngineConsumer;
import io.cairnmq.engine.api.EngineException;
import io.cairnmq.jms.destination.CairnDestination;
import io.cairnmq.jms.message.CairnMessage;
import io.cairnmq.jms.message.MessageRecords;
import jakarta.jms.IllegalStateException;
import jakarta.jms.JMSException;
import jakarta.jms.Message;
import jakarta.jms.MessageListener;
import jakarta.jms.Queue;
import jakarta.jms.QueueReceiver;
import jakarta.jms.Topic;
import jakarta.jms.TopicSubscriber;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.concurrent.TimeUnit;

/**
 * Receives messages synchronously or hands them to a listener on the session's dispatcher; the
 * session's {@link AcknowledgeMode} says when a delivery is acknowledged.
 */
public class CairnMessageConsumer implements QueueReceiver, TopicSubscriber {

    private static final Logger LOG = LoggerFactory.getLogger(CairnMessageConsumer.class);

    private final CairnSession session;
    private final CairnDestination destination;
    private final String selector;
    private final boolean noLocal;
    private final EngineConsumer engine;
    private volatile MessageListener listener;
    private volatile boolean closed;

    CairnMessageConsumer(CairnSession session, CairnDestination destination, String selector, boolean noLocal,
                         EngineConsumer engine) {
        this.session = session;
        this.destination = destination;
        this.noLocal = noLocal;
        this.selector = selector == null || selector.isBlank() ? null : selector;
        this.engine = engine;
    }

    @Override
    public String getMessageSelector() throws JMSException {
        ensureOpen();
        return selector;
    }

    @Override
    public Queue getQueue() throws JMSException {
        ensureOpen();
        return destination instanceof Queue q ? q : null;
    }

    @Override
    public Topic getTopic() throws JMSException {
        ensureOpen();
        return destination instanceof Topic t ? t : null;
    }

    @Override
    public boolean getNoLocal() throws JMSException {
        ensureOpen();
        return noLocal;
    }

    @Override
    public MessageListener getMessageListener() throws JMSException {
        ensureOpen();
        return listener;
    }

    @Override
    public void setMessageListener(MessageListener listener) throws JMSException {
        ensureOpen();
        this.listener = listener;
        engine.onAvailable(listener == null ? null : () -> session.dispatch(this));
    }

    @Override
    public Message receive() throws JMSException {
        return receiveWithin(-1);
    }

    @Override
    public Message receive(long timeout) throws JMSException {
        return receiveWithin(timeout <= 0 ? -1 : timeout);
    }

    @Override
    public Message receiveNoWait() throws JMSException {
        return receiveWithin(0);
    }

    /**
     * The simplified API's receiveBody: the body of the next message as {@code type}. In AUTO
     * and DUPS_OK the message is acknowledged only once its body was returned; a body of the
     * wrong type puts it back for another delivery (section 8.2 of the simplified API).
     *
     * @param timeoutMillis 0 for no wait, negative for no limit
     */
    <T> T receiveBody(Class<T> type, long timeoutMillis) throws JMSException {
        Delivery delivery = receiveDelivery(timeoutMillis, false);
        if (delivery == null) {
            return null;
        }
        boolean auto = session.mode().acknowledgesOnReceive();
        try {
            T body = received(delivery).getBody(type);
            if (auto) {
                engine.acknowledge(delivery);
            }
            return body;
        } catch (JMSException | RuntimeException e) {
            if (auto) {
                engine.release(delivery);
            }
            throw e;
        }
    }

    /** @param timeoutMillis 0 for no wait, negative for no limit */
    private Message receiveWithin(long timeoutMillis) throws JMSException {
        Delivery delivery = receiveDelivery(timeoutMillis, session.mode().acknowledgesOnReceive());
        return delivery == null ? null : received(delivery);
    }

    private Delivery receiveDelivery(long timeoutMillis, boolean acknowledge) throws JMSException {
        ensureOpen();
        if (listener != null) {
            throw new IllegalStateException("This consumer has a message listener; it cannot also receive synchronously");
        }
        long deadline = timeoutMillis < 0 ? Long.MAX_VALUE
                : System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMillis);
        DeliveryGate gate = session.connection().gate();
        if (!gate.isStarted() && (timeoutMillis == 0 || !gate.awaitStarted(deadline))) {
            return null;
        }
        long left = timeoutMillis <= 0 ? timeoutMillis
                : Math.max(1, TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime()));
        try {
            return engine.receive(left, acknowledge);
        } catch (EngineException e) {
            if (closed) {
                return null;
            }
            throw JmsErrors.toJms(e);
        }
    }

    /** Runs on the session's dispatcher: hands buffered messages to the listener, one at a time. */
    void deliverToListener() {
        while (!closed && session.connection().gate().isStarted()) {
            MessageListener current = listener;
            if (current == null) {
                return;
            }
            Delivery delivery;
            try {
                delivery = engine.receive(0, false);
            } catch (EngineException e) {
                LOG.warn("Consumer on {} stopped delivering: {}", destination, e.getMessage());
                return;
            }
            if (delivery == null) {
                return;
            }
            deliverOne(current, delivery);
        }
    }

    private void deliverOne(MessageListener current, Delivery delivery) {
        CairnMessage message;
        try {
            message = received(delivery);
        } catch (JMSException e) {
            LOG.error("Message {} on {} cannot be read and goes back to the queue", delivery.message().id(), destination, e);
            engine.release(delivery);
            return;
        }
        try {
            current.onMessage(message);
        } catch (RuntimeException e) {
            LOG.warn("The message listener on {} threw {}", destination, e.toString());
            session.mode().listenerThrew(engine, delivery);
            return;
        }
        session.mode().listenerReturned(engine, delivery);
    }

    /** The JMS message for a delivery; in CLIENT_ACKNOWLEDGE its acknowledge() acknowledges the session. */
    private CairnMessage received(Delivery delivery) throws JMSException {
        CairnMessage message = MessageRecords.fromDelivery(delivery, destination,
                session.connection().trustedPackages());
        if (session.mode() == AcknowledgeMode.CLIENT) {
            message.setAcknowledger(session::acknowledgeConsumed);
        }
        return message;
    }

    EngineConsumer engine() {
        return engine;
    }

    void connectionStarted() {
        if (listener != null && !closed) {
            session.dispatch(this);
        }
    }

    /**
     * In a transacted or CLIENT_ACKNOWLEDGE session, what this consumer delivered stays part of
     * the session's next commit, rollback, acknowledge or recover (section 8.6); it leaves the
     * session then. Otherwise it closes at once.
     */
    @Override
    public void close() throws JMSException {
        if (closed) {
            return;
        }
        closed = true;
        if (!session.isDispatchThread()) {
            session.awaitListenerIdle();
        }
        try {
            engine.onAvailable(null);
            if (session.mode().acknowledgesOnReceive()) {
                session.forget(this);
                engine.close();
            } else {
                engine.pause();
                session.retire(this);
            }
        } catch (EngineException e) {
            throw JmsErrors.toJms(e);
        }
    }

    private void ensureOpen() throws IllegalStateException {
        if (closed) {
            throw new IllegalStateException("The consumer is closed");
        }
        session.ensureOpen();
    }
}
