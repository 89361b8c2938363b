package io.cairnmq.jms;

import jakarta.jms.BytesMessage;
import jakarta.jms.ConnectionMetaData;
import jakarta.jms.Destination;
import jakarta.jms.ExceptionListener;
import jakarta.jms.IllegalStateRuntimeException;
import jakarta.jms.JMSConsumer;
import jakarta.jms.JMSContext;
import jakarta.jms.JMSProducer;
import jakarta.jms.MapMessage;
import jakarta.jms.Message;
import jakarta.jms.MessageProducer;
import jakarta.jms.ObjectMessage;
import jakarta.jms.Queue;
import jakarta.jms.QueueBrowser;
import jakarta.jms.StreamMessage;
import jakarta.jms.TemporaryQueue;
import jakarta.jms.TemporaryTopic;
import jakarta.jms.TextMessage;
import jakarta.jms.Topic;

import java.io.Serializable;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A connection and one session as one object (JMS 2.0 simplified API). Contexts made with
 * {@link #createContext(int)} share the connection, which closes with the last of them.
 * Consumers start the connection unless {@link #setAutoStart(boolean)} says otherwise. The
 * session opens with the first action that needs it, so that the application can still set the
 * client ID right after creating the context (javadoc of {@code JMSContext.setClientID}).
 */
public class CairnJMSContext implements JMSContext {

    private final CairnConnection connection;
    private final AtomicInteger contextsOnConnection;
    private final AcknowledgeMode mode;
    private final int sessionMode;
    /** Opens the context's session (an XA context's is an XA session). */
    private final SessionOpener opener;
    private volatile CairnSession session;
    private MessageProducer producer;
    private volatile boolean autoStart = true;
    private volatile boolean closed;

    /** How a context opens its session, with the first action that needs it. */
    interface SessionOpener {
        CairnSession open(CairnConnection connection, AcknowledgeMode mode) throws jakarta.jms.JMSException;
    }

    CairnJMSContext(CairnConnection connection, int sessionMode) {
        this(connection, sessionMode, new AtomicInteger(), (c, m) -> c.openSession(m, Domain.UNIFIED));
    }

    CairnJMSContext(CairnConnection connection, int sessionMode, AtomicInteger contextsOnConnection,
                    SessionOpener opener) {
        this.connection = connection;
        this.sessionMode = sessionMode;
        this.mode = JmsRuntime.call(() -> AcknowledgeMode.of(sessionMode == SESSION_TRANSACTED, sessionMode));
        this.contextsOnConnection = contextsOnConnection;
        this.opener = opener;
        contextsOnConnection.incrementAndGet();
    }

    /** The context's session, opened by the first action that needs it; that action uses the connection. */
    CairnSession session() {
        CairnSession current = session;
        if (current != null) {
            return current;
        }
        synchronized (this) {
            ensureOpen();
            if (session == null) {
                connection.lockClientId();
                session = JmsRuntime.call(() -> opener.open(connection, mode));
            }
            return session;
        }
    }

    // ------------------------------------------------------------------ connection

    /** A context on the same connection; its connection is in use, so its client ID is settled. */
    @Override
    public JMSContext createContext(int sessionMode) {
        ensureOpen();
        connection.lockClientId();
        return new CairnJMSContext(connection, sessionMode, contextsOnConnection,
                (c, m) -> c.openSession(m, Domain.UNIFIED));
    }

    @Override
    public String getClientID() {
        return JmsRuntime.call(connection::getClientID);
    }

    @Override
    public void setClientID(String clientID) {
        JmsRuntime.run(() -> connection.setClientID(clientID));
    }

    @Override
    public ConnectionMetaData getMetaData() {
        return JmsRuntime.call(connection::getMetaData);
    }

    @Override
    public ExceptionListener getExceptionListener() {
        return JmsRuntime.call(connection::getExceptionListener);
    }

    @Override
    public void setExceptionListener(ExceptionListener listener) {
        JmsRuntime.run(() -> connection.setExceptionListener(listener));
    }

    @Override
    public void start() {
        JmsRuntime.run(connection::start);
    }

    @Override
    public void stop() {
        JmsRuntime.run(connection::stop);
    }

    @Override
    public void setAutoStart(boolean autoStart) {
        this.autoStart = autoStart;
    }

    @Override
    public boolean getAutoStart() {
        return autoStart;
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        CairnSession opened = session;
        if (opened != null) {
            JmsRuntime.run(opened::close);
        }
        closed = true;
        if (contextsOnConnection.decrementAndGet() == 0) {
            JmsRuntime.run(connection::close);
        }
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

    // ------------------------------------------------------------------ session

    @Override
    public boolean getTransacted() {
        ensureOpen();
        return mode == AcknowledgeMode.TRANSACTED;
    }

    @Override
    public int getSessionMode() {
        ensureOpen();
        return sessionMode;
    }

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

    /** CLIENT_ACKNOWLEDGE: acknowledges everything this context consumed; otherwise nothing. */
    @Override
    public void acknowledge() {
        ensureOpen();
        if (sessionMode == CLIENT_ACKNOWLEDGE) {
            JmsRuntime.run(session()::acknowledgeConsumed);
        }
    }

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
        return consumer((CairnMessageConsumer) JmsRuntime.call(() -> session().createConsumer(destination,
                messageSelector)));
    }

    @Override
    public JMSConsumer createConsumer(Destination destination, String messageSelector, boolean noLocal) {
        return consumer((CairnMessageConsumer) JmsRuntime.call(() -> session().createConsumer(destination,
                messageSelector, noLocal)));
    }

    private JMSConsumer consumer(CairnMessageConsumer consumer) {
        if (autoStart) {
            start();
        }
        return new CairnJMSConsumer(consumer);
    }

    @Override
    public Queue createQueue(String queueName) {
        return JmsRuntime.call(() -> session().createQueue(queueName));
    }

    @Override
    public Topic createTopic(String topicName) {
        return JmsRuntime.call(() -> session().createTopic(topicName));
    }

    @Override
    public JMSConsumer createDurableConsumer(Topic topic, String name) {
        return consumer((CairnMessageConsumer) JmsRuntime.call(() -> session().createDurableConsumer(topic, name)));
    }

    @Override
    public JMSConsumer createDurableConsumer(Topic topic, String name, String messageSelector, boolean noLocal) {
        return consumer((CairnMessageConsumer) JmsRuntime.call(() -> session().createDurableConsumer(topic, name,
                messageSelector, noLocal)));
    }

    @Override
    public JMSConsumer createSharedDurableConsumer(Topic topic, String name) {
        return consumer((CairnMessageConsumer) JmsRuntime.call(() -> session().createSharedDurableConsumer(topic, name)));
    }

    @Override
    public JMSConsumer createSharedDurableConsumer(Topic topic, String name, String messageSelector) {
        return consumer((CairnMessageConsumer) JmsRuntime.call(() -> session().createSharedDurableConsumer(topic, name,
                messageSelector)));
    }

    @Override
    public JMSConsumer createSharedConsumer(Topic topic, String sharedSubscriptionName) {
        return consumer((CairnMessageConsumer) JmsRuntime.call(() -> session().createSharedConsumer(topic,
                sharedSubscriptionName)));
    }

    @Override
    public JMSConsumer createSharedConsumer(Topic topic, String sharedSubscriptionName, String messageSelector) {
        return consumer((CairnMessageConsumer) JmsRuntime.call(() -> session().createSharedConsumer(topic,
                sharedSubscriptionName, messageSelector)));
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

    // ------------------------------------------------------------------ for producers

    /** The context's one anonymous producer, which every JMSProducer of it sends through. */
    MessageProducer producer() {
        ensureOpen();
        if (producer == null) {
            producer = JmsRuntime.call(() -> session().createProducer(null));
        }
        return producer;
    }

    private void ensureOpen() {
        if (closed) {
            throw new IllegalStateRuntimeException("The JMSContext is closed");
        }
    }
}
