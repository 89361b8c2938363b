package io.cairnmq.jms;

import jakarta.jms.ConnectionMetaData;
import jakarta.jms.ExceptionListener;
import jakarta.jms.JMSContext;

import java.util.concurrent.atomic.AtomicInteger;

/**
 * A connection and one session as one object (JMS 2.0 simplified API). Contexts made with
 * {@link #createContext(int)} share the connection, which closes with the last of them.
 * Consumers start the connection unless {@link #setAutoStart(boolean)} says otherwise. The
 * session opens with the first action that needs it, so that the application can still set the
 * client ID right after creating the context (javadoc of {@code JMSContext.setClientID}).
 */
public class CairnJMSContext extends SessionBackedContext {

    private final CairnConnection connection;
    private final AtomicInteger contextsOnConnection;
    private final AcknowledgeMode mode;
    private final int sessionMode;
    /** Opens the context's session (an XA context's is an XA session). */
    private final SessionOpener opener;
    private volatile CairnSession session;

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
    @Override
    protected CairnSession session() {
        CairnSession current = session;
        if (current != null) {
            ensureOpen();
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
    public void close() {
        if (isClosed()) {
            return;
        }
        CairnSession opened = session;
        if (opened != null) {
            JmsRuntime.run(opened::close);
        }
        markClosed();
        if (contextsOnConnection.decrementAndGet() == 0) {
            JmsRuntime.run(connection::close);
        }
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

    /** CLIENT_ACKNOWLEDGE: acknowledges everything this context consumed; otherwise nothing. */
    @Override
    public void acknowledge() {
        ensureOpen();
        if (sessionMode == CLIENT_ACKNOWLEDGE) {
            JmsRuntime.run(session()::acknowledgeConsumed);
        }
    }
}
