package io.cairnmq.jms.jndi;

import io.cairnmq.jms.CairnConnectionFactory;
import io.cairnmq.jms.CairnXAConnectionFactory;
import io.cairnmq.jms.config.ConnectionUrlParser;
import io.cairnmq.jms.destination.CairnQueue;
import io.cairnmq.jms.destination.CairnTopic;

import javax.naming.ConfigurationException;
import javax.naming.Context;
import javax.naming.NamingException;
import javax.naming.spi.InitialContextFactory;
import java.util.Hashtable;
import java.util.Map;
import java.util.TreeMap;

/**
 * Builds a read-only naming context from the JNDI environment (which {@code InitialContext}
 * fills from {@code jndi.properties} and system properties):
 *
 * <ul>
 * <li>{@code connectionFactory.NAME=URL} binds a connection factory; without any such key,
 *     {@code ConnectionFactory} and {@code QueueConnectionFactory} are bound to
 *     {@code java.naming.provider.url}, or to {@code vm://default} (and {@code XAConnectionFactory}
 *     to an XA factory of the same URL);</li>
 * <li>{@code xaConnectionFactory.NAME=URL} binds an XA connection factory, which an application
 *     server or a transaction manager uses;</li>
 * <li>{@code queue.NAME=physicalName} binds a queue, {@code topic.NAME=physicalName} a topic;</li>
 * <li>{@code dynamicQueues/NAME} and {@code dynamicTopics/NAME} look up a queue or a topic of
 *     that name without configuration.</li>
 * </ul>
 */
public class CairnInitialContextFactory implements InitialContextFactory {

    static final String CONNECTION_FACTORY_PREFIX = "connectionFactory.";
    static final String XA_CONNECTION_FACTORY_PREFIX = "xaConnectionFactory.";
    static final String QUEUE_PREFIX = "queue.";
    static final String TOPIC_PREFIX = "topic.";

    @Override
    public Context getInitialContext(Hashtable<?, ?> environment) throws NamingException {
        Map<String, Object> bindings = new TreeMap<>();
        boolean factoryConfigured = false;
        for (Map.Entry<?, ?> e : environment.entrySet()) {
            String key = String.valueOf(e.getKey());
            String value = String.valueOf(e.getValue()).trim();
            if (key.startsWith(CONNECTION_FACTORY_PREFIX)) {
                bindings.put(name(key, CONNECTION_FACTORY_PREFIX), factory(key, value, CairnConnectionFactory::new));
                factoryConfigured = true;
            } else if (key.startsWith(XA_CONNECTION_FACTORY_PREFIX)) {
                bindings.put(name(key, XA_CONNECTION_FACTORY_PREFIX), factory(key, value, CairnXAConnectionFactory::new));
                factoryConfigured = true;
            } else if (key.startsWith(QUEUE_PREFIX)) {
                bindings.put(name(key, QUEUE_PREFIX), new CairnQueue(physicalName(key, value)));
            } else if (key.startsWith(TOPIC_PREFIX)) {
                bindings.put(name(key, TOPIC_PREFIX), new CairnTopic(physicalName(key, value)));
            }
        }
        if (!factoryConfigured) {
            Object providerUrl = environment.get(Context.PROVIDER_URL);
            String url = providerUrl == null || providerUrl.toString().isBlank()
                    ? ConnectionUrlParser.DEFAULT_URL : providerUrl.toString().trim();
            CairnConnectionFactory factory = factory(Context.PROVIDER_URL, url, CairnConnectionFactory::new);
            bindings.put("ConnectionFactory", factory);
            bindings.put("QueueConnectionFactory", factory);
            bindings.put("TopicConnectionFactory", factory);
            bindings.put("XAConnectionFactory", factory(Context.PROVIDER_URL, url, CairnXAConnectionFactory::new));
        }
        return new ReadOnlyContext(environment, bindings);
    }

    private static String name(String key, String prefix) throws ConfigurationException {
        String name = key.substring(prefix.length());
        if (name.isEmpty()) {
            throw new ConfigurationException("JNDI key '" + key + "' has no name after '" + prefix + "'");
        }
        return name;
    }

    private static <F extends CairnConnectionFactory> F factory(String key, String url,
                                                                java.util.function.Function<String, F> make)
            throws ConfigurationException {
        try {
            return make.apply(url);
        } catch (IllegalArgumentException e) {
            ConfigurationException failure = new ConfigurationException("JNDI key " + key + "=" + url
                    + " is not a usable connection URL: " + e.getMessage());
            failure.setRootCause(e);
            throw failure;
        }
    }

    private static String physicalName(String key, String physicalName) throws ConfigurationException {
        if (physicalName.isEmpty()) {
            throw new ConfigurationException("JNDI key " + key + " needs a physical destination name as its value");
        }
        return physicalName;
    }
}
