package io.cairnmq.ra;

import io.cairnmq.jms.xa.BranchId;
import jakarta.resource.ResourceException;
import jakarta.resource.spi.ConnectionEvent;
import jakarta.resource.spi.ConnectionEventListener;
import jakarta.resource.spi.ConnectionManager;
import jakarta.resource.spi.ConnectionRequestInfo;
import jakarta.resource.spi.LazyEnlistableConnectionManager;
import jakarta.resource.spi.LazyEnlistableManagedConnection;
import jakarta.resource.spi.ManagedConnection;
import jakarta.resource.spi.ManagedConnectionFactory;

import javax.transaction.xa.XAResource;
import javax.transaction.xa.Xid;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;

/**
 * A server's connection pool and transaction manager, reduced to what the tests need: managed
 * connections are matched and reused, cleaned up when their handle closes, and enlisted in the
 * transaction open when they are allocated (start), or, in a lazy pool, when the adapter asks
 * ({@link #lazyEnlist}); {@link #commit()} and {@link #rollback()}
 * end it on every enlisted resource, in two phases when there are several.
 */
final class TestPool implements ConnectionManager, LazyEnlistableConnectionManager {

    private static final long serialVersionUID = 1L;

    /** Whether connections that allow it are enlisted only when first used ({@link #lazyEnlist}). */
    private final boolean lazy;
    /** The managed connections enlisted in the transaction open now. */
    private final Set<ManagedConnection> enlistedConnections = new HashSet<>();

    TestPool() {
        this(false);
    }

    TestPool(boolean lazy) {
        this.lazy = lazy;
    }

    final List<ManagedConnection> created = new ArrayList<>();
    private final Set<ManagedConnection> idle = new HashSet<>();
    private final List<XAResource> enlisted = new ArrayList<>();
    private Xid transaction;

    @Override
    public synchronized Object allocateConnection(ManagedConnectionFactory factory, ConnectionRequestInfo info)
            throws ResourceException {
        ManagedConnection managed = factory.matchManagedConnections(new HashSet<>(idle), null, info);
        if (managed == null) {
            managed = factory.createManagedConnection(null, info);
            created.add(managed);
            ManagedConnection pooled = managed;
            managed.addConnectionEventListener(new ConnectionEventListener() {
                @Override
                public void connectionClosed(ConnectionEvent event) {
                    returned(pooled);
                }

                @Override
                public void localTransactionStarted(ConnectionEvent event) {
                }

                @Override
                public void localTransactionCommitted(ConnectionEvent event) {
                }

                @Override
                public void localTransactionRolledback(ConnectionEvent event) {
                }

                @Override
                public void connectionErrorOccurred(ConnectionEvent event) {
                }
            });
        } else {
            idle.remove(managed);
        }
        if (!(lazy && managed instanceof LazyEnlistableManagedConnection)) {
            lazyEnlist(managed);
        }
        return managed.getConnection(null, info);
    }

    /** Enlists the connection in the transaction open now, if there is one and it is not enlisted yet. */
    @Override
    public synchronized void lazyEnlist(ManagedConnection managed) throws ResourceException {
        if (transaction == null || !enlistedConnections.add(managed)) {
            return;
        }
        XAResource resource = managed.getXAResource();
        try {
            resource.start(transaction, XAResource.TMNOFLAGS);
        } catch (javax.transaction.xa.XAException e) {
            throw new ResourceException(e);
        }
        enlisted.add(resource);
    }

    private synchronized void returned(ManagedConnection managed) {
        try {
            managed.cleanup();
        } catch (ResourceException e) {
            throw new IllegalStateException(e);
        }
        idle.add(managed);
    }

    synchronized void begin() {
        transaction = xid();
    }

    synchronized void commit() throws Exception {
        for (XAResource resource : enlisted) {
            resource.end(transaction, XAResource.TMSUCCESS);
        }
        if (enlisted.size() == 1) {
            enlisted.get(0).commit(transaction, true);
        } else {
            for (XAResource resource : enlisted) {
                resource.prepare(transaction);
            }
            for (XAResource resource : enlisted) {
                resource.commit(transaction, false);
            }
        }
        enlisted.clear();
        enlistedConnections.clear();
        transaction = null;
    }

    synchronized void rollback() throws Exception {
        for (XAResource resource : enlisted) {
            resource.end(transaction, XAResource.TMSUCCESS);
            resource.rollback(transaction);
        }
        enlisted.clear();
        enlistedConnections.clear();
        transaction = null;
    }

    synchronized void destroyAll() throws ResourceException {
        for (ManagedConnection managed : created) {
            managed.destroy();
        }
    }

    private static Xid xid() {
        return new BranchId(78, UUID.randomUUID().toString().getBytes(StandardCharsets.US_ASCII), new byte[] {1});
    }
}
