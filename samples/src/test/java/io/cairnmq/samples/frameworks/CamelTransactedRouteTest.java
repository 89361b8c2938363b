package io.cairnmq.samples.frameworks;

import jakarta.jms.Connection;
import jakarta.jms.JMSException;
import jakarta.jms.Session;
import org.apache.camel.CamelContext;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.component.jms.JmsComponent;
import org.apache.camel.component.jms.JmsConfiguration;
import org.apache.camel.impl.DefaultCamelContext;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * A transacted Camel route from one queue to another on the plain connection factory moves every
 * message exactly once. With {@code transacted} and no transaction manager, camel-jms runs the
 * route in the local transaction of its listener container's session: the route's send goes
 * through a Spring {@code JmsTemplate} on that same session, which closes its producer before
 * the container commits.
 */
@Timeout(120)
class CamelTransactedRouteTest {

    private static final int MESSAGES = 10_000;

    @TempDir
    static Path dataDir;
    private static EmbeddedTestBroker broker;

    @BeforeAll
    static void startBroker() {
        broker = new EmbeddedTestBroker("camel-tx", dataDir);
    }

    @AfterAll
    static void stopBroker() {
        broker.close();
    }

    @Test
    @DisplayName("A transacted route jms:queue:in -> jms:queue:out delivers each of 10,000 messages once and leaves in empty")
    void routeMovesEveryMessageOnce() throws Exception {
        String in = EmbeddedTestBroker.unique("camel-in");
        String out = EmbeddedTestBroker.unique("camel-out");
        Deliveries deliveries = new Deliveries();

        JmsConfiguration configuration = new JmsConfiguration(broker.factory());
        configuration.setTransacted(true);
        // A transaction manager on a factory that does not pool connections would open a
        // connection per message; the container's own transacted session is the local
        // transaction an application on a plain factory uses.
        configuration.setLazyCreateTransactionManager(false);
        configuration.setExceptionListener(deliveries);
        JmsComponent jms = new JmsComponent(configuration);

        CamelContext camel = new DefaultCamelContext();
        try (Connection receiving = broker.factory().createConnection()) {
            camel.addComponent("jms", jms);
            camel.addRoutes(new RouteBuilder() {
                @Override
                public void configure() {
                    from("jms:queue:" + in).routeId("in-to-out").to("jms:queue:" + out);
                }
            });
            camel.start();

            Session session = receiving.createSession();
            session.createConsumer(session.createQueue(out)).setMessageListener(message -> {
                try {
                    deliveries.record(message);
                } catch (JMSException e) {
                    throw new IllegalStateException(e);
                }
            });
            receiving.start();

            broker.sendNumbered(in, 0, MESSAGES, new AtomicInteger());
            deliveries.awaitExactlyOnce(MESSAGES, Duration.ofSeconds(90));
        } finally {
            camel.stop();
        }
        deliveries.assertNoDuplicate();
        assertEquals(0, broker.depth(in), "messages left on in");
        assertEquals(0, broker.depth(out), "messages left on out beyond those received");
    }
}
