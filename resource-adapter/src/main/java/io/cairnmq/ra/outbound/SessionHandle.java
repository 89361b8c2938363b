package io.cairnmq.ra.outbound;

import io.cairnmq.jms.CairnXASession;
import jakarta.jms.BytesMessage;
import jakarta.jms.Destination;
import jakarta.jms.IllegalStateException;
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
import jakarta.jms.XASession;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;

/**
 * The session an application gets from a pooled connection: the managed connection's XA
 * session, shared by the handles it hands out one after the other. What the application opens
 * through it closes with it; the XA session itself stays with the managed connection. In a
 * container's transaction its work is part of that transaction; outside one it works as
 * AUTO_ACKNOWLEDGE. Message listeners are refused, as in any Jakarta EE web or EJB container.
 */
final class SessionHandle implements QueueSession, TopicSession {

    private final XASession physical;
    private final ConnectionHandle connection;
    private final List<AutoCloseable> opened = new ArrayList<>();
    private boolean closed;

    SessionHandle(XASession physical, ConnectionHandle connection) {
        this.physical = physical;
        this.connection = connection;
    }

    private synchronized <T extends AutoCloseable> T opened(T resource) {
        opened.add(resource);
        return resource;
    }

    private synchronized XASession session() throws IllegalStateException {
        if (closed) {
            throw new IllegalStateException("The session is closed");
        }
        connection.ensureOpen();
        return physical;
    }

    /** Closes what the application opened through it; the XA session stays with its managed connection. */
    @Override
    public void close() throws JMSException {
        List<AutoCloseable> toClose;
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
            toClose = List.copyOf(opened);
            opened.clear();
        }
        JMSException first = null;
        for (AutoCloseable resource : toClose) {
            try {
                resource.close();
            } catch (Exception e) {
                if (first == null) {
                    first = e instanceof JMSException jms ? jms : new JMSException(e.toString());
                }
            }
        }
        connection.sessionClosed(this);
        if (first != null) {
            throw first;
        }
    }

    // ------------------------------------------------------------------ messages

    @Override
    public BytesMessage createBytesMessage() throws JMSException {
        return session().createBytesMessage();
    }

    @Override
    public MapMessage createMapMessage() throws JMSException {
        return session().createMapMessage();
    }

    @Override
    public Message createMessage() throws JMSException {
        return session().createMessage();
    }

    @Override
    public ObjectMessage createObjectMessage() throws JMSException {
        return session().createObjectMessage();
    }

    @Override
    public ObjectMessage createObjectMessage(Serializable object) throws JMSException {
        return session().createObjectMessage(object);
    }

    @Override
    public StreamMessage createStreamMessage() throws JMSException {
        return session().createStreamMessage();
    }

    @Override
    public TextMessage createTextMessage() throws JMSException {
        return session().createTextMessage();
    }

    @Override
    public TextMessage createTextMessage(String text) throws JMSException {
        return session().createTextMessage(text);
    }

    // ------------------------------------------------------------------ transactions

    /** Whether the session works in the container's transaction now (its XA session is in a branch). */
    boolean inTransaction() throws JMSException {
        return ((CairnXASession) session()).settlesInBranch();
    }

    @Override
    public boolean getTransacted() throws JMSException {
        return session().getTransacted();
    }

    @Override
    public int getAcknowledgeMode() throws JMSException {
        return session().getAcknowledgeMode();
    }

    @Override
    public void commit() throws JMSException {
        session().commit();
    }

    @Override
    public void rollback() throws JMSException {
        session().rollback();
    }

    @Override
    public void recover() throws JMSException {
        session().recover();
    }

    @Override
    public MessageListener getMessageListener() throws JMSException {
        throw listenersRefused();
    }

    @Override
    public void setMessageListener(MessageListener listener) throws JMSException {
        throw listenersRefused();
    }

    @Override
    public void run() {
        throw new UnsupportedOperationException("Session.run() is for an application server's own sessions");
    }

    private static IllegalStateException listenersRefused() {
        return new IllegalStateException("A session of a Jakarta EE container takes no message listener; a"
                + " message-driven bean receives asynchronously");
    }

    // ------------------------------------------------------------------ producers and consumers

    @Override
    public MessageProducer createProducer(Destination destination) throws JMSException {
        return opened(session().createProducer(destination));
    }

    @Override
    public MessageConsumer createConsumer(Destination destination) throws JMSException {
        return opened(session().createConsumer(destination));
    }

    @Override
    public MessageConsumer createConsumer(Destination destination, String selector) throws JMSException {
        return opened(session().createConsumer(destination, selector));
    }

    @Override
    public MessageConsumer createConsumer(Destination destination, String selector, boolean noLocal) throws JMSException {
        return opened(session().createConsumer(destination, selector, noLocal));
    }

    @Override
    public MessageConsumer createSharedConsumer(Topic topic, String name) throws JMSException {
        return opened(session().createSharedConsumer(topic, name));
    }

    @Override
    public MessageConsumer createSharedConsumer(Topic topic, String name, String selector) throws JMSException {
        return opened(session().createSharedConsumer(topic, name, selector));
    }

    @Override
    public TopicSubscriber createDurableSubscriber(Topic topic, String name) throws JMSException {
        return opened(session().createDurableSubscriber(topic, name));
    }

    @Override
    public TopicSubscriber createDurableSubscriber(Topic topic, String name, String selector, boolean noLocal)
            throws JMSException {
        return opened(session().createDurableSubscriber(topic, name, selector, noLocal));
    }

    @Override
    public MessageConsumer createDurableConsumer(Topic topic, String name) throws JMSException {
        return opened(session().createDurableConsumer(topic, name));
    }

    @Override
    public MessageConsumer createDurableConsumer(Topic topic, String name, String selector, boolean noLocal)
            throws JMSException {
        return opened(session().createDurableConsumer(topic, name, selector, noLocal));
    }

    @Override
    public MessageConsumer createSharedDurableConsumer(Topic topic, String name) throws JMSException {
        return opened(session().createSharedDurableConsumer(topic, name));
    }

    @Override
    public MessageConsumer createSharedDurableConsumer(Topic topic, String name, String selector) throws JMSException {
        return opened(session().createSharedDurableConsumer(topic, name, selector));
    }

    @Override
    public QueueBrowser createBrowser(Queue queue) throws JMSException {
        return opened(session().createBrowser(queue));
    }

    @Override
    public QueueBrowser createBrowser(Queue queue, String selector) throws JMSException {
        return opened(session().createBrowser(queue, selector));
    }

    @Override
    public QueueReceiver createReceiver(Queue queue) throws JMSException {
        return opened(((QueueSession) session()).createReceiver(queue));
    }

    @Override
    public QueueReceiver createReceiver(Queue queue, String selector) throws JMSException {
        return opened(((QueueSession) session()).createReceiver(queue, selector));
    }

    @Override
    public QueueSender createSender(Queue queue) throws JMSException {
        return opened(((QueueSession) session()).createSender(queue));
    }

    @Override
    public TopicSubscriber createSubscriber(Topic topic) throws JMSException {
        return opened(((TopicSession) session()).createSubscriber(topic));
    }

    @Override
    public TopicSubscriber createSubscriber(Topic topic, String selector, boolean noLocal) throws JMSException {
        return opened(((TopicSession) session()).createSubscriber(topic, selector, noLocal));
    }

    @Override
    public TopicPublisher createPublisher(Topic topic) throws JMSException {
        return opened(((TopicSession) session()).createPublisher(topic));
    }

    // ------------------------------------------------------------------ destinations

    @Override
    public Queue createQueue(String queueName) throws JMSException {
        return session().createQueue(queueName);
    }

    @Override
    public Topic createTopic(String topicName) throws JMSException {
        return session().createTopic(topicName);
    }

    @Override
    public TemporaryQueue createTemporaryQueue() throws JMSException {
        return session().createTemporaryQueue();
    }

    @Override
    public TemporaryTopic createTemporaryTopic() throws JMSException {
        return session().createTemporaryTopic();
    }

    @Override
    public void unsubscribe(String name) throws JMSException {
        session().unsubscribe(name);
    }
}
