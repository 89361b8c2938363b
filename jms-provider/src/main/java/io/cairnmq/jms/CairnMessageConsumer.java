package io.cairnmq.jms;

import io.cairnmq.engine.api.Delivery;
import io.cairnmq.engine.api.EngineConsumer;
import io.cairnmq.engine.api.EngineException;
import io.cairnmq.engine.api.Redelivery;
import io.cairnmq.jms.destination.CairnDestination;
import io.cairnmq.jms.message.CairnMessage;
import io.cairnmq.jms.message.MessageRecords;
import jakarta.jms.IllegalStateException;
import jakarta.jms.JMSException;
import jakarta.jms.Message;
import jakarta.jms.MessageFormatException;
import jakarta.jms.MessageListener;
import jakarta.jms.Queue;
import jakarta.jms.QueueReceiver;
import jakarta.jms.Topic;
import jakarta.jms.TopicSubscriber;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

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
    /** Set on the dispatcher while this consumer's listener runs. */
    private volatile boolean inListener;
    /** The listener closed this consumer: the dispatcher completes the close after it returns. */
    private volatile boolean closedByOwnListener;
    /** Receives in progress, which close waits for (they return null once it has begun). */
    private final CallsInProgress receives = new CallsInProgress();
    /** How often the listener has thrown on the message at hand (dispatcher only). */
    private final ListenerFailures failures = new ListenerFailures();

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
        engine.onAvailable(listener == null ? null : this::dispatchToListener);
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
     * The simplified API's receiveBody: the body of the next message as {@code type}. A message
     * whose body cannot be returned so (a StreamMessage, a message without a body, another type)
     * is a MessageFormatException; in AUTO and DUPS_OK it is then as if the call had not
     * happened (the message comes next, not counted as a delivery), in the other modes the
     * message counts as delivered (javadoc of {@code JMSConsumer.receiveBody}).
     *
     * @param timeoutMillis 0 for no wait, negative for no limit
     */
    <T> T receiveBody(Class<T> type, long timeoutMillis) throws JMSException {
        receives.begin();
        try {
            Delivery delivery = receiveDelivery(timeoutMillis, false);
            if (delivery == null) {
                return null;
            }
            boolean auto = session.mode().acknowledgesOnReceive();
            T body;
            try {
                body = bodyOf(received(delivery), type);
            } catch (JMSException | RuntimeException e) {
                if (auto) {
                    engine.handBack(delivery, Redelivery.NOT_COUNTED);
                }
                throw e;
            }
            if (auto) {
                engine.acknowledge(delivery);
            } else {
                session.settlement().delivered(engine, delivery);
            }
            return body;
        } finally {
            receives.end();
        }
    }

    private static <T> T bodyOf(CairnMessage message, Class<T> type) throws JMSException {
        T body = message.getBody(type);
        if (body == null) {
            throw new MessageFormatException("receiveBody needs a message with a body; this "
                    + message.getClass().getSimpleName() + " has none (use receive() for such messages)");
        }
        return body;
    }

    /** @param timeoutMillis 0 for no wait, negative for no limit */
    private Message receiveWithin(long timeoutMillis) throws JMSException {
        receives.begin();
        try {
            session.settlement().beforeWork();
            boolean acknowledge = session.mode().acknowledgesOnReceive();
            Delivery delivery = receiveDelivery(timeoutMillis, acknowledge);
            if (delivery == null) {
                return null;
            }
            if (!acknowledge) {
                session.settlement().delivered(engine, delivery);
            }
            return received(delivery);
        } finally {
            receives.end();
        }
    }

    /**
     * Waits in the engine, which holds hand-outs while the connection is stopped and returns
     * null once this consumer is closed or the thread interrupted.
     */
    private Delivery receiveDelivery(long timeoutMillis, boolean acknowledge) throws JMSException {
        ensureOpen();
        if (listener != null) {
            throw new IllegalStateException("This consumer has a message listener; it cannot also receive synchronously");
        }
        try {
            return engine.receive(timeoutMillis, acknowledge);
        } catch (EngineException e) {
            if (closed) {
                return null;
            }
            throw JmsErrors.toJms(e);
        }
    }

    /** Queues a listener delivery round for this consumer on the session's dispatcher. */
    private void dispatchToListener() {
        session.listeners().dispatch(this::deliverToListener);
    }

    /** Runs on the session's dispatcher: hands buffered messages to the listener, one at a time. */
    private void deliverToListener() {
        while (!closed && session.listeners().delivers() && session.connection().gate().isStarted()) {
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
            if (!deliverOne(current, delivery)) {
                // The listener threw: the session's other consumers have their turn before the
                // message comes again, so that one failing message cannot take the session.
                dispatchToListener();
                return;
            }
        }
    }

    /** Hands one delivery to the listener; false when the listener threw. */
    private boolean deliverOne(MessageListener current, Delivery delivery) {
        CairnMessage message;
        try {
            message = received(delivery);
        } catch (JMSException e) {
            LOG.error("Message {} on {} cannot be read and goes back to the queue", delivery.message().id(), destination, e);
            engine.release(delivery);
            return true;
        }
        if (!session.mode().acknowledgesOnReceive()) {
            session.settlement().delivered(engine, delivery);
        }
        boolean threw = false;
        inListener = true;
        try {
            current.onMessage(message);
        } catch (RuntimeException e) {
            LOG.warn("The message listener on {} threw {}", destination, e.toString());
            threw = true;
        } finally {
            inListener = false;
        }
        if (!threw) {
            failures.succeeded();
            session.mode().listenerReturned(engine, delivery);
        } else if (closedByOwnListener && session.mode().acknowledgesOnReceive()) {
            // It threw after closing its own consumer: the message goes back to the queue.
            engine.release(delivery);
        } else {
            session.mode().listenerThrew(engine, delivery, failures.again(delivery));
        }
        if (closedByOwnListener) {
            // The listener closed its own consumer: the message it was given is settled as
            // usual first (section 8.8), then the close completes.
            finishClose();
        }
        return !threw;
    }

    /**
     * The JMS message for a delivery. Its acknowledge() acknowledges the session in
     * CLIENT_ACKNOWLEDGE and is ignored in the other modes, once the session is closed it
     * throws IllegalStateException in all of them (javadoc of {@code Message.acknowledge}).
     */
    private CairnMessage received(Delivery delivery) throws JMSException {
        CairnMessage message = MessageRecords.fromDelivery(delivery, destination,
                session.connection().trustedPackages());
        message.setAcknowledger(session::acknowledgeConsumed);
        return message;
    }

    EngineConsumer engine() {
        return engine;
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
        if (!session.listeners().isDispatchThread()) {
            session.listeners().awaitListenerIdle();
        }
        session.connection().gate().unregister(engine);
        engine.onAvailable(null);
        if (inListener) {
            // Called by this consumer's own listener: the close completes once it returns.
            closedByOwnListener = true;
            return;
        }
        try {
            // Leasing stops and a receive in progress returns null; one that already holds its
            // message settles it (acknowledges it, or hands it back) before the close goes on.
            engine.pause();
            receives.awaitNone();
            finishClose();
        } catch (EngineException e) {
            throw JmsErrors.toJms(e);
        }
    }

    /**
     * In AUTO and DUPS_OK the consumer closes for good; otherwise it stops taking messages (the
     * engine's pause is idempotent) and waits in the session for the commit, rollback,
     * acknowledge or recover that settles what it delivered.
     */
    private void finishClose() {
        if (session.settlement().isXa()) {
            // An XA session settles through its branches: a consumer whose deliveries a branch
            // acknowledges stays (paused) until that branch ends; any other closes now.
            session.consumers().forget(this);
            if (session.settlement().keptForBranch(engine)) {
                engine.pause();
            } else {
                engine.close();
            }
        } else if (session.mode().acknowledgesOnReceive()) {
            session.consumers().forget(this);
            engine.close();
        } else {
            engine.pause();
            session.consumers().retire(this);
        }
    }


    private void ensureOpen() throws IllegalStateException {
        if (closed) {
            throw new IllegalStateException("The consumer is closed");
        }
        session.ensureOpen();
    }
}
