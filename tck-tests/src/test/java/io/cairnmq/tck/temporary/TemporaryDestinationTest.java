package io.cairnmq.tck.temporary;

import io.cairnmq.tck.EmbeddedBroker;
import jakarta.jms.Connection;
import jakarta.jms.IllegalStateException;
import jakarta.jms.InvalidDestinationException;
import jakarta.jms.JMSContext;
import jakarta.jms.JMSException;
import jakarta.jms.MessageConsumer;
import jakarta.jms.MessageProducer;
import jakarta.jms.Session;
import jakarta.jms.TemporaryQueue;
import jakarta.jms.TemporaryTopic;
import jakarta.jms.TextMessage;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** Jakarta Messaging 3.1, section 6.12 / 4.4.3 "Temporary destinations". */
@Timeout(60)
class TemporaryDestinationTest {

    @RegisterExtension
    static final EmbeddedBroker BROKER = new EmbeddedBroker();

    @Test
    @DisplayName("6.12 Request/reply through a temporary queue named in JMSReplyTo")
    void requestReply() throws JMSException {
        Connection requesterConnection = BROKER.startedConnection();
        Session requester = requesterConnection.createSession();
        Session responder = BROKER.startedConnection().createSession();
        TemporaryQueue replies = requester.createTemporaryQueue();
        MessageConsumer replyConsumer = requester.createConsumer(replies);
        jakarta.jms.Queue requests = requester.createQueue(EmbeddedBroker.uniqueQueue());
        TextMessage request = requester.createTextMessage("ping");
        request.setJMSReplyTo(replies);
        requester.createProducer(requests).send(request);

        TextMessage received = (TextMessage) responder.createConsumer(requests).receive(5_000);
        assertInstanceOf(TemporaryQueue.class, received.getJMSReplyTo());
        assertEquals(replies, received.getJMSReplyTo());
        TextMessage reply = responder.createTextMessage("pong");
        reply.setJMSCorrelationID(received.getJMSMessageID());
        responder.createProducer(received.getJMSReplyTo()).send(reply);

        TextMessage got = (TextMessage) replyConsumer.receive(5_000);
        assertEquals("pong", got.getText());
        assertEquals(request.getJMSMessageID(), got.getJMSCorrelationID());
    }

    @Test
    @DisplayName("6.12 Only the creating connection may consume from a temporary destination")
    void onlyTheCreatorConsumes() throws JMSException {
        Session owner = BROKER.startedConnection().createSession();
        Session other = BROKER.startedConnection().createSession();
        TemporaryQueue queue = owner.createTemporaryQueue();
        TemporaryTopic topic = owner.createTemporaryTopic();
        assertThrows(InvalidDestinationException.class, () -> other.createConsumer(queue));
        assertThrows(InvalidDestinationException.class, () -> other.createConsumer(topic));
        MessageConsumer subscriber = owner.createConsumer(topic);
        other.createProducer(topic).send(other.createTextMessage("to the temporary topic"));
        assertEquals("to the temporary topic", ((TextMessage) subscriber.receive(5_000)).getText());
    }

    @Test
    @DisplayName("4.4.3 delete() fails while a consumer is open; afterwards the destination is gone")
    void deleteRules() throws JMSException {
        Session session = BROKER.startedConnection().createSession();
        TemporaryQueue queue = session.createTemporaryQueue();
        MessageConsumer consumer = session.createConsumer(queue);
        assertThrows(IllegalStateException.class, queue::delete);
        consumer.close();
        queue.delete();
        MessageProducer producer = session.createProducer(null);
        assertThrows(InvalidDestinationException.class, () -> producer.send(queue, session.createMessage()));
        assertThrows(InvalidDestinationException.class, () -> session.createConsumer(queue));
    }

    @Test
    @DisplayName("6.12 Temporary destinations are deleted when their connection closes")
    void deletedWithTheConnection() throws JMSException {
        Connection owner = BROKER.connection();
        TemporaryQueue queue = owner.createSession().createTemporaryQueue();
        owner.close();
        Session other = BROKER.startedConnection().createSession();
        assertThrows(InvalidDestinationException.class,
                () -> other.createProducer(queue).send(other.createMessage()));
    }

    @Test
    @DisplayName("Simplified API: JMSContext temporary queue")
    void simplified() {
        try (JMSContext context = BROKER.factory().createContext()) {
            TemporaryQueue queue = context.createTemporaryQueue();
            context.createProducer().send(queue, "temp");
            assertEquals("temp", context.createConsumer(queue).receiveBody(String.class, 5_000));
        }
    }
}
