package io.cairnmq.samples;

import jakarta.jms.Connection;
import jakarta.jms.ConnectionFactory;
import jakarta.jms.MessageConsumer;
import jakarta.jms.MessageProducer;
import jakarta.jms.Queue;
import jakarta.jms.Session;
import jakarta.jms.TextMessage;

import javax.naming.InitialContext;

/**
 * The quick start: looks up the connection factory and a queue in JNDI (which starts the
 * embedded broker {@code vm://default}), sends ten messages and receives them back.
 */
public final class HelloQueue {

    private HelloQueue() {
    }

    public static void main(String[] args) throws Exception {
        SampleArgs options = new SampleArgs(args);
        int count = (int) options.number("count", 10);
        InitialContext jndi = SampleJndi.open(options);
        ConnectionFactory factory = (ConnectionFactory) jndi.lookup("ConnectionFactory");
        Queue queue = (Queue) jndi.lookup("Orders");
        try (Connection connection = factory.createConnection()) {
            Session session = connection.createSession(false, Session.AUTO_ACKNOWLEDGE);
            MessageProducer producer = session.createProducer(queue);
            for (int i = 1; i <= count; i++) {
                producer.send(session.createTextMessage("order " + i));
            }
            System.out.println("sent " + count + " messages to " + queue.getQueueName());

            MessageConsumer consumer = session.createConsumer(queue);
            connection.start();
            for (int i = 1; i <= count; i++) {
                TextMessage message = (TextMessage) consumer.receive(5_000);
                if (message == null) {
                    throw new IllegalStateException("message " + i + " did not arrive within 5 s");
                }
                System.out.println("received: " + message.getText() + "  (" + message.getJMSMessageID() + ")");
            }
        } finally {
            jndi.close();
        }
    }
}
