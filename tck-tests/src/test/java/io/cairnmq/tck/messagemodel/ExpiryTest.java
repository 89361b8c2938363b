package io.cairnmq.tck.messagemodel;

import io.cairnmq.engine.api.DestinationStats;
import io.cairnmq.tck.EmbeddedBroker;
import jakarta.jms.DeliveryMode;
import jakarta.jms.JMSException;
import jakarta.jms.Message;
import jakarta.jms.MessageConsumer;
import jakarta.jms.MessageProducer;
import jakarta.jms.Queue;
import jakarta.jms.Session;
import jakarta.jms.TextMessage;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;

/** Section 3.4.9 JMSExpiration: an expired message is not delivered. */
@Timeout(30)
class ExpiryTest {

    @RegisterExtension
    static final EmbeddedBroker BROKER = new EmbeddedBroker();

    @Test
    @DisplayName("3.4.9 A message past its expiration is never delivered; others around it are")
    void expiredMessagesAreDropped() throws JMSException {
        Session session = BROKER.connection().createSession();
        Queue queue = session.createQueue(EmbeddedBroker.uniqueQueue());
        MessageProducer producer = session.createProducer(queue);
        producer.send(session.createTextMessage("before"));
        Message shortLived = session.createTextMessage("short-lived");
        producer.send(shortLived, DeliveryMode.NON_PERSISTENT, 4, 1);
        producer.send(session.createTextMessage("after"));
        await().until(() -> System.currentTimeMillis() > shortLived.getJMSExpiration());

        jakarta.jms.Connection receiving = BROKER.startedConnection();
        MessageConsumer consumer = receiving.createSession().createConsumer(queue);
        assertEquals("before", ((TextMessage) consumer.receive(5_000)).getText());
        assertEquals("after", ((TextMessage) consumer.receive(5_000)).getText());
        // The acknowledgements travel asynchronously; the expired message, had it not been
        // dropped, would still be held (ready, or prefetched by the consumer for later delivery).
        await().untilAsserted(() -> assertEquals(new DestinationStats(0, 0), BROKER.stats(queue.getQueueName()),
                "the expired message is still in the queue"));
    }
}
