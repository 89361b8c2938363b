package io.cairnmq.ra.outbound;

import io.cairnmq.jms.CairnXAConnectionFactory;
import io.cairnmq.jms.CairnXASession;
import jakarta.jms.JMSException;
import jakarta.jms.XAConnection;
import jakarta.jms.XASession;
import jakarta.resource.ResourceException;
import jakarta.resource.spi.ConnectionEvent;
import jakarta.resource.spi.ConnectionEventListener;
import jakarta.resource.spi.ConnectionRequestInfo;
import jakarta.resource.spi.ConnectionManager;
import jakarta.resource.spi.LazyEnlistableConnectionManager;
import jakarta.resource.spi.LazyEnlistableManagedConnection;
import jakarta.resource.spi.LocalTransaction;
import jakarta.resource.spi.ManagedConnection;
import jakarta.resource.spi.ManagedConnectionMetaData;
import jakarta.resource.spi.ResourceAdapterInternalException;

import javax.security.auth.Subject;
import javax.transaction.xa.XAResource;
import java.io.PrintWriter;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * One physical XA connection to the broker and its XA session, which the server pools and
 * enlists in its transactions through {@link #getXAResource()} (or {@link #getLocalTransaction()}).
 * The application works through {@link ConnectionHandle}s; when one is closed the server is told,
 * cleans the managed connection up and puts it back in its pool.
 */
final class CairnManagedConnection implements ManagedConnection, LazyEnlistableManagedConnection {

    private final Credentials credentials;
    private final XAConnection connection;
    private final XASession session;
    private final Set<ConnectionHandle> handles = ConcurrentHashMap.newKeySet();
    private final List<ConnectionEventListener> listeners = new CopyOnWriteArrayList<>();
    private volatile PrintWriter log;
    private volatile boolean destroyed;
    /** One per managed connection: a pool may ask for it at begin and again at commit. */
    private LocalTransactionOverXa localTransaction;

    CairnManagedConnection(String url, Credentials credentials) throws ResourceException {
        this.credentials = credentials;
        try {
            this.connection = new CairnXAConnectionFactory(url).createXAConnection(credentials.userName(),
                    credentials.password());
        } catch (JMSException | RuntimeException e) {
            throw new ResourceAdapterInternalException("Cannot connect to " + url + ": " + e.getMessage(), e);
        }
        try {
            connection.setExceptionListener(e -> fire(ConnectionEvent.CONNECTION_ERROR_OCCURRED, null, e));
            this.session = connection.createXASession();
            connection.start();
        } catch (JMSException e) {
            closeQuietly();
            throw new ResourceAdapterInternalException("Cannot open a session on " + url + ": " + e.getMessage(), e);
        }
    }

    @Override
    public Object getConnection(Subject subject, ConnectionRequestInfo info) throws ResourceException {
        ensureAlive();
        ConnectionHandle handle = new ConnectionHandle(this);
        handles.add(handle);
        return handle;
    }

    /** Closes every handle (and what the application opened through them) before the server pools it again. */
    @Override
    public void cleanup() {
        for (ConnectionHandle handle : List.copyOf(handles)) {
            handle.invalidate();
        }
        handles.clear();
    }

    @Override
    public void destroy() {
        destroyed = true;
        cleanup();
        closeQuietly();
    }

    @Override
    public void associateConnection(Object connectionHandle) throws ResourceException {
        ensureAlive();
        if (!(connectionHandle instanceof ConnectionHandle handle)) {
            throw new ResourceException("Not a handle of this adapter: " + connectionHandle);
        }
        CairnManagedConnection previous = handle.moveTo(this);
        if (previous != null && previous != this) {
            previous.handles.remove(handle);
        }
        handles.add(handle);
    }

    @Override
    public void addConnectionEventListener(ConnectionEventListener listener) {
        listeners.add(listener);
    }

    @Override
    public void removeConnectionEventListener(ConnectionEventListener listener) {
        listeners.remove(listener);
    }

    @Override
    public XAResource getXAResource() throws ResourceException {
        ensureAlive();
        return session.getXAResource();
    }

    @Override
    public synchronized LocalTransaction getLocalTransaction() throws ResourceException {
        ensureAlive();
        if (localTransaction == null) {
            localTransaction = new LocalTransactionOverXa(session.getXAResource());
        }
        return localTransaction;
    }

    @Override
    public ManagedConnectionMetaData getMetaData() {
        return new ManagedConnectionMetaData() {
            @Override
            public String getEISProductName() {
                return "CairnMQ";
            }

            @Override
            public String getEISProductVersion() {
                try {
                    return connection.getMetaData().getProviderVersion();
                } catch (JMSException e) {
                    return "unknown";
                }
            }

            @Override
            public int getMaxConnections() {
                return 0;
            }

            @Override
            public String getUserName() {
                return credentials.userName();
            }
        };
    }

    @Override
    public void setLogWriter(PrintWriter out) {
        this.log = out;
    }

    @Override
    public PrintWriter getLogWriter() {
        return log;
    }

    boolean matches(Credentials wanted) {
        return !destroyed && credentials.equals(wanted);
    }

    /**
     * A server that enlists lazily ({@link LazyEnlistableConnectionManager}) enlists this
     * connection only when it is used: the session asks it to before each send or receive made
     * outside a branch, so that the work joins the transaction under way, if any.
     */
    void enlistLazilyThrough(ConnectionManager manager) {
        if (manager instanceof LazyEnlistableConnectionManager lazy) {
            ((CairnXASession) session).enlistLazily(() -> {
                try {
                    lazy.lazyEnlist(this);
                } catch (ResourceException e) {
                    JMSException failure = new JMSException("The server could not enlist the connection in its"
                            + " transaction: " + e.getMessage());
                    failure.setLinkedException(e);
                    throw failure;
                }
            });
        }
    }

    XASession physicalSession() {
        return session;
    }

    XAConnection physicalConnection() {
        return connection;
    }

    /** The application closed a handle: the server may clean this up and pool it again. */
    void handleClosed(ConnectionHandle handle) {
        handles.remove(handle);
        fire(ConnectionEvent.CONNECTION_CLOSED, handle, null);
    }

    private void fire(int type, ConnectionHandle handle, Exception failure) {
        ConnectionEvent event = failure == null ? new ConnectionEvent(this, type) : new ConnectionEvent(this, type, failure);
        if (handle != null) {
            event.setConnectionHandle(handle);
        }
        for (ConnectionEventListener listener : listeners) {
            if (type == ConnectionEvent.CONNECTION_CLOSED) {
                listener.connectionClosed(event);
            } else {
                listener.connectionErrorOccurred(event);
            }
        }
    }

    private void ensureAlive() throws ResourceException {
        if (destroyed) {
            throw new jakarta.resource.spi.IllegalStateException("This managed connection was destroyed");
        }
    }

    private void closeQuietly() {
        try {
            connection.close();
        } catch (JMSException ignored) {
            // Destroyed or never usable: nothing is waiting for it.
        }
    }
}
