package io.cairnmq.ra.outbound;

import io.cairnmq.jms.JmsRuntime;
import io.cairnmq.jms.SessionBackedContext;
import jakarta.jms.ConnectionMetaData;
import jakarta.jms.ExceptionListener;
import jakarta.jms.IllegalStateRuntimeException;
import jakarta.jms.JMSContext;
import jakarta.jms.JMSRuntimeException;
import jakarta.jms.Session;


/**
 * The {@link JMSContext} an application gets from a pooled connection factory: a pooled
 * connection ({@link ConnectionHandle}) and its one session, with the container's rules
 * (Jakarta Messaging 3.1, section 12): the container's transaction, or its absence, decides
 * over the session mode asked for (transacted in one, AUTO_ACKNOWLEDGE outside);
 * {@code createContext}, {@code setClientID}, {@code setExceptionListener} and {@code stop}
 * are refused, and so are {@code commit} and {@code rollback} (the transaction manager's in a
 * transaction, meaningless outside one). Closing it gives the connection back to the pool.
 */
final class ContainerJMSContext extends SessionBackedContext {

    private final ConnectionHandle connection;
    private Session session;

    ContainerJMSContext(ConnectionHandle connection) {
        this.connection = connection;
    }

    @Override
    protected synchronized Session session() {
        ensureOpen();
        if (session == null) {
            session = JmsRuntime.call(connection::createSession);
        }
        return session;
    }

    // ------------------------------------------------------------------ connection

    @Override
    public JMSContext createContext(int sessionMode) {
        ensureOpen();
        throw new JMSRuntimeException("A JMSContext of a Jakarta EE web or EJB container cannot create another on"
                + " its connection (one session per connection): ask the connection factory for a new one");
    }

    @Override
    public String getClientID() {
        ensureOpen();
        return JmsRuntime.call(connection::getClientID);
    }

    @Override
    public void setClientID(String clientID) {
        ensureOpen();
        JmsRuntime.run(() -> connection.setClientID(clientID));
    }

    @Override
    public ConnectionMetaData getMetaData() {
        ensureOpen();
        return JmsRuntime.call(connection::getMetaData);
    }

    @Override
    public ExceptionListener getExceptionListener() {
        ensureOpen();
        return JmsRuntime.call(connection::getExceptionListener);
    }

    @Override
    public void setExceptionListener(ExceptionListener listener) {
        ensureOpen();
        JmsRuntime.run(() -> connection.setExceptionListener(listener));
    }

    @Override
    public void start() {
        ensureOpen();
        JmsRuntime.run(connection::start);
    }

    @Override
    public void stop() {
        ensureOpen();
        JmsRuntime.run(connection::stop);
    }

    /** Closes its producers and consumers and gives the connection back to the server's pool. */
    @Override
    public void close() {
        synchronized (this) {
            if (isClosed()) {
                return;
            }
            markClosed();
        }
        JmsRuntime.run(connection::close);
    }

    // ------------------------------------------------------------------ transactions

    /** Transacted while the container's transaction is under way (the work is its); otherwise AUTO_ACKNOWLEDGE. */
    @Override
    public boolean getTransacted() {
        return JmsRuntime.call(((SessionHandle) session())::inTransaction);
    }

    @Override
    public int getSessionMode() {
        return getTransacted() ? SESSION_TRANSACTED : AUTO_ACKNOWLEDGE;
    }

    /** The container's transaction manager commits (the session refuses); outside one nothing is transacted. */
    @Override
    public void commit() {
        refuseOutsideATransaction("commit");
        super.commit();
    }

    @Override
    public void rollback() {
        refuseOutsideATransaction("rollback");
        super.rollback();
    }

    private void refuseOutsideATransaction(String what) {
        if (!getTransacted()) {
            throw new IllegalStateRuntimeException(what + " is for a transacted context; outside the container's"
                    + " transaction this context acknowledges automatically");
        }
    }

    /** Messages are acknowledged by the container's transaction, or automatically outside one. */
    @Override
    public void acknowledge() {
        ensureOpen();
    }
}
