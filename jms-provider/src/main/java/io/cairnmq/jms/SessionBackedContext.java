package io.cairnmq.jms;

import jakarta.jms.BytesMessage;
import jakarta.jms.Destination;
import jakarta.jms.IllegalStateRuntimeException;
import jakarta.jms.JMSConsumer;
import jakarta.jms.JMSContext;
import jakarta.jms.JMSProducer;
import jakarta.jms.JMSRuntimeException;
import jakarta.jms.MapMessage;
import jakarta.jms.Message;
import jakarta.jms.MessageConsumer;
import jakarta.jms.MessageProducer;
import jakarta.jms.ObjectMessage;
import jakarta.jms.Queue;
import jakarta.jms.QueueBrowser;
import jakarta.jms.Session;
import jakarta.jms.StreamMessage;
import jakarta.jms.TemporaryQueue;
import jakarta.jms.TemporaryTopic;
import jakarta.jms.TextMessage;
import jakarta.jms.Topic;

import java.io.Serializable;

/**
 * What a {@link JMSContext} does through its one classic session: messages, producers,
 * consumers, browsers, destinations, and the session's transaction calls, with the checked
 * exceptions turned into their runtime twins. Subclasses own the connection and the session:
 * {@link CairnJMSContext} for an application's own connection, and a resource adapter's context
 * for a connection of a Jakarta EE server's pool.
 */
public abstract class SessionBackedContext implements JMSContext {

    private volatile boolean autoStart = true;
    private volatile boolean closed;
    private volatile MessageProducer producer;

    /** The context's session, opened by the first action that needs it; refused once the context is closed. */
    protected abstract Session session();

    protected final void ensureOpen() {
        if (closed) {
            throw new IllegalStateRuntimeException("The JMSContext is closed");
        }
    }

    protected final boolean isClosed() {
        return closed;
    }

    protected final void markClosed() {
        closed = true;
    }

    /** The context's one producer without a destination, which every {@link JMSProducer} of it sends through. */
    final MessageProducer producer() {
        ensureOpen();
        MessageProducer current = producer;
        if (current != null) {
            return current;
        }
        synchronized (this) {
            if (producer == null) {
                producer = JmsRuntime.call(() -> session().createProducer(null));
            }
            return producer;
        }
    }

    @Override
    public void setAutoStart(boolean autoStart) {
        this.autoStart = autoStart;
    }

    @Override
    public boolean getAutoStart() {
        return autoStart;
    }

    // ------------------------------------------------------------------ messages

    @Override
    public BytesMessage createBytesMessage() {
        return JmsRuntime.call(session()::createBytesMessage);
    }

    @Override
    public MapMessage createMapMessage() {
        return JmsRuntime.call(session()::createMapMessage);
    }

    @Override
    public Message createMessage() {
        return JmsRuntime.call(session()::createMessage);
    }

    @Override
    public ObjectMessage createObjectMessage() {
        return JmsRuntime.call(session()::createObjectMessage);
    }

    @Override
    public ObjectMessage createObjectMessage(Serializable object) {
        return JmsRuntime.call(() -> session().createObjectMessage(object));
    }

    @Override
    public StreamMessage createStreamMessage() {
        return JmsRuntime.call(session()::createStreamMessage);
    }

    @Override
    public TextMessage createTextMessage() {
        return JmsRuntime.call(session()::createTextMessage);
    }

    @Override
    public TextMessage createTextMessage(String text) {
        return JmsRuntime.call(() -> session().createTextMessage(text));
    }

    // ------------------------------------------------------------------ the session's transaction

    @Override
    public void commit() {
        JmsRuntime.run(session()::commit);
    }

    @Override
    public void rollback() {
        JmsRuntime.run(session()::rollback);
    }

    @Override
    public void recover() {
        JmsRuntime.run(session()::recover);
    }

    // ------------------------------------------------------------------ producers and consumers

    @Override
    public JMSProducer createProducer() {
        ensureOpen();
        return new CairnJMSProducer(this);
    }

    @Override
    public JMSConsumer createConsumer(Destination destination) {
        return createConsumer(destination, null);
    }

    @Override
    public JMSConsumer createConsumer(Destination destination, String messageSelector) {
        return consumer(JmsRuntime.call(() -> session().createConsumer(destination, messageSelector)));
    }

    @Override
    public JMSConsumer createConsumer(Destination destination, String messageSelector, boolean noLocal) {
        return consumer(JmsRuntime.call(() -> session().createConsumer(destination, messageSelector, noLocal)));
    }

    @Override
    public JMSConsumer createDurableConsumer(Topic topic, String name) {
        return consumer(JmsRuntime.call(() -> session().createDurableConsumer(topic, name)));
    }

    @Override
    public JMSConsumer createDurableConsumer(Topic topic, String name, String messageSelector, boolean noLocal) {
        return consumer(JmsRuntime.call(() -> session().createDurableConsumer(topic, name, messageSelector, noLocal)));
    }

    @Override
    public JMSConsumer createSharedDurableConsumer(Topic topic, String name) {
        return consumer(JmsRuntime.call(() -> session().createSharedDurableConsumer(topic, name)));
    }

    @Override
    public JMSConsumer createSharedDurableConsumer(Topic topic, String name, String messageSelector) {
        return consumer(JmsRuntime.call(() -> session().createSharedDurableConsumer(topic, name, messageSelector)));
    }

    @Override
    public JMSConsumer createSharedConsumer(Topic topic, String sharedSubscriptionName) {
        return consumer(JmsRuntime.call(() -> session().createSharedConsumer(topic, sharedSubscriptionName)));
    }

    @Override
    public JMSConsumer createSharedConsumer(Topic topic, String sharedSubscriptionName, String messageSelector) {
        return consumer(JmsRuntime.call(() -> session().createSharedConsumer(topic, sharedSubscriptionName,
                messageSelector)));
    }

    /** The simplified API's view of a consumer; the connection starts unless {@link #setAutoStart} said no. */
    private JMSConsumer consumer(MessageConsumer consumer) {
        if (autoStart) {
            start();
        }
        if (consumer instanceof CairnMessageConsumer cairn) {
            return new CairnJMSConsumer(cairn);
        }
        throw new JMSRuntimeException("Not a CairnMQ consumer: " + consumer.getClass().getName());
    }

    // ------------------------------------------------------------------ destinations and browsers

    @Override
    public Queue createQueue(String queueName) {
        return JmsRuntime.call(() -> session().createQueue(queueName));
    }

    @Override
    public Topic createTopic(String topicName) {
        return JmsRuntime.call(() -> session().createTopic(topicName));
    }

    @Override
    public QueueBrowser createBrowser(Queue queue) {
        return JmsRuntime.call(() -> session().createBrowser(queue));
    }

    @Override
    public QueueBrowser createBrowser(Queue queue, String messageSelector) {
        return JmsRuntime.call(() -> session().createBrowser(queue, messageSelector));
    }

    @Override
    public TemporaryQueue createTemporaryQueue() {
        return JmsRuntime.call(session()::createTemporaryQueue);
    }

    @Override
    public TemporaryTopic createTemporaryTopic() {
        return JmsRuntime.call(session()::createTemporaryTopic);
    }

    @Override
    public void unsubscribe(String name) {
        JmsRuntime.run(() -> session().unsubscribe(name));
    }
}
