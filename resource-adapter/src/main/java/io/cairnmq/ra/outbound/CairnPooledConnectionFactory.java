package io.cairnmq.ra.outbound;

import io.cairnmq.jms.JmsRuntime;
import jakarta.jms.Connection;
import jakarta.jms.ConnectionFactory;
import jakarta.jms.JMSContext;
import jakarta.jms.JMSException;
import jakarta.jms.JMSRuntimeException;
import jakarta.jms.QueueConnection;
import jakarta.jms.QueueConnectionFactory;
import jakarta.jms.TopicConnection;
import jakarta.jms.TopicConnectionFactory;
import jakarta.resource.Referenceable;
import jakarta.resource.ResourceException;
import jakarta.resource.spi.ConnectionManager;

import javax.naming.Reference;
import java.io.Serializable;

/**
 * The connection factory an application looks up in a Jakarta EE server: its connections come
 * from the server's pool of managed connections, enlisted in the container's transaction.
 */
public class CairnPooledConnectionFactory implements ConnectionFactory, QueueConnectionFactory,
        TopicConnectionFactory, Referenceable, Serializable {

    private static final long serialVersionUID = 1L;

    private final CairnManagedConnectionFactory factory;
    private final ConnectionManager manager;
    private Reference reference;

    CairnPooledConnectionFactory(CairnManagedConnectionFactory factory, ConnectionManager manager) {
        this.factory = factory;
        this.manager = manager;
    }

    @Override
    public Connection createConnection() throws JMSException {
        return allocate(null, null);
    }

    @Override
    public Connection createConnection(String userName, String password) throws JMSException {
        return allocate(userName, password);
    }

    @Override
    public QueueConnection createQueueConnection() throws JMSException {
        return allocate(null, null);
    }

    @Override
    public QueueConnection createQueueConnection(String userName, String password) throws JMSException {
        return allocate(userName, password);
    }

    @Override
    public TopicConnection createTopicConnection() throws JMSException {
        return allocate(null, null);
    }

    @Override
    public TopicConnection createTopicConnection(String userName, String password) throws JMSException {
        return allocate(userName, password);
    }

    private ConnectionHandle allocate(String userName, String password) throws JMSException {
        try {
            ConnectionHandle handle = (ConnectionHandle) manager.allocateConnection(factory,
                    userName == null ? null : new Credentials(userName, password));
            handle.managed().enlistLazilyThrough(manager);
            return handle;
        } catch (ResourceException e) {
            JMSException failure = new JMSException("No connection from the pool: " + e.getMessage());
            failure.setLinkedException(e);
            throw failure;
        }
    }

    /**
     * A context over a pooled connection. In a container the session mode asked for is not
     * followed: the container's transaction, or its absence, decides (Jakarta Messaging 3.1,
     * section 12.3): transacted in one, AUTO_ACKNOWLEDGE outside.
     */
    @Override
    public JMSContext createContext() {
        return context(null, null, JMSContext.AUTO_ACKNOWLEDGE);
    }

    @Override
    public JMSContext createContext(String userName, String password) {
        return context(userName, password, JMSContext.AUTO_ACKNOWLEDGE);
    }

    @Override
    public JMSContext createContext(String userName, String password, int sessionMode) {
        return context(userName, password, sessionMode);
    }

    @Override
    public JMSContext createContext(int sessionMode) {
        return context(null, null, sessionMode);
    }

    private JMSContext context(String userName, String password, int sessionMode) {
        if (sessionMode < JMSContext.SESSION_TRANSACTED || sessionMode > JMSContext.DUPS_OK_ACKNOWLEDGE) {
            throw new JMSRuntimeException("Unknown session mode " + sessionMode + ": use one of JMSContext's"
                    + " AUTO_ACKNOWLEDGE, CLIENT_ACKNOWLEDGE, DUPS_OK_ACKNOWLEDGE, SESSION_TRANSACTED");
        }
        return new ContainerJMSContext(JmsRuntime.call(() -> allocate(userName, password)));
    }

    @Override
    public void setReference(Reference reference) {
        this.reference = reference;
    }

    @Override
    public Reference getReference() {
        return reference;
    }
}
