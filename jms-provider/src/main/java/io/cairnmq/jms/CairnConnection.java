package io.cairnmq.jms;

import io.cairnmq.protocol.SerialExecutor;
import io.cairnmq.engine.api.DestinationKind;
import io.cairnmq.engine.api.DestinationName;
import io.cairnmq.engine.api.Engine;
import io.cairnmq.engine.api.EngineConnection;
import io.cairnmq.engine.api.EngineException;
import io.cairnmq.jms.config.ConnectionConfig;
import io.cairnmq.jms.destination.CairnDestination;
import io.cairnmq.jms.destination.CairnTemporaryQueue;
import io.cairnmq.jms.destination.CairnTemporaryTopic;
import jakarta.jms.ConnectionConsumer;
import jakarta.jms.ConnectionMetaData;
import jakarta.jms.Destination;
import jakarta.jms.ExceptionListener;
import jakarta.jms.IllegalStateException;
import jakarta.jms.JMSException;
import jakarta.jms.Queue;
import jakarta.jms.QueueConnection;
import jakarta.jms.QueueSession;
import jakarta.jms.ServerSessionPool;
import jakarta.jms.Session;
import jakarta.jms.Topic;
import jakarta.jms.TopicConnection;
import jakarta.jms.TopicSession;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/** A JMS connection over one engine connection. */
public class CairnConnection implements QueueConnection, TopicConnection {

    private static final Logger LOG = LoggerFactory.getLogger(CairnConnection.class);

    /** Threads that run message listeners; each session borrows one at a time, in order. */
    static final ExecutorService DISPATCH_POOL = dispatchPool();

    private final ConnectionConfig config;
    private final EngineConnection engine;
    private final Domain domain;
    private final DeliveryGate gate = new DeliveryGate();
    /** Calls the exception listener one failure at a time. */
    private final SerialExecutor exceptionCalls = new SerialExecutor(DISPATCH_POOL);
    private final Set<CairnSession> sessions = ConcurrentHashMap.newKeySet();
    private volatile ExceptionListener exceptionListener;
    private volatile String clientId;
    private volatile boolean clientIdLocked;
    private volatile boolean closed;

    CairnConnection(ConnectionConfig config, Engine broker, String user, String password, Domain domain) {
        this.config = config;
        this.domain = domain;
        this.engine = broker.connect(user, password, this::engineFailed);
        if (config.clientId() != null) {
            try {
                engine.claimClientId(config.clientId());
            } catch (RuntimeException e) {
                engine.close();
                throw e;
            }
            this.clientId = config.clientId();
            this.clientIdLocked = true;
        }
    }

    // ------------------------------------------------------------------ sessions

    @Override
    public Session createSession(boolean transacted, int acknowledgeMode) throws JMSException {
        lockClientId();
        return openSession(AcknowledgeMode.of(transacted, acknowledgeMode), Domain.UNIFIED);
    }

    @Override
    public Session createSession(int sessionMode) throws JMSException {
        return createSession(sessionMode == Session.SESSION_TRANSACTED, sessionMode);
    }

    @Override
    public Session createSession() throws JMSException {
        return createSession(false, Session.AUTO_ACKNOWLEDGE);
    }

    @Override
    public TopicSession createTopicSession(boolean transacted, int acknowledgeMode) throws JMSException {
        ensureOpen();
        domain.requireTopics("createTopicSession");
        lockClientId();
        return openSession(AcknowledgeMode.of(transacted, acknowledgeMode), Domain.TOPIC);
    }

    @Override
    public QueueSession createQueueSession(boolean transacted, int acknowledgeMode) throws JMSException {
        ensureOpen();
        domain.requireQueues("createQueueSession");
        lockClientId();
        return openSession(AcknowledgeMode.of(transacted, acknowledgeMode), Domain.QUEUE);
    }

    /**
     * A session of this connection. A JMSContext opens its own through here without locking the
     * client ID, which the application may still set right after creating the context.
     */
    CairnSession openSession(AcknowledgeMode mode, Domain sessionDomain) throws JMSException {
        return openSession(() -> new CairnSession(this, mode, sessionDomain));
    }

    /** A session the caller makes (an XA session), kept with the connection's others. */
    <S extends CairnSession> S openSession(java.util.function.Supplier<S> make) throws JMSException {
        ensureOpen();
        S session = make.get();
        sessions.add(session);
        return session;
    }

    /** Which kinds of destination the connection was made for (queue, topic or both). */
    Domain domain() {
        return domain;
    }

    // ------------------------------------------------------------------ temporary destinations

    /** A temporary queue or topic of this connection (section 6.12 "Temporary destinations"). */
    CairnDestination createTemporary(DestinationKind kind) throws JMSException {
        ensureOpen();
        try {
            DestinationName name = engine.createTemporary(kind);
            return kind == DestinationKind.QUEUE
                    ? new CairnTemporaryQueue(name.name(), this::deleteTemporary)
                    : new CairnTemporaryTopic(name.name(), this::deleteTemporary);
        } catch (EngineException e) {
            throw JmsErrors.toJms(e);
        }
    }

    private void deleteTemporary(CairnDestination destination) throws JMSException {
        ensureOpen();
        try {
            engine.deleteTemporary(destination.engineName());
        } catch (EngineException e) {
            throw JmsErrors.toJms(e);
        }
    }

    // ------------------------------------------------------------------ client id

    @Override
    public String getClientID() throws JMSException {
        ensureOpen();
        return clientId;
    }

    @Override
    public void setClientID(String clientID) throws JMSException {
        ensureOpen();
        if (config.clientId() != null) {
            throw new IllegalStateException("This connection's client ID '" + config.clientId()
                    + "' was set administratively (URL option clientId) and cannot be changed");
        }
        if (clientIdLocked) {
            throw new IllegalStateException("The client ID can only be set once, before the connection is used");
        }
        if (clientID == null || clientID.isEmpty()) {
            throw new jakarta.jms.InvalidClientIDException("A client ID must not be null or empty");
        }
        try {
            engine.claimClientId(clientID);
        } catch (EngineException e) {
            throw JmsErrors.toJms(e);
        }
        this.clientId = clientID;
        clientIdLocked = true;
    }

    /** The connection has been used: its client ID can no longer be set (section 6.1.2). */
    void lockClientId() {
        clientIdLocked = true;
    }

    // ------------------------------------------------------------------ state

    @Override
    public ConnectionMetaData getMetaData() throws JMSException {
        ensureOpen();
        return new CairnConnectionMetaData();
    }

    @Override
    public ExceptionListener getExceptionListener() throws JMSException {
        ensureOpen();
        return exceptionListener;
    }

    @Override
    public void setExceptionListener(ExceptionListener listener) throws JMSException {
        ensureOpen();
        lockClientId();
        this.exceptionListener = listener;
    }

    @Override
    public void start() throws JMSException {
        ensureOpen();
        lockClientId();
        gate.start();
    }

    /**
     * Stops delivery (section 6.1.5): once this returns, no consumer of the connection is given
     * a message, not even a receive already waiting, and every listener that was running has
     * returned.
     */
    @Override
    public void stop() throws JMSException {
        ensureOpen();
        lockClientId();
        refuseFromOwnListener("stop");
        gate.stop();
        sessions.forEach(session -> session.listeners().awaitListenerIdle());
    }

    /**
     * Closes the connection (section 6.1.8): no listener round starts any more, and once every
     * running listener has returned (with the whole connection still at its service, receives
     * on other sessions included) delivery stops and the sessions close: receives in progress
     * return null, transactions roll back.
     */
    @Override
    public void close() throws JMSException {
        if (closed) {
            return;
        }
        refuseFromOwnListener("close");
        for (CairnSession session : sessions) {
            if (session.asyncSends().isCompletionThread()) {
                throw new IllegalStateException("A CompletionListener must not close its own connection"
                        + " (section 7.3.4)");
            }
        }
        sessions.forEach(session -> session.listeners().stopDispatching());
        sessions.forEach(session -> session.listeners().awaitListenerIdle());
        gate.stop();
        JMSException first = null;
        for (CairnSession session : sessions) {
            try {
                session.close();
            } catch (JMSException e) {
                first = first == null ? e : first;
            }
        }
        closed = true;
        try {
            engine.close();
        } catch (EngineException e) {
            throw JmsErrors.toJms(e);
        }
        if (first != null) {
            throw first;
        }
    }

    @Override
    public ConnectionConsumer createConnectionConsumer(Destination destination, String messageSelector,
            ServerSessionPool sessionPool, int maxMessages) throws JMSException {
        ensureOpen();
        throw connectionConsumersUnsupported();
    }

    @Override
    public ConnectionConsumer createConnectionConsumer(Queue queue, String messageSelector,
            ServerSessionPool sessionPool, int maxMessages) throws JMSException {
        ensureOpen();
        domain.requireQueues("createConnectionConsumer(Queue, ...)");
        throw connectionConsumersUnsupported();
    }

    @Override
    public ConnectionConsumer createConnectionConsumer(Topic topic, String messageSelector,
            ServerSessionPool sessionPool, int maxMessages) throws JMSException {
        ensureOpen();
        domain.requireTopics("createConnectionConsumer(Topic, ...)");
        throw connectionConsumersUnsupported();
    }

    @Override
    public ConnectionConsumer createSharedConnectionConsumer(Topic topic, String subscriptionName,
            String messageSelector, ServerSessionPool sessionPool, int maxMessages) throws JMSException {
        ensureOpen();
        domain.requireTopics("createSharedConnectionConsumer");
        throw connectionConsumersUnsupported();
    }

    @Override
    public ConnectionConsumer createDurableConnectionConsumer(Topic topic, String subscriptionName,
            String messageSelector, ServerSessionPool sessionPool, int maxMessages) throws JMSException {
        ensureOpen();
        domain.requireTopics("createDurableConnectionConsumer");
        throw connectionConsumersUnsupported();
    }

    @Override
    public ConnectionConsumer createSharedDurableConnectionConsumer(Topic topic, String subscriptionName,
            String messageSelector, ServerSessionPool sessionPool, int maxMessages) throws JMSException {
        ensureOpen();
        domain.requireTopics("createSharedDurableConnectionConsumer");
        throw connectionConsumersUnsupported();
    }

    /** Connection consumers are an application server facility this version does not provide. */
    private static JMSException connectionConsumersUnsupported() {
        return Unsupported.feature("ConnectionConsumer (application server facility)");
    }

    // ------------------------------------------------------------------ for sessions

    EngineConnection engine() {
        return engine;
    }

    DeliveryGate gate() {
        return gate;
    }

    int prefetch() {
        return config.prefetch();
    }

    io.cairnmq.jms.message.ObjectAllowList trustedPackages() {
        return config.trustedPackages();
    }

    void forget(CairnSession session) {
        sessions.remove(session);
    }

    void ensureOpen() throws IllegalStateException {
        if (closed) {
            throw new IllegalStateException("The connection is closed");
        }
    }

    private void refuseFromOwnListener(String what) throws IllegalStateException {
        for (CairnSession session : sessions) {
            if (session.listeners().isDispatchThread()) {
                throw new IllegalStateException("A message listener must not " + what + " its own connection");
            }
        }
    }

    private void engineFailed(EngineException cause) {
        ExceptionListener listener = exceptionListener;
        if (listener == null) {
            LOG.warn("Connection to {} failed and has no exception listener: {}", config.url(), cause.getMessage());
            return;
        }
        JMSException failure = JmsErrors.toJms(cause);
        exceptionCalls.execute(() -> listener.onException(failure));
    }

    private static ExecutorService dispatchPool() {
        AtomicInteger counter = new AtomicInteger();
        ThreadPoolExecutor pool = new ThreadPoolExecutor(0, Integer.MAX_VALUE, 60, TimeUnit.SECONDS,
                new SynchronousQueue<>(), r -> {
                    Thread t = new Thread(r, "cairnmq-dispatch-" + counter.incrementAndGet());
                    t.setDaemon(true);
                    return t;
                });
        return pool;
    }
}
