package io.cairnmq.tck.messagemodel;

import io.cairnmq.tck.EmbeddedBroker;
import jakarta.jms.BytesMessage;
import jakarta.jms.JMSException;
import jakarta.jms.Message;
import jakarta.jms.MessageConsumer;
import jakarta.jms.MessageNotWriteableException;
import jakarta.jms.MessageProducer;
import jakarta.jms.Queue;
import jakarta.jms.Session;
import jakarta.jms.TextMessage;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** Jakarta Messaging 3.1, chapter 3 "JMS message model": bodies and properties across a send. */
@Timeout(30)
class MessageBodyTest {

    @RegisterExtension
    static final EmbeddedBroker BROKER = new EmbeddedBroker();

    @Test
    @DisplayName("3.11 TextMessage and BytesMessage bodies arrive as sent and read-only")
    void bodiesRoundTrip() throws JMSException {
        Session session = BROKER.startedConnection().createSession();
        Queue queue = session.createQueue(EmbeddedBroker.uniqueQueue());
        MessageProducer producer = session.createProducer(queue);
        producer.send(session.createTextMessage("grüße, 世界"));
        BytesMessage bytes = session.createBytesMessage();
        bytes.writeInt(42);
        bytes.writeUTF("tail");
        bytes.writeBytes(new byte[] {9, 8, 7});
        producer.send(bytes);
        producer.send(session.createTextMessage(null));

        MessageConsumer consumer = session.createConsumer(queue);
        TextMessage text = assertInstanceOf(TextMessage.class, consumer.receive(5_000));
        assertEquals("grüße, 世界", text.getText());
        assertThrows(MessageNotWriteableException.class, () -> text.setText("changed"));
        BytesMessage gotBytes = assertInstanceOf(BytesMessage.class, consumer.receive(5_000));
        assertEquals(4 + 2 + 4 + 3, gotBytes.getBodyLength());
        assertEquals(42, gotBytes.readInt());
        assertEquals("tail", gotBytes.readUTF());
        byte[] rest = new byte[3];
        assertEquals(3, gotBytes.readBytes(rest));
        assertArrayEquals(new byte[] {9, 8, 7}, rest);
        assertEquals(null, ((TextMessage) consumer.receive(5_000)).getText());
    }

    /** Outside the packages trusted by default. */
    record Parcel(String label) implements java.io.Serializable {
    }

    @Test
    @DisplayName("3.11.3 MapMessage and 3.11.5 ObjectMessage bodies arrive as sent; untrusted classes are refused")
    void mapAndObjectBodies() throws JMSException {
        Session session = BROKER.startedConnection().createSession();
        Queue queue = session.createQueue(EmbeddedBroker.uniqueQueue());
        MessageProducer producer = session.createProducer(queue);
        jakarta.jms.MapMessage map = session.createMapMessage();
        map.setInt("quantity", 3);
        map.setString("sku", "A-1");
        map.setBytes("raw", new byte[] {5});
        producer.send(map);
        producer.send(session.createObjectMessage(new java.util.ArrayList<>(java.util.List.of("x", "y"))));
        producer.send(session.createObjectMessage(new Parcel("fragile")));

        MessageConsumer consumer = session.createConsumer(queue);
        jakarta.jms.MapMessage gotMap = assertInstanceOf(jakarta.jms.MapMessage.class, consumer.receive(5_000));
        assertEquals(3, gotMap.getInt("quantity"));
        assertEquals("3", gotMap.getString("quantity"));
        assertEquals("A-1", gotMap.getString("sku"));
        assertArrayEquals(new byte[] {5}, gotMap.getBytes("raw"));
        jakarta.jms.ObjectMessage list = assertInstanceOf(jakarta.jms.ObjectMessage.class, consumer.receive(5_000));
        assertEquals(java.util.List.of("x", "y"), list.getObject());
        jakarta.jms.ObjectMessage parcel = assertInstanceOf(jakarta.jms.ObjectMessage.class, consumer.receive(5_000));
        assertThrows(jakarta.jms.MessageFormatException.class, parcel::getObject,
                "io.cairnmq.tck is not a trusted package on this connection");
    }

    @Test
    @DisplayName("3.11.7 StreamMessage values arrive in order and read-only")
    void streamBody() throws JMSException {
        Session session = BROKER.startedConnection().createSession();
        Queue queue = session.createQueue(EmbeddedBroker.uniqueQueue());
        jakarta.jms.StreamMessage stream = session.createStreamMessage();
        stream.writeInt(1);
        stream.writeString("two");
        stream.writeBytes(new byte[] {3});
        session.createProducer(queue).send(stream);
        jakarta.jms.StreamMessage got = assertInstanceOf(jakarta.jms.StreamMessage.class,
                session.createConsumer(queue).receive(5_000));
        assertEquals("1", got.readString());
        assertEquals("two", got.readString());
        assertArrayEquals(new byte[] {3}, (byte[]) got.readObject());
        assertThrows(MessageNotWriteableException.class, () -> got.writeInt(4));
    }

    @Test
    @DisplayName("3.11.5 A connection that trusts a package reads ObjectMessages of its classes")
    void trustedPackagesOption() throws Exception {
        Session session = BROKER.connection().createSession();
        Queue queue = session.createQueue(EmbeddedBroker.uniqueQueue());
        session.createProducer(queue).send(session.createObjectMessage(new Parcel("fine")));
        String url = BROKER.urlWith("trustedPackages=io.cairnmq.tck,java.lang");
        try (jakarta.jms.Connection trusting = new io.cairnmq.jms.CairnConnectionFactory(url).createConnection()) {
            trusting.start();
            jakarta.jms.ObjectMessage got = (jakarta.jms.ObjectMessage) trusting.createSession()
                    .createConsumer(queue).receive(5_000);
            assertEquals(new Parcel("fine"), got.getObject());
        }
    }

    @Test
    @DisplayName("3.5 Message properties keep their types across a send; received properties are read-only")
    void propertiesRoundTrip() throws JMSException {
        Session session = BROKER.startedConnection().createSession();
        Queue queue = session.createQueue(EmbeddedBroker.uniqueQueue());
        Message m = session.createMessage();
        m.setBooleanProperty("bool", true);
        m.setByteProperty("byte", (byte) 1);
        m.setShortProperty("short", (short) 2);
        m.setIntProperty("int", 3);
        m.setLongProperty("long", 4L);
        m.setFloatProperty("float", 5.5f);
        m.setDoubleProperty("double", 6.5);
        m.setStringProperty("string", "seven");
        m.setJMSCorrelationID("corr-1");
        m.setJMSType("kind");
        m.setJMSReplyTo(queue);
        session.createProducer(queue).send(m);

        Message got = session.createConsumer(queue).receive(5_000);
        assertEquals(Boolean.TRUE, got.getObjectProperty("bool"));
        assertEquals((byte) 1, got.getObjectProperty("byte"));
        assertEquals((short) 2, got.getObjectProperty("short"));
        assertEquals(3, got.getObjectProperty("int"));
        assertEquals(4L, got.getObjectProperty("long"));
        assertEquals(5.5f, got.getObjectProperty("float"));
        assertEquals(6.5, got.getObjectProperty("double"));
        assertEquals("seven", got.getObjectProperty("string"));
        assertEquals("4", got.getStringProperty("long"), "3.5.4 conversion on a received message");
        assertEquals("corr-1", got.getJMSCorrelationID());
        assertEquals("kind", got.getJMSType());
        assertEquals(queue, got.getJMSReplyTo());
        assertThrows(MessageNotWriteableException.class, () -> got.setIntProperty("x", 1), "3.10");
    }
}
