package io.cairnmq.ra.outbound;

import io.cairnmq.ra.BrokerLogin;
import io.cairnmq.ra.CairnResourceAdapter;
import jakarta.resource.ResourceException;
import jakarta.resource.spi.ConnectionManager;
import jakarta.resource.spi.ConnectionRequestInfo;
import jakarta.resource.spi.ManagedConnection;
import jakarta.resource.spi.ManagedConnectionFactory;
import jakarta.resource.spi.ResourceAdapter;
import jakarta.resource.spi.ResourceAdapterAssociation;
import jakarta.resource.spi.TransactionSupport;

import javax.security.auth.Subject;
import java.io.PrintWriter;
import java.util.Set;

/**
 * The outbound connection factory a server pools: it makes {@link CairnManagedConnection}s to
 * the broker of its {@code ConnectionUrl} (the adapter's when not set), as the user of its
 * {@code UserName} and {@code Password} (or of the application's {@code createConnection(user,
 * password)}), and hands the application a {@link CairnPooledConnectionFactory}. Its connections
 * take part in XA transactions, or in local ones when the pool is configured so.
 */
public class CairnManagedConnectionFactory extends BrokerLogin implements ManagedConnectionFactory, ResourceAdapterAssociation,
        TransactionSupport {

    private static final long serialVersionUID = 1L;

    private transient CairnResourceAdapter adapter;
    private transient PrintWriter log;

    @Override
    public Object createConnectionFactory(ConnectionManager manager) {
        return new CairnPooledConnectionFactory(this, manager);
    }

    /** Outside a server: every connection is a managed connection of its own, destroyed when closed. */
    @Override
    public Object createConnectionFactory() {
        return new CairnPooledConnectionFactory(this, new UnpooledConnections());
    }

    @Override
    public ManagedConnection createManagedConnection(Subject subject, ConnectionRequestInfo info)
            throws ResourceException {
        return new CairnManagedConnection(url(), credentials(info));
    }

    @Override
    @SuppressWarnings("rawtypes")
    public ManagedConnection matchManagedConnections(Set candidates, Subject subject, ConnectionRequestInfo info) {
        Credentials wanted = credentials(info);
        for (Object candidate : candidates) {
            if (candidate instanceof CairnManagedConnection managed && managed.matches(wanted)) {
                return managed;
            }
        }
        return null;
    }

    @Override
    public TransactionSupportLevel getTransactionSupport() {
        return TransactionSupportLevel.XATransaction;
    }

    /** The application's credentials, or this factory's, or the adapter's. */
    Credentials credentials(ConnectionRequestInfo info) {
        if (info instanceof Credentials asked && asked.userName() != null) {
            return asked;
        }
        if (getUserName() != null) {
            return new Credentials(getUserName(), getPassword());
        }
        return adapter == null ? new Credentials(null, null) : new Credentials(adapter.getUserName(), adapter.getPassword());
    }

    String url() {
        if (getConnectionUrl() != null) {
            return getConnectionUrl();
        }
        return adapter == null ? "vm://default" : adapter.getConnectionUrl();
    }

    @Override
    public ResourceAdapter getResourceAdapter() {
        return adapter;
    }

    @Override
    public void setResourceAdapter(ResourceAdapter ra) {
        this.adapter = (CairnResourceAdapter) ra;
    }

    @Override
    public void setLogWriter(PrintWriter out) {
        this.log = out;
    }

    @Override
    public PrintWriter getLogWriter() {
        return log;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof CairnManagedConnectionFactory f && sameLogin(f);
    }

    @Override
    public int hashCode() {
        return loginHash();
    }
}
