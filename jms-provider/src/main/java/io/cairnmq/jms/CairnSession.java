package io.cairnmq.jms;

import io.cairnmq.engine.api.ConsumerSpec;
import io.cairnmq.engine.api.DestinationKind;
import io.cairnmq.engine.api.SubscriptionSpec;
import io.cairnmq.engine.api.EngineConsumer;
import io.cairnmq.engine.api.EngineException;
import io.cairnmq.jms.destination.CairnDestination;
import io.cairnmq.jms.destination.Destinations;
import io.cairnmq.jms.xa.Association;
import jakarta.jms.BytesMessage;
import jakarta.jms.Destination;
import jakarta.jms.IllegalStateException;
import jakarta.jms.InvalidDestinationException;
import jakarta.jms.JMSException;
import jakarta.jms.MapMessage;
import jakarta.jms.Message;
import jakarta.jms.MessageConsumer;
import jakarta.jms.MessageListener;
import jakarta.jms.MessageProducer;
import jakarta.jms.ObjectMessage;
import jakarta.jms.Queue;
import jakarta.jms.QueueBrowser;
import jakarta.jms.QueueReceiver;
import jakarta.jms.QueueSender;
import jakarta.jms.QueueSession;
import jakarta.jms.StreamMessage;
import jakarta.jms.TemporaryQueue;
import jakarta.jms.TemporaryTopic;
import jakarta.jms.TextMessage;
import jakarta.jms.Topic;
import jakarta.jms.TopicPublisher;
import jakarta.jms.TopicSession;
import jakarta.jms.TopicSubscriber;

import java.io.Serializable;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A session in one of the four acknowledgement modes. It owns the session's state and life
 * cycle and opens its producers, consumers and browsers; its other jobs are parts of its own.
 * Message listeners of the session run one at a time on its own serial dispatcher
 * ({@link ListenerDispatch}); {@link #close()} and {@code Connection.stop()} wait for a running
 * listener. A transacted session holds its sends until {@link #commit()}; its consumers hold
 * what they delivered until the commit acknowledges it or a rollback puts it back
 * ({@link Settlement}, over {@link SessionConsumers}). {@link MessageFactory} makes its
 * messages and named destinations, {@link AsyncSends} runs its asynchronous sends.
 */
public class CairnSession implements QueueSession, TopicSession {

    private final CairnConnection connection;
    private final AcknowledgeMode mode;
    private final Domain domain;
    private final AsyncSends asyncSends = new AsyncSends();
    private final ListenerDispatch listeners = new ListenerDispatch();
    private final SessionConsumers consumers = new SessionConsumers();
    private final Settlement settlement;
    private final Set<CairnMessageProducer> producers = ConcurrentHashMap.newKeySet();
    private volatile boolean closed;

    CairnSession(CairnConnection connection, AcknowledgeMode mode, Domain domain) {
        this(connection, mode, domain, null);
    }

    /** @param xa an XA session's tie to its branches; null for any other session */
    CairnSession(CairnConnection connection, AcknowledgeMode mode, Domain domain, Association xa) {
        this.connection = connection;
        this.mode = mode;
        this.domain = domain;
        this.settlement = new Settlement(mode, connection.engine(), asyncSends, consumers, xa);
    }

    // ------------------------------------------------------------------ messages

    @Override
    public BytesMessage createBytesMessage() throws JMSException {
        ensureOpen();
        return MessageFactory.bytesMessage();
    }

    @Override
    public Message createMessage() throws JMSException {
        ensureOpen();
        return MessageFactory.message();
    }

    @Override
    public TextMessage createTextMessage() throws JMSException {
        ensureOpen();
        return MessageFactory.textMessage();
    }

    @Override
    public TextMessage createTextMessage(String text) throws JMSException {
        ensureOpen();
        return MessageFactory.textMessage(text);
    }

    @Override
    public MapMessage createMapMessage() throws JMSException {
        ensureOpen();
        return MessageFactory.mapMessage();
    }

    @Override
    public ObjectMessage createObjectMessage() throws JMSException {
        ensureOpen();
        return MessageFactory.objectMessage();
    }

    @Override
    public ObjectMessage createObjectMessage(Serializable object) throws JMSException {
        ensureOpen();
        return MessageFactory.objectMessage(object);
    }

    @Override
    public StreamMessage createStreamMessage() throws JMSException {
        ensureOpen();
        return MessageFactory.streamMessage();
    }

    // ------------------------------------------------------------------ transactions and acknowledgement

    @Override
    public boolean getTransacted() throws JMSException {
        ensureOpen();
        return mode == AcknowledgeMode.TRANSACTED;
    }

    @Override
    public int getAcknowledgeMode() throws JMSException {
        ensureOpen();
        return mode.jmsValue();
    }

    @Override
    public void commit() throws JMSException {
        ensureOpen();
        settlement.commit();
    }

    @Override
    public void rollback() throws JMSException {
        ensureOpen();
        settlement.rollback();
    }

    @Override
    public void recover() throws JMSException {
        ensureOpen();
        settlement.recover();
    }

    /**
     * {@code Message.acknowledge()} and {@code JMSContext.acknowledge()}: see
     * {@link Settlement#acknowledgeConsumed()}; refused once the session is closed.
     */
    void acknowledgeConsumed() throws JMSException {
        ensureOpen();
        settlement.acknowledgeConsumed();
    }

    // ------------------------------------------------------------------ destinations

    @Override
    public Queue createQueue(String queueName) throws JMSException {
        ensureOpen();
        domain.requireQueues("createQueue");
        return MessageFactory.queue(queueName);
    }

    @Override
    public Topic createTopic(String topicName) throws JMSException {
        ensureOpen();
        domain.requireTopics("createTopic");
        return MessageFactory.topic(topicName);
    }

    // ------------------------------------------------------------------ producers

    @Override
    public MessageProducer createProducer(Destination destination) throws JMSException {
        return openProducer(destination);
    }

    @Override
    public QueueSender createSender(Queue queue) throws JMSException {
        ensureOpen();
        domain.requireQueues("createSender");
        return openProducer(queue);
    }

    @Override
    public TopicPublisher createPublisher(Topic topic) throws JMSException {
        ensureOpen();
        domain.requireTopics("createPublisher");
        return openProducer(topic);
    }

    private CairnMessageProducer openProducer(Destination destination) throws JMSException {
        ensureOpen();
        CairnDestination target = destination == null ? null : Destinations.toCairn(destination);
        try {
            CairnMessageProducer producer = new CairnMessageProducer(this, target, connection.engine().openProducer());
            producers.add(producer);
            return producer;
        } catch (EngineException e) {
            throw JmsErrors.toJms(e);
        }
    }

    // ------------------------------------------------------------------ consumers

    @Override
    public MessageConsumer createConsumer(Destination destination) throws JMSException {
        return createConsumer(destination, null, false);
    }

    @Override
    public MessageConsumer createConsumer(Destination destination, String messageSelector) throws JMSException {
        return createConsumer(destination, messageSelector, false);
    }

    /** On a topic, a private non-durable subscription; on a queue {@code noLocal} means nothing. */
    @Override
    public MessageConsumer createConsumer(Destination destination, String messageSelector, boolean noLocal)
            throws JMSException {
        ensureOpen();
        CairnDestination source = Destinations.toCairn(destination);
        return source instanceof Topic
                ? openConsumer(source, messageSelector, SubscriptionSpec.nonDurable(noLocal))
                : openConsumer(source, messageSelector, null);
    }

    @Override
    public QueueReceiver createReceiver(Queue queue) throws JMSException {
        return createReceiver(queue, null);
    }

    @Override
    public QueueReceiver createReceiver(Queue queue, String messageSelector) throws JMSException {
        ensureOpen();
        domain.requireQueues("createReceiver");
        return openConsumer(Destinations.toCairn(queue), messageSelector, null);
    }

    @Override
    public TopicSubscriber createSubscriber(Topic topic) throws JMSException {
        return createSubscriber(topic, null, false);
    }

    @Override
    public TopicSubscriber createSubscriber(Topic topic, String messageSelector, boolean noLocal) throws JMSException {
        ensureOpen();
        domain.requireTopics("createSubscriber");
        return openConsumer(topicOf(topic), messageSelector, SubscriptionSpec.nonDurable(noLocal));
    }

    @Override
    public MessageConsumer createSharedConsumer(Topic topic, String sharedSubscriptionName) throws JMSException {
        return createSharedConsumer(topic, sharedSubscriptionName, null);
    }

    @Override
    public MessageConsumer createSharedConsumer(Topic topic, String sharedSubscriptionName, String messageSelector)
            throws JMSException {
        ensureOpen();
        domain.requireTopics("createSharedConsumer");
        return openConsumer(topicOf(topic), messageSelector, SubscriptionSpec.sharedNonDurable(
                connection.getClientID(), MessageFactory.requireName(sharedSubscriptionName, "subscription")));
    }

    @Override
    public TopicSubscriber createDurableSubscriber(Topic topic, String name) throws JMSException {
        return createDurableSubscriber(topic, name, null, false);
    }

    @Override
    public TopicSubscriber createDurableSubscriber(Topic topic, String name, String messageSelector, boolean noLocal)
            throws JMSException {
        ensureOpen();
        domain.requireTopics("createDurableSubscriber");
        return openConsumer(topicOf(topic), messageSelector, SubscriptionSpec.durable(
                requireClientId(), MessageFactory.requireName(name, "subscription"), noLocal));
    }

    @Override
    public MessageConsumer createDurableConsumer(Topic topic, String name) throws JMSException {
        return createDurableConsumer(topic, name, null, false);
    }

    @Override
    public MessageConsumer createDurableConsumer(Topic topic, String name, String messageSelector, boolean noLocal)
            throws JMSException {
        ensureOpen();
        domain.requireTopics("createDurableConsumer");
        return createDurableSubscriber(topic, name, messageSelector, noLocal);
    }

    @Override
    public MessageConsumer createSharedDurableConsumer(Topic topic, String name) throws JMSException {
        return createSharedDurableConsumer(topic, name, null);
    }

    @Override
    public MessageConsumer createSharedDurableConsumer(Topic topic, String name, String messageSelector)
            throws JMSException {
        ensureOpen();
        domain.requireTopics("createSharedDurableConsumer");
        return openConsumer(topicOf(topic), messageSelector, SubscriptionSpec.sharedDurable(
                connection.getClientID(), MessageFactory.requireName(name, "subscription")));
    }

    @Override
    public void unsubscribe(String name) throws JMSException {
        ensureOpen();
        domain.requireTopics("unsubscribe");
        try {
            connection.engine().unsubscribe(MessageFactory.requireName(name, "subscription"));
        } catch (EngineException e) {
            throw JmsErrors.toJms(e);
        }
    }

    /**
     * Opens a consumer on a queue ({@code subscription} null) or on a topic through the
     * subscription the spec describes.
     */
    private CairnMessageConsumer openConsumer(CairnDestination source, String messageSelector,
                                              SubscriptionSpec subscription) throws JMSException {
        ensureOpen();
        try {
            ConsumerSpec spec = new ConsumerSpec(source.engineName(), connection.prefetch(),
                    mode.acknowledgements(), messageSelector, subscription);
            EngineConsumer engineConsumer = connection.engine().openConsumer(spec);
            connection.gate().register(engineConsumer);
            CairnMessageConsumer consumer = new CairnMessageConsumer(this, source, messageSelector,
                    subscription != null && subscription.noLocal(), engineConsumer);
            consumers.add(consumer);
            return consumer;
        } catch (EngineException e) {
            throw JmsErrors.toJms(e);
        }
    }

    /** An unshared durable subscription is named within the connection's client ID (section 6.11.1). */
    private String requireClientId() throws JMSException {
        String clientId = connection.getClientID();
        if (clientId == null) {
            throw new IllegalStateException("An unshared durable subscription needs the connection's client ID;"
                    + " set one with Connection.setClientID or the clientId URL option");
        }
        return clientId;
    }

    private static CairnDestination topicOf(Topic topic) throws JMSException {
        if (topic == null) {
            throw new InvalidDestinationException("The topic is null");
        }
        return Destinations.toCairn(topic);
    }

    // ------------------------------------------------------------------ browsers and temporary destinations

    @Override
    public QueueBrowser createBrowser(Queue queue) throws JMSException {
        return createBrowser(queue, null);
    }

    @Override
    public QueueBrowser createBrowser(Queue queue, String messageSelector) throws JMSException {
        ensureOpen();
        domain.requireQueues("createBrowser");
        if (queue == null) {
            throw new jakarta.jms.InvalidDestinationException("A queue browser needs a queue, not null");
        }
        // What this session sent before shows: its pipelined sends are stored first.
        for (CairnMessageProducer producer : producers) {
            producer.awaitSent();
        }
        CairnQueueBrowser browser = new CairnQueueBrowser(this, Destinations.toCairn(queue), messageSelector);
        browser.open();
        return browser;
    }

    @Override
    public TemporaryQueue createTemporaryQueue() throws JMSException {
        ensureOpen();
        domain.requireQueues("createTemporaryQueue");
        return (TemporaryQueue) connection.createTemporary(DestinationKind.QUEUE);
    }

    @Override
    public TemporaryTopic createTemporaryTopic() throws JMSException {
        ensureOpen();
        domain.requireTopics("createTemporaryTopic");
        return (TemporaryTopic) connection.createTemporary(DestinationKind.TOPIC);
    }

    @Override
    public MessageListener getMessageListener() throws JMSException {
        ensureOpen();
        return null;
    }

    @Override
    public void setMessageListener(MessageListener listener) throws JMSException {
        ensureOpen();
        throw Unsupported.feature("A session-wide message listener (application server facility)");
    }

    @Override
    public void run() {
        throw new UnsupportedOperationException("Session.run() is an application server facility"
                + " that this version of CairnMQ does not support");
    }

    // ------------------------------------------------------------------ life cycle

    /**
     * Closes the session: waits for its asynchronous sends and its running listener (which
     * keeps the whole session meanwhile), then rolls back a transaction and closes every
     * consumer and producer; a receive in progress returns null.
     */
    @Override
    public void close() throws JMSException {
        if (closed) {
            return;
        }
        if (listeners.isDispatchThread()) {
            throw new IllegalStateException("A message listener must not close its own session");
        }
        asyncSends.awaitAll();
        listeners.stopDispatching();
        listeners.awaitListenerIdle();
        closed = true;
        JMSException first = null;
        try {
            consumers.closeAll();
        } catch (JMSException e) {
            first = e;
        }
        for (CairnMessageProducer producer : producers) {
            try {
                producer.close();
            } catch (JMSException e) {
                first = first == null ? e : first;
            }
        }
        settlement.sessionClosed();
        connection.forget(this);
        if (first != null) {
            throw first;
        }
    }

    // ------------------------------------------------------------------ for the connection, producers and consumers

    CairnConnection connection() {
        return connection;
    }

    /** The mode the session works in now (an XA session's changes with its branch: see {@link Settlement#currentMode()}). */
    AcknowledgeMode mode() {
        return settlement.currentMode();
    }

    /** The session's asynchronous sends, which its producers submit and wait for. */
    AsyncSends asyncSends() {
        return asyncSends;
    }

    /** What the session's acknowledgement mode does with its producers' sends. */
    Settlement settlement() {
        return settlement;
    }

    /** The session's dispatcher of message listeners. */
    ListenerDispatch listeners() {
        return listeners;
    }

    /** The session's consumers, which leave it when they close or once what they delivered is settled. */
    SessionConsumers consumers() {
        return consumers;
    }

    void forget(CairnMessageProducer producer) {
        producers.remove(producer);
    }

    void ensureOpen() throws IllegalStateException {
        if (closed) {
            throw new IllegalStateException("The session is closed");
        }
        connection.ensureOpen();
    }
}
