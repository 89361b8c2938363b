package io.cairnmq.ra.outbound;

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

/**
 * The connection an application gets from a pooled connection factory: a handle to a managed
 * connection, with the rules of a Jakarta EE web or EJB container (JMS 3.1 section 12.2): one
 * session per connection, no client ID, exception listener or stop, no connection consumers.
 * Closing it closes its session and gives the managed connection back to the server's pool.
 */
public final class ConnectionHandle implements QueueConnection, TopicConnection {

    private volatile CairnManagedConnection managed;
    private SessionHandle session;
    private boolean closed;

    ConnectionHandle(CairnManagedConnection managed) {
        this.managed = managed;
    }

    /**
     * The server moved this handle to another managed connection ({@code associateConnection}).
     *
     * @return the managed connection it belonged to
     */
    synchronized CairnManagedConnection moveTo(CairnManagedConnection other) {
        CairnManagedConnection previous = managed;
        managed = other;
        session = null;
        return previous;
    }

    CairnManagedConnection managed() {
        return managed;
    }

    synchronized void ensureOpen() throws IllegalStateException {
        if (closed) {
            throw new IllegalStateException("The connection is closed");
        }
    }

    @Override
    public Session createSession(boolean transacted, int acknowledgeMode) throws JMSException {
        return openSession();
    }

    @Override
    public Session createSession(int sessionMode) throws JMSException {
        return openSession();
    }

    @Override
    public Session createSession() throws JMSException {
        return openSession();
    }

    @Override
    public QueueSession createQueueSession(boolean transacted, int acknowledgeMode) throws JMSException {
        return openSession();
    }

    @Override
    public TopicSession createTopicSession(boolean transacted, int acknowledgeMode) throws JMSException {
        return openSession();
    }

    /**
     * The managed connection's session: its arguments do not matter in a container, whose
     * transaction (or its absence) decides (section 12.3).
     */
    private synchronized SessionHandle openSession() throws JMSException {
        ensureOpen();
        if (session != null) {
            throw new IllegalStateException("A connection of a Jakarta EE container has one session at a time; close"
                    + " the open one first");
        }
        session = new SessionHandle(managed.physicalSession(), this);
        return session;
    }

    synchronized void sessionClosed(SessionHandle closedSession) {
        if (session == closedSession) {
            session = null;
        }
    }

    /** Closes its session; the managed connection goes back to the server's pool. */
    @Override
    public void close() throws JMSException {
        SessionHandle open;
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
            open = session;
        }
        try {
            if (open != null) {
                open.close();
            }
        } finally {
            managed.handleClosed(this);
        }
    }

    /** The server cleans up or destroys the managed connection: the handle is closed without telling it. */
    void invalidate() {
        SessionHandle open;
        synchronized (this) {
            closed = true;
            open = session;
            session = null;
        }
        if (open != null) {
            try {
                open.close();
            } catch (JMSException ignored) {
                // The managed connection is being cleaned up or destroyed: there is nobody to tell.
            }
        }
    }

    @Override
    public void start() throws JMSException {
        ensureOpen();
    }

    @Override
    public void stop() throws JMSException {
        throw refused("stop()");
    }

    @Override
    public String getClientID() throws JMSException {
        ensureOpen();
        return managed.physicalConnection().getClientID();
    }

    @Override
    public void setClientID(String clientID) throws JMSException {
        throw refused("setClientID");
    }

    @Override
    public ConnectionMetaData getMetaData() throws JMSException {
        ensureOpen();
        return managed.physicalConnection().getMetaData();
    }

    @Override
    public ExceptionListener getExceptionListener() throws JMSException {
        ensureOpen();
        return null;
    }

    @Override
    public void setExceptionListener(ExceptionListener listener) throws JMSException {
        throw refused("setExceptionListener");
    }

    @Override
    public ConnectionConsumer createConnectionConsumer(Destination destination, String selector,
                                                       ServerSessionPool pool, int maxMessages) throws JMSException {
        throw refused("createConnectionConsumer");
    }

    @Override
    public ConnectionConsumer createConnectionConsumer(Queue queue, String selector, ServerSessionPool pool,
                                                       int maxMessages) throws JMSException {
        throw refused("createConnectionConsumer");
    }

    @Override
    public ConnectionConsumer createConnectionConsumer(Topic topic, String selector, ServerSessionPool pool,
                                                       int maxMessages) throws JMSException {
        throw refused("createConnectionConsumer");
    }

    @Override
    public ConnectionConsumer createSharedConnectionConsumer(Topic topic, String name, String selector,
                                                             ServerSessionPool pool, int maxMessages) throws JMSException {
        throw refused("createSharedConnectionConsumer");
    }

    @Override
    public ConnectionConsumer createDurableConnectionConsumer(Topic topic, String name, String selector,
                                                              ServerSessionPool pool, int maxMessages) throws JMSException {
        throw refused("createDurableConnectionConsumer");
    }

    @Override
    public ConnectionConsumer createSharedDurableConnectionConsumer(Topic topic, String name, String selector,
                                                                    ServerSessionPool pool, int maxMessages)
            throws JMSException {
        throw refused("createSharedDurableConnectionConsumer");
    }

    private static IllegalStateException refused(String what) {
        return new IllegalStateException(what + " is not allowed on a connection of a Jakarta EE web or EJB"
                + " container (Jakarta Messaging 3.1, section 12.2)");
    }
}
