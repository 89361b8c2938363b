package io.cairnmq.jms.jndi;

import io.cairnmq.jms.CairnConnectionFactory;
import io.cairnmq.jms.CairnXAConnectionFactory;
import jakarta.jms.XAConnectionFactory;
import jakarta.jms.Queue;
import org.junit.jupiter.api.Test;

import javax.naming.ConfigurationException;
import javax.naming.Context;
import javax.naming.InitialContext;
import javax.naming.NameNotFoundException;
import javax.naming.NamingException;
import javax.naming.OperationNotSupportedException;
import java.util.Hashtable;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The keys ActiveMQ and Artemis users already have in jndi.properties. */
class CairnInitialContextFactoryTest {

    @Test
    void bindsFactoriesAndQueuesFromTheEnvironment() throws Exception {
        Context ctx = context("connectionFactory.Orders", "vm://orders?prefetch=7", "queue.Incoming", "in.orders");
        CairnConnectionFactory factory = assertInstanceOf(CairnConnectionFactory.class, ctx.lookup("Orders"));
        assertEquals("vm://orders?prefetch=7", factory.getUrl());
        Queue queue = assertInstanceOf(Queue.class, ctx.lookup("Incoming"));
        assertEquals("in.orders", queue.getQueueName());
        assertThrows(NameNotFoundException.class, () -> ctx.lookup("ConnectionFactory"),
                "no default factory once one is configured");
    }

    @Test
    void withoutConfigurationTheDefaultFactoriesPointAtTheProviderUrl() throws NamingException {
        Context ctx = context(Context.PROVIDER_URL, "vm://shop");
        assertEquals("vm://shop", ((CairnConnectionFactory) ctx.lookup("ConnectionFactory")).getUrl());
        assertEquals("vm://shop", ((CairnConnectionFactory) ctx.lookup("QueueConnectionFactory")).getUrl());
        assertEquals("vm://default", ((CairnConnectionFactory) context().lookup("ConnectionFactory")).getUrl());
    }

    @Test
    void bindsXaFactoriesForApplicationServers() throws Exception {
        Context ctx = context("xaConnectionFactory.Pooled", "vm://orders", "connectionFactory.Plain", "vm://orders");
        CairnXAConnectionFactory xa = assertInstanceOf(CairnXAConnectionFactory.class, ctx.lookup("Pooled"));
        assertEquals("vm://orders", xa.getUrl());
        assertFalse(ctx.lookup("Plain") instanceof XAConnectionFactory, "a plain factory is not an XA one");
        assertInstanceOf(XAConnectionFactory.class, context(Context.PROVIDER_URL, "vm://shop").lookup("XAConnectionFactory"));
    }

    @Test
    void dynamicQueuesNeedNoConfiguration() throws Exception {
        assertEquals("any.name", ((Queue) context().lookup("dynamicQueues/any.name")).getQueueName());
    }

    @Test
    void unknownNamesAndBadUrlsSayWhatWasExpected() {
        NameNotFoundException missing = assertThrows(NameNotFoundException.class, () -> context().lookup("Nope"));
        assertTrue(missing.getMessage().contains("queue.NAME=physicalName"), missing.getMessage());
        ConfigurationException bad = assertThrows(ConfigurationException.class,
                () -> context("connectionFactory.X", "amqp://nowhere:1"));
        assertTrue(bad.getMessage().contains("connectionFactory.X=amqp://nowhere:1"), bad.getMessage());
        assertThrows(OperationNotSupportedException.class, () -> context().bind("a", "b"));
    }

    private static Context context(String... keyValues) throws NamingException {
        Hashtable<String, Object> env = new Hashtable<>();
        env.put(Context.INITIAL_CONTEXT_FACTORY, CairnInitialContextFactory.class.getName());
        for (int i = 0; i < keyValues.length; i += 2) {
            env.put(keyValues[i], keyValues[i + 1]);
        }
        return new InitialContext(env);
    }
}
