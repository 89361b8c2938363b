package io.cairnmq.tck.simplified;

import io.cairnmq.tck.EmbeddedBroker;
import jakarta.jms.InvalidDestinationRuntimeException;
import jakarta.jms.JMSConsumer;
import jakarta.jms.JMSContext;
import jakarta.jms.JMSProducer;
import jakarta.jms.Message;
import jakarta.jms.MessageFormatRuntimeException;
import jakarta.jms.Queue;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Jakarta Messaging 3.1, the simplified API: JMSContext, JMSProducer, JMSConsumer. */
@Timeout(30)
class SimplifiedApiTest {

    @RegisterExtension
    static final EmbeddedBroker BROKER = new EmbeddedBroker();

    @Test
    @DisplayName("JMSProducer sends String, Map, byte[] and Serializable bodies with its properties and headers")
    void bodiesPropertiesAndHeaders() throws Exception {
        try (JMSContext context = BROKER.factory().createContext()) {
            Queue queue = context.createQueue(EmbeddedBroker.uniqueQueue());
            context.createProducer().setProperty("kind", "greeting").setJMSCorrelationID("c-1").setPriority(7)
                    .send(queue, "hello")
                    .send(queue, Map.of("n", 3))
                    .send(queue, new byte[] {1, 2})
                    .send(queue, new ArrayList<>(List.of("a")));
            JMSConsumer consumer = context.createConsumer(queue);
            Message first = consumer.receive(5_000);
            assertEquals("hello", first.getBody(String.class));
            assertEquals("greeting", first.getStringProperty("kind"));
            assertEquals("c-1", first.getJMSCorrelationID());
            assertEquals(7, first.getJMSPriority());
            assertEquals(Map.of("n", 3), consumer.receiveBody(Map.class, 5_000));
            assertArrayEquals(new byte[] {1, 2}, consumer.receiveBody(byte[].class, 5_000));
            assertEquals(List.of("a"), consumer.receiveBody(List.class, 5_000));
            assertNull(consumer.receiveBodyNoWait(String.class));
        }
    }

    @Test
    @DisplayName("receiveBody of the wrong type throws MessageFormatRuntimeException and keeps the message")
    void receiveBodyOfTheWrongType() {
        try (JMSContext context = BROKER.factory().createContext()) {
            Queue queue = context.createQueue(EmbeddedBroker.uniqueQueue());
            context.createProducer().send(queue, "text");
            JMSConsumer consumer = context.createConsumer(queue);
            assertThrows(MessageFormatRuntimeException.class, () -> consumer.receiveBody(byte[].class, 5_000));
            assertEquals("text", consumer.receiveBody(String.class, 5_000), "the message was not lost");
        }
    }

    @Test
    @DisplayName("Checked exceptions become their runtime twins; transacted contexts commit")
    void runtimeExceptionsAndTransactions() throws Exception {
        try (JMSContext tx = BROKER.factory().createContext(JMSContext.SESSION_TRANSACTED)) {
            assertTrue(tx.getTransacted());
            assertThrows(InvalidDestinationRuntimeException.class, () -> tx.createProducer().send(null, "x"));
            Queue queue = tx.createQueue(EmbeddedBroker.uniqueQueue());
            tx.createProducer().send(queue, "in a transaction");
            try (JMSContext other = tx.createContext(JMSContext.AUTO_ACKNOWLEDGE)) {
                JMSConsumer consumer = other.createConsumer(queue);
                assertNull(consumer.receiveNoWait());
                tx.commit();
                assertEquals("in a transaction", consumer.receiveBody(String.class, 5_000));
            }
        }
    }

    @Test
    @DisplayName("JMSProducer.getPropertyNames is a view: it shows properties set afterwards and cannot be changed")
    void producerPropertyNamesAreAView() {
        try (JMSContext context = BROKER.factory().createContext()) {
            JMSProducer producer = context.createProducer();
            Set<String> names = producer.getPropertyNames();
            producer.setProperty("a", 1);
            assertEquals(Set.of("a"), names);
            assertThrows(UnsupportedOperationException.class, () -> names.add("b"));
            producer.clearProperties();
            assertTrue(names.isEmpty());
        }
    }
}
