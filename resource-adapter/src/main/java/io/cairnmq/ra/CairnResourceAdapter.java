package io.cairnmq.ra;

import io.cairnmq.jms.CairnXAConnectionFactory;
import io.cairnmq.ra.inbound.EndpointActivation;
import jakarta.jms.JMSException;
import jakarta.jms.XAConnection;
import jakarta.resource.ResourceException;
import jakarta.resource.NotSupportedException;
import jakarta.resource.spi.ActivationSpec;
import jakarta.resource.spi.BootstrapContext;
import jakarta.resource.spi.ResourceAdapter;
import jakarta.resource.spi.ResourceAdapterInternalException;
import jakarta.resource.spi.endpoint.MessageEndpointFactory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import javax.transaction.xa.XAResource;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The adapter a Jakarta EE server deploys: its configuration (the broker's URL, user and
 * password), the activations of message-driven beans, and the XA resources the server's
 * transaction manager recovers prepared branches through.
 */
public class CairnResourceAdapter extends BrokerLogin implements ResourceAdapter {

    private static final long serialVersionUID = 1L;
    private static final Logger LOG = LoggerFactory.getLogger(CairnResourceAdapter.class);

    private transient BootstrapContext context;

    public CairnResourceAdapter() {
        setConnectionUrl("vm://default");
    }

    private transient Map<Key, EndpointActivation> activations = new ConcurrentHashMap<>();
    /** Connections opened for the transaction manager's recovery, one per broker URL, closed when the adapter stops. */
    private transient Map<String, XAConnection> recoveryConnections = new java.util.HashMap<>();

    /** An endpoint's activation, as the server names it: by its factory and spec, whatever their equals says. */
    private record Key(MessageEndpointFactory factory, ActivationSpec spec) {
        @Override
        public boolean equals(Object other) {
            return other instanceof Key key && key.factory == factory && key.spec == spec;
        }

        @Override
        public int hashCode() {
            return System.identityHashCode(factory) * 31 + System.identityHashCode(spec);
        }
    }

    @Override
    public void start(BootstrapContext bootstrapContext) {
        this.context = bootstrapContext;
        LOG.info("CairnMQ resource adapter started for {}", getConnectionUrl());
    }

    @Override
    public void stop() {
        activations.values().forEach(EndpointActivation::stop);
        activations.clear();
        synchronized (this) {
            for (XAConnection connection : recoveryConnections.values()) {
                try {
                    connection.close();
                } catch (JMSException e) {
                    LOG.debug("Closing a recovery connection failed: {}", e.getMessage());
                }
            }
            recoveryConnections.clear();
        }
    }

    @Override
    public void endpointActivation(MessageEndpointFactory factory, ActivationSpec spec) throws ResourceException {
        if (!(spec instanceof CairnActivationSpec cairnSpec)) {
            throw new NotSupportedException("CairnMQ activates endpoints with a " + CairnActivationSpec.class.getName()
                    + ", not a " + (spec == null ? "null spec" : spec.getClass().getName()));
        }
        cairnSpec.validate();
        if (context == null) {
            throw new ResourceAdapterInternalException("The resource adapter was not started");
        }
        EndpointActivation activation = new EndpointActivation(factory, cairnSpec.settings(this), context);
        activations.put(new Key(factory, spec), activation);
        activation.start();
    }

    @Override
    public void endpointDeactivation(MessageEndpointFactory factory, ActivationSpec spec) {
        EndpointActivation activation = activations.remove(new Key(factory, spec));
        if (activation != null) {
            activation.stop();
        }
    }

    /** One XA resource per broker the specs name, for the transaction manager to recover prepared branches. */
    @Override
    public XAResource[] getXAResources(ActivationSpec[] specs) throws ResourceException {
        List<XAResource> resources = new ArrayList<>();
        java.util.Set<String> urls = new java.util.LinkedHashSet<>();
        for (ActivationSpec spec : specs) {
            if (spec instanceof CairnActivationSpec cairnSpec) {
                urls.add(cairnSpec.settings(this).url());
            }
        }
        for (String url : urls) {
            try {
                resources.add(recoveryConnection(url).createXASession().getXAResource());
            } catch (JMSException | RuntimeException e) {
                LOG.warn("Cannot reach {} to recover its prepared branches: {}", url, e.getMessage());
            }
        }
        return resources.toArray(new XAResource[0]);
    }

    /** The recovery connection to this broker: the one opened before, or a new one (the server may ask often). */
    private synchronized XAConnection recoveryConnection(String url) throws JMSException {
        XAConnection connection = recoveryConnections.get(url);
        if (connection == null) {
            connection = new CairnXAConnectionFactory(url).createXAConnection(getUserName(), getPassword());
            recoveryConnections.put(url, connection);
        }
        return connection;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof CairnResourceAdapter ra && sameLogin(ra);
    }

    @Override
    public int hashCode() {
        return loginHash();
    }

    private void readObject(java.io.ObjectInputStream in) throws java.io.IOException, ClassNotFoundException {
        in.defaultReadObject();
        activations = new ConcurrentHashMap<>();
        recoveryConnections = new java.util.HashMap<>();
    }
}
