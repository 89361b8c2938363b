package io.cairnmq.tck.simplified;

import io.cairnmq.tck.EmbeddedBroker;
import jakarta.jms.JMSConsumer;
import jakarta.jms.JMSContext;
import jakarta.jms.JMSProducer;
import jakarta.jms.Message;
import jakarta.jms.MessageFormatRuntimeException;
import jakarta.jms.Queue;
import jakarta.jms.StreamMessage;
import jakarta.jms.TextMessage;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The javadoc of {@code JMSConsumer.receiveBody}: a body that cannot be returned as the asked
 * type is a {@code MessageFormatRuntimeException}; in AUTO_ACKNOWLEDGE and DUPS_OK_ACKNOWLEDGE
 * the provider behaves as if the call had not happened (the message comes next, not marked
 * redelivered), in CLIENT_ACKNOWLEDGE and transacted sessions as if it had succeeded. The calls
 * wait without a time-out, as an application's would, so that a call that never ends fails the
 * test instead of hanging it.
 */
@Timeout(value = 60, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class ReceiveBodyTest {

    @RegisterExtension
    static final EmbeddedBroker BROKER = new EmbeddedBroker();

    @ParameterizedTest(name = "session mode {0}")
    @ValueSource(ints = {JMSContext.AUTO_ACKNOWLEDGE, JMSContext.DUPS_OK_ACKNOWLEDGE})
    @DisplayName("receiveBody of the wrong type: as if the call had not happened, the message comes next, not redelivered")
    void wrongTypeIsNotADelivery(int mode) throws Exception {
        try (JMSContext context = BROKER.factory().createContext(mode)) {
            Queue queue = context.createQueue(EmbeddedBroker.uniqueQueue());
            JMSProducer producer = context.createProducer();
            producer.send(queue, "first");
            producer.send(queue, "second");
            JMSConsumer consumer = context.createConsumer(queue);

            assertThrows(MessageFormatRuntimeException.class, () -> consumer.receiveBody(Boolean.class));
            assertThrows(MessageFormatRuntimeException.class, () -> consumer.receiveBody(byte[].class));
            Message again = consumer.receive();
            assertEquals("first", ((TextMessage) again).getText(), "delivered again before any later message");
            assertFalse(again.getJMSRedelivered(), "not counted as a redelivery");
            assertEquals(1, again.getIntProperty("JMSXDeliveryCount"));
            assertEquals("second", consumer.receiveBody(String.class));
        }
    }

    @Test
    @DisplayName("receiveBody of the wrong type in CLIENT_ACKNOWLEDGE: delivered; recover() brings it back redelivered")
    void wrongTypeInClientAcknowledge() throws Exception {
        try (JMSContext context = BROKER.factory().createContext(JMSContext.CLIENT_ACKNOWLEDGE)) {
            Queue queue = context.createQueue(EmbeddedBroker.uniqueQueue());
            JMSProducer producer = context.createProducer();
            producer.send(queue, "first");
            producer.send(queue, "second");
            JMSConsumer consumer = context.createConsumer(queue);

            assertThrows(MessageFormatRuntimeException.class, () -> consumer.receiveBody(Boolean.class));
            assertEquals("second", consumer.receiveBody(String.class), "the failed message is not delivered again");
            context.recover();
            Message again = consumer.receive();
            assertEquals("first", ((TextMessage) again).getText());
            assertTrue(again.getJMSRedelivered());
            assertEquals(2, again.getIntProperty("JMSXDeliveryCount"));
            assertEquals("second", consumer.receiveBody(String.class));
            context.acknowledge();
        }
    }

    @Test
    @DisplayName("receiveBody of the wrong type in a transacted session: delivered; rollback() brings it back redelivered")
    void wrongTypeInATransaction() throws Exception {
        try (JMSContext context = BROKER.factory().createContext(JMSContext.SESSION_TRANSACTED)) {
            Queue queue = context.createQueue(EmbeddedBroker.uniqueQueue());
            JMSProducer producer = context.createProducer();
            producer.send(queue, "first");
            producer.send(queue, "second");
            context.commit();
            JMSConsumer consumer = context.createConsumer(queue);

            assertThrows(MessageFormatRuntimeException.class, () -> consumer.receiveBody(Boolean.class));
            assertEquals("second", consumer.receiveBody(String.class), "the failed message is not delivered again");
            context.rollback();
            Message again = consumer.receive();
            assertEquals("first", ((TextMessage) again).getText());
            assertTrue(again.getJMSRedelivered());
            context.commit();
        }
    }

    @Test
    @DisplayName("receiveBody refuses a StreamMessage, a Message without body and an empty TextMessage, keeping each")
    void messagesWithoutAReturnableBody() throws Exception {
        try (JMSContext context = BROKER.factory().createContext()) {
            Queue queue = context.createQueue(EmbeddedBroker.uniqueQueue());
            StreamMessage stream = context.createStreamMessage();
            stream.writeString("in a stream");
            JMSProducer producer = context.createProducer();
            producer.send(queue, stream);
            producer.send(queue, context.createMessage());
            producer.send(queue, context.createTextMessage());
            JMSConsumer consumer = context.createConsumer(queue);

            assertThrows(MessageFormatRuntimeException.class, () -> consumer.receiveBody(Object.class));
            assertTrue(consumer.receive() instanceof StreamMessage);
            assertThrows(MessageFormatRuntimeException.class, () -> consumer.receiveBody(Object.class));
            Message plain = consumer.receive();
            assertFalse(plain instanceof TextMessage);
            assertThrows(MessageFormatRuntimeException.class, () -> consumer.receiveBody(String.class));
            assertTrue(consumer.receive() instanceof TextMessage);
        }
    }
}
