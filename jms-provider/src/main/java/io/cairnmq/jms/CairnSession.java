package io.cairnmq.jms;

import io.cairnmq.engine.api.ConsumerSpec;
import io.cairnmq.engine.api.DestinationKind;
import io.cairnmq.engine.api.SubscriptionSpec;
import io.cairnmq.engine.api.EngineConsumer;
import io.cairnmq.engine.api.DestinationName;
import io.cairnmq.engine.api.EngineProducer;
import io.cairnmq.engine.api.MessageRecord;
import io.cairnmq.engine.api.EngineException;
import io.cairnmq.engine.api.TransactionWork;
import io.cairnmq.jms.destination.CairnDestination;
import io.cairnmq.jms.destination.CairnQueue;
import io.cairnmq.jms.destination.CairnTopic;
import io.cairnmq.jms.destination.Destinations;
import io.cairnmq.jms.message.CairnBytesMessage;
import io.cairnmq.jms.message.CairnMessage;
import io.cairnmq.jms.message.CairnTextMessage;
import jakarta.jms.BytesMessage;
import jakarta.jms.CompletionListener;
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
import jakarta.jms.Session;
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
import java.util.concurrent.locks.ReentrantLock;

/**
 * A session in one of the four acknowledgement modes. Message listeners of the session run one
 * at a time on its own serial dispatcher; {@link #close()} and {@code Connection.stop()} wait
 * for a running listener. A transacted session holds its sends until {@link #commit()}; its
 * consumers hold what they delivered until the commit acknowledges it or a rollback puts it back.
 */
public class CairnSession implements QueueSession, TopicSession {

    private final CairnConnection connection;
    private final AcknowledgeMode mode;
    private final Domain domain;
    private final LocalTransaction transaction = new LocalTransaction();
    private final SerialExecutor dispatcher = new SerialExecutor(CairnConnection.DISPATCH_POOL);
    private final AsyncSends asyncSends = new AsyncSends();
    /** Held while a listener runs, so that close and stop can wait for it. */
    private final ReentrantLock listenerRunning = new ReentrantLock();
    private final Set<CairnMessageProducer> producers = ConcurrentHashMap.newKeySet();
    private final Set<CairnMessageConsumer> consumers = ConcurrentHashMap.newKeySet();
    /** Closed consumers whose delivered messages wait for the next commit, rollback or acknowledge. */
    private final Set<CairnMessageConsumer> retired = ConcurrentHashMap.newKeySet();
    /** Set when close begins: no new listener round starts, the running one keeps the session. */
    private volatile boolean closing;
    private volatile boolean closed;

    CairnSession(CairnConnection connection, AcknowledgeMode mode, Domain domain) {
        this.connection = connection;
        this.mode = mode;
        this.domain = domain;
    }

    // ------------------------------------------------------------------ messages

    @Override
    public BytesMessage createBytesMessage() throws JMSException {
        ensureOpen();
        return new CairnBytesMessage();
    }

    @Override
    public Message createMessage() throws JMSException {
        ensureOpen();
        return new CairnMessage();
    }

    @Override
    public TextMessage createTextMessage() throws JMSException {
        ensureOpen();
        return new CairnTextMessage();
    }

    @Override
    public TextMessage createTextMessage(String text) throws JMSException {
        ensureOpen();
        return new CairnTextMessage(text);
    }

    @Override
    public MapMessage createMapMessage() throws JMSException {
        ensureOpen();
        return new io.cairnmq.jms.message.CairnMapMessage();
    }

    @Override
    public ObjectMessage createObjectMessage() throws JMSException {
        ensureOpen();
        return new io.cairnmq.jms.message.CairnObjectMessage();
    }

    @Override
    public ObjectMessage createObjectMessage(Serializable object) throws JMSException {
        ensureOpen();
        return new io.cairnmq.jms.message.CairnObjectMessage(object);
    }

    @Override
    public StreamMessage createStreamMessage() throws JMSException {
        ensureOpen();
        return new io.cairnmq.jms.message.CairnStreamMessage();
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

    /** Sends are stored and everything consumed is acknowledged; on failure, all is rolled back. */
    @Override
    public void commit() throws JMSException {
        ensureOpen();
        if (mode != AcknowledgeMode.TRANSACTED) {
            throw new IllegalStateException("commit() is only for transacted sessions; this one is not transacted");
        }
        awaitAsyncSends();
        TransactionWork work = transaction.take();
        consumers.forEach(c -> work.acknowledge(c.engine()));
        retired.forEach(c -> work.acknowledge(c.engine()));
        try {
            connection.engine().commit(work);
        } catch (EngineException e) {
            // Rolled back, or in doubt and resolved in the background: either way the consumers
            // start again from what they had not handed out.
            endTransaction(EngineConsumer::recover);
            throw JmsErrors.toJms(e);
        }
        endTransaction(consumer -> { });
    }

    /**
     * A transaction ended: every consumer settles (a retired one then closes for good) and the
     * producers closed inside it close.
     */
    private void endTransaction(java.util.function.Consumer<EngineConsumer> settlement) throws JMSException {
        try {
            settle(settlement);
        } finally {
            transaction.end();
        }
    }

    @Override
    public void rollback() throws JMSException {
        ensureOpen();
        if (mode != AcknowledgeMode.TRANSACTED) {
            throw new IllegalStateException("rollback() is only for transacted sessions; this one is not transacted");
        }
        awaitAsyncSends();
        endTransaction(EngineConsumer::recover);
    }

    /** Starts delivery again from the oldest unacknowledged message (section 6.2.11). */
    @Override
    public void recover() throws JMSException {
        ensureOpen();
        if (mode == AcknowledgeMode.TRANSACTED) {
            throw new IllegalStateException("recover() is not for transacted sessions; use rollback()");
        }
        rollbackConsumers();
    }

    /**
     * {@code Message.acknowledge()}: in CLIENT_ACKNOWLEDGE, acknowledges every message the
     * session has consumed; ignored in the other modes; refused once the session is closed.
     */
    void acknowledgeConsumed() throws JMSException {
        ensureOpen();
        if (mode == AcknowledgeMode.CLIENT) {
            settle(EngineConsumer::acknowledgeAll);
        }
    }

    private void rollbackConsumers() throws JMSException {
        settle(EngineConsumer::recover);
    }

    /**
     * Applies a commit's acknowledgement or a rollback's recovery to every consumer of the
     * session, the retired ones included; those then leave the session for good.
     */
    private void settle(java.util.function.Consumer<EngineConsumer> action) throws JMSException {
        try {
            for (CairnMessageConsumer consumer : consumers) {
                action.accept(consumer.engine());
            }
            for (CairnMessageConsumer consumer : retired) {
                action.accept(consumer.engine());
                consumer.engine().close();
                retired.remove(consumer);
            }
        } catch (EngineException e) {
            throw JmsErrors.toJms(e);
        }
    }

    /** A consumer closed in a transacted or CLIENT_ACKNOWLEDGE session waits here to be settled. */
    void retire(CairnMessageConsumer consumer) {
        consumers.remove(consumer);
        retired.add(consumer);
    }

    // ------------------------------------------------------------------ destinations

    @Override
    public Queue createQueue(String queueName) throws JMSException {
        ensureOpen();
        domain.requireQueues("createQueue");
        return new CairnQueue(requireName(queueName, "queue"));
    }

    @Override
    public Topic createTopic(String topicName) throws JMSException {
        ensureOpen();
        domain.requireTopics("createTopic");
        return new CairnTopic(requireName(topicName, "topic"));
    }

    private static String requireName(String name, String what) throws InvalidDestinationException {
        if (name == null || name.isBlank()) {
            throw new InvalidDestinationException("A " + what + " name must not be null or empty");
        }
        return name;
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
                connection.getClientID(), requireName(sharedSubscriptionName, "subscription")));
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
                requireClientId(), requireName(name, "subscription"), noLocal));
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
                connection.getClientID(), requireName(name, "subscription")));
    }

    @Override
    public void unsubscribe(String name) throws JMSException {
        ensureOpen();
        domain.requireTopics("unsubscribe");
        try {
            connection.engine().unsubscribe(requireName(name, "subscription"));
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
                    mode.lazyAcknowledgements(), messageSelector, subscription);
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
        if (isDispatchThread()) {
            throw new IllegalStateException("A message listener must not close its own session");
        }
        awaitAsyncSends();
        stopDispatching();
        awaitListenerIdle();
        closed = true;
        JMSException first = null;
        for (CairnMessageConsumer consumer : consumers) {
            try {
                consumer.close();
            } catch (JMSException e) {
                first = first == null ? e : first;
            }
        }
        // Closing the session rolls back: retired consumers give back what they delivered.
        for (CairnMessageConsumer consumer : retired) {
            try {
                consumer.engine().close();
            } catch (EngineException e) {
                first = first == null ? JmsErrors.toJms(e) : first;
            }
        }
        retired.clear();
        for (CairnMessageProducer producer : producers) {
            try {
                producer.close();
            } catch (JMSException e) {
                first = first == null ? e : first;
            }
        }
        // A transacted session that closes rolls back: its sends are dropped, and the engine
        // producers kept for them close now.
        transaction.end();
        connection.forget(this);
        if (first != null) {
            throw first;
        }
    }

    // ------------------------------------------------------------------ for producers and consumers

    CairnConnection connection() {
        return connection;
    }

    AcknowledgeMode mode() {
        return mode;
    }

    /**
     * Sends on the session's completion thread, then tells the listener (section 7.3): once the
     * message is stored, or, in a transacted session, once it is held for the commit.
     */
    void sendAsync(CairnMessageProducer owner, EngineProducer producer, DestinationName destination,
                   MessageRecord record, Message message, CompletionListener listener) {
        asyncSends.submit(owner, () -> {
            send(producer, destination, record);
            if (mode != AcknowledgeMode.TRANSACTED) {
                producer.flush();
            }
        }, message, listener);
    }

    /** Waits until every asynchronous send of this session has called its listener ({@link AsyncSends#awaitAll}). */
    void awaitAsyncSends() throws JMSException {
        asyncSends.awaitAll();
    }

    AsyncSends asyncSends() {
        return asyncSends;
    }

    /**
     * A closed producer's engine producer: in a transacted session it closes when the
     * transaction ends, since its sends are part of it (section 6.2.8); otherwise now.
     */
    void producerClosed(EngineProducer producer) {
        if (mode == AcknowledgeMode.TRANSACTED) {
            transaction.closeAtEnd(producer);
        } else {
            producer.close();
        }
    }

    /** A transacted session keeps the send for its commit; any other sends it now. */
    void send(EngineProducer producer, DestinationName destination, MessageRecord message) {
        if (mode == AcknowledgeMode.TRANSACTED) {
            transaction.add(producer, destination, message);
        } else {
            producer.send(destination, message);
        }
    }

    /** Queues a listener delivery round for a consumer on this session's dispatcher. */
    void dispatch(CairnMessageConsumer consumer) {
        dispatcher.execute(() -> {
            listenerRunning.lock();
            try {
                consumer.deliverToListener();
            } finally {
                listenerRunning.unlock();
            }
        });
    }

    boolean isDispatchThread() {
        return dispatcher.isCurrentThread();
    }

    /** Whether the calling thread runs one of this session's completion listeners. */
    boolean isCompletionThread() {
        return asyncSends.isCompletionThread();
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

    void forget(CairnMessageConsumer consumer) {
        consumers.remove(consumer);
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
