package io.cairnmq.jms;

import io.cairnmq.engine.api.DestinationName;
import io.cairnmq.engine.api.EngineException;
import io.cairnmq.engine.api.EngineProducer;
import io.cairnmq.jms.destination.CairnDestination;
import io.cairnmq.jms.destination.Destinations;
import io.cairnmq.jms.message.CairnMessage;
import io.cairnmq.jms.message.ForeignMessages;
import io.cairnmq.jms.message.MessageRecords;
import jakarta.jms.CompletionListener;
import jakarta.jms.DeliveryMode;
import jakarta.jms.Destination;
import jakarta.jms.IllegalStateException;
import jakarta.jms.InvalidDestinationException;
import jakarta.jms.JMSException;
import jakarta.jms.Message;
import jakarta.jms.MessageFormatException;
import jakarta.jms.Queue;
import jakarta.jms.QueueSender;
import jakarta.jms.Topic;
import jakarta.jms.TopicPublisher;

import java.util.UUID;

/**
 * Sends messages, to its own destination or (when made without one) to the destination given
 * with each send. Sets the send headers on the message, as the specification requires.
 */
public class CairnMessageProducer implements QueueSender, TopicPublisher {

    private final CairnSession session;
    private final CairnDestination destination;
    private final EngineProducer engine;
    /** Message ids are this prefix and a counter: unique without coordination. */
    private final String idPrefix = UUID.randomUUID() + ":";
    private long sent;
    private int deliveryMode = DeliveryMode.PERSISTENT;
    private int priority = Message.DEFAULT_PRIORITY;
    private long timeToLive = Message.DEFAULT_TIME_TO_LIVE;
    private long deliveryDelay = Message.DEFAULT_DELIVERY_DELAY;
    private boolean disableMessageId;
    private boolean disableTimestamp;
    private volatile boolean closed;

    CairnMessageProducer(CairnSession session, CairnDestination destination, EngineProducer engine) {
        this.session = session;
        this.destination = destination;
        this.engine = engine;
    }

    // ------------------------------------------------------------------ settings

    @Override
    public void setDisableMessageID(boolean value) throws JMSException {
        ensureOpen();
        disableMessageId = value;
    }

    @Override
    public boolean getDisableMessageID() throws JMSException {
        ensureOpen();
        return disableMessageId;
    }

    @Override
    public void setDisableMessageTimestamp(boolean value) throws JMSException {
        ensureOpen();
        disableTimestamp = value;
    }

    @Override
    public boolean getDisableMessageTimestamp() throws JMSException {
        ensureOpen();
        return disableTimestamp;
    }

    @Override
    public void setDeliveryMode(int deliveryMode) throws JMSException {
        ensureOpen();
        checkDeliveryMode(deliveryMode);
        this.deliveryMode = deliveryMode;
    }

    @Override
    public int getDeliveryMode() throws JMSException {
        ensureOpen();
        return deliveryMode;
    }

    @Override
    public void setPriority(int defaultPriority) throws JMSException {
        ensureOpen();
        checkPriority(defaultPriority);
        this.priority = defaultPriority;
    }

    @Override
    public int getPriority() throws JMSException {
        ensureOpen();
        return priority;
    }

    @Override
    public void setTimeToLive(long timeToLive) throws JMSException {
        ensureOpen();
        this.timeToLive = timeToLive;
    }

    @Override
    public long getTimeToLive() throws JMSException {
        ensureOpen();
        return timeToLive;
    }

    /** Messages sent afterwards are delivered no sooner than this many milliseconds later (section 7.9). */
    @Override
    public void setDeliveryDelay(long deliveryDelay) throws JMSException {
        ensureOpen();
        if (deliveryDelay < 0) {
            throw new JMSException("The delivery delay must be 0 or more milliseconds, was " + deliveryDelay);
        }
        this.deliveryDelay = deliveryDelay;
    }

    @Override
    public long getDeliveryDelay() throws JMSException {
        ensureOpen();
        return deliveryDelay;
    }

    @Override
    public Destination getDestination() throws JMSException {
        ensureOpen();
        return destination;
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
    public void publish(Message message) throws JMSException {
        send(message);
    }

    @Override
    public void publish(Message message, int deliveryMode, int priority, long timeToLive) throws JMSException {
        send(message, deliveryMode, priority, timeToLive);
    }

    @Override
    public void publish(Topic topic, Message message) throws JMSException {
        send(topic, message);
    }

    @Override
    public void publish(Topic topic, Message message, int deliveryMode, int priority, long timeToLive)
            throws JMSException {
        send(topic, message, deliveryMode, priority, timeToLive);
    }

    // ------------------------------------------------------------------ send

    @Override
    public void send(Message message) throws JMSException {
        send(message, deliveryMode, priority, timeToLive);
    }

    @Override
    public void send(Message message, int deliveryMode, int priority, long timeToLive) throws JMSException {
        ensureOpen();
        if (destination == null) {
            throw new UnsupportedOperationException("This producer has no destination; use send(destination, message)");
        }
        doSend(destination, message, deliveryMode, priority, timeToLive);
    }

    @Override
    public void send(Destination destination, Message message) throws JMSException {
        send(destination, message, deliveryMode, priority, timeToLive);
    }

    @Override
    public void send(Destination destination, Message message, int deliveryMode, int priority, long timeToLive)
            throws JMSException {
        ensureOpen();
        if (this.destination != null) {
            throw new UnsupportedOperationException("This producer sends to " + this.destination
                    + "; use send(message) or a producer made without a destination");
        }
        if (destination == null) {
            throw new InvalidDestinationException("The destination is null; name a Queue or a Topic");
        }
        doSend(Destinations.toCairn(destination), message, deliveryMode, priority, timeToLive);
    }

    @Override
    public void send(Queue queue, Message message) throws JMSException {
        send((Destination) queue, message);
    }

    @Override
    public void send(Queue queue, Message message, int deliveryMode, int priority, long timeToLive)
            throws JMSException {
        send((Destination) queue, message, deliveryMode, priority, timeToLive);
    }

    @Override
    public void send(Message message, CompletionListener completionListener) throws JMSException {
        send(message, deliveryMode, priority, timeToLive, completionListener);
    }

    @Override
    public void send(Message message, int deliveryMode, int priority, long timeToLive,
                     CompletionListener completionListener) throws JMSException {
        ensureOpen();
        if (destination == null) {
            throw new UnsupportedOperationException("This producer has no destination; use send(destination, message, listener)");
        }
        doSend(destination, message, deliveryMode, priority, timeToLive, required(completionListener));
    }

    @Override
    public void send(Destination destination, Message message, CompletionListener completionListener)
            throws JMSException {
        send(destination, message, deliveryMode, priority, timeToLive, completionListener);
    }

    @Override
    public void send(Destination destination, Message message, int deliveryMode, int priority, long timeToLive,
                     CompletionListener completionListener) throws JMSException {
        ensureOpen();
        if (this.destination != null) {
            throw new UnsupportedOperationException("This producer sends to " + this.destination
                    + "; use send(message, listener) or a producer made without a destination");
        }
        if (destination == null) {
            throw new InvalidDestinationException("The destination is null; name a Queue or a Topic");
        }
        doSend(Destinations.toCairn(destination), message, deliveryMode, priority, timeToLive,
                required(completionListener));
    }

    private static CompletionListener required(CompletionListener listener) {
        if (listener == null) {
            throw new IllegalArgumentException("The CompletionListener of an asynchronous send must not be null");
        }
        return listener;
    }

    private void doSend(CairnDestination target, Message message, int mode, int prio, long ttl)
            throws JMSException {
        doSend(target, message, mode, prio, ttl, null);
    }

    /**
     * Sets the send headers and sends: at once, or (with a completion listener) on the
     * session's completion thread, which calls the listener once the message is stored.
     */
    private void doSend(CairnDestination target, Message message, int mode, int prio, long ttl,
                        CompletionListener completion) throws JMSException {
        if (message == null) {
            throw new MessageFormatException("The message to send is null");
        }
        session.settlement().beforeWork();
        CairnMessage m = ForeignMessages.toCairn(message);
        checkDeliveryMode(mode);
        checkPriority(prio);
        long now = System.currentTimeMillis();
        String engineId = (disableMessageId ? "" : "ID:") + idPrefix + (++sent);
        m.setJMSDestination(target);
        m.setJMSDeliveryMode(mode);
        m.setJMSPriority(prio);
        m.setJMSTimestamp(disableTimestamp ? 0 : now);
        m.setJMSExpiration(ttl > 0 ? now + ttl : 0);
        m.setJMSDeliveryTime(now + deliveryDelay);
        m.setJMSMessageID(disableMessageId ? null : engineId);
        ForeignMessages.copySendHeaders(m, message);
        io.cairnmq.engine.api.MessageRecord record = MessageRecords.toRecord(m, engineId);
        if (completion != null) {
            // Sends on the session's completion thread, then tells the listener (section 7.3).
            DestinationName name = target.engineName();
            session.asyncSends().submit(this, () -> session.settlement().sendConfirmed(engine, name, record),
                    message, completion);
            return;
        }
        // A send keeps its place after the asynchronous ones before it (section 7.3.3); a
        // completion listener's own send comes after the send it completes, which is stored.
        AsyncSends asyncSends = session.asyncSends();
        if (!asyncSends.isCompletionThread()) {
            asyncSends.awaitAll();
        }
        try {
            session.settlement().send(engine, target.engineName(), record);
        } catch (EngineException e) {
            throw JmsErrors.toJms(e);
        }
    }

    // ------------------------------------------------------------------ life cycle

    /**
     * Waits for this session's asynchronous sends and their listeners, then closes; in a
     * transacted session the sends made stay part of the transaction. A completion listener
     * may close another producer of its session whose sends are all complete, not its own
     * (section 7.3.4), nor one with sends still queued behind it, which it would wait for.
     */
    @Override
    public void close() throws JMSException {
        if (closed) {
            return;
        }
        AsyncSends asyncSends = session.asyncSends();
        if (!asyncSends.isCompletionThread()) {
            asyncSends.awaitAll();
        } else if (asyncSends.isCompleting(this) || asyncSends.hasInFlight(this)) {
            throw new IllegalStateException("A CompletionListener must not close its own producer, nor one whose"
                    + " asynchronous sends wait behind it (section 7.3.4)");
        }
        closed = true;
        session.forget(this);
        try {
            session.settlement().producerClosed(engine);
        } catch (EngineException e) {
            throw JmsErrors.toJms(e);
        }
    }

    private void ensureOpen() throws IllegalStateException {
        if (closed) {
            throw new IllegalStateException("The producer is closed");
        }
        session.ensureOpen();
    }

    private static void checkDeliveryMode(int mode) throws JMSException {
        if (mode != DeliveryMode.PERSISTENT && mode != DeliveryMode.NON_PERSISTENT) {
            throw new JMSException("Delivery mode must be DeliveryMode.PERSISTENT (2) or NON_PERSISTENT (1), was " + mode);
        }
    }

    private static void checkPriority(int priority) throws JMSException {
        if (priority < 0 || priority > 9) {
            throw new JMSException("Priority must be between 0 and 9, was " + priority);
        }
    }

    /** Waits until the messages this producer sent are stored (NON_PERSISTENT sends are pipelined). */
    void awaitSent() throws JMSException {
        try {
            engine.flush();
        } catch (EngineException e) {
            throw JmsErrors.toJms(e);
        }
    }
}
