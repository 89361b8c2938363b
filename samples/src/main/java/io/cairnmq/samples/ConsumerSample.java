package io.cairnmq.samples;

import jakarta.jms.Connection;
import jakarta.jms.ConnectionFactory;
import jakarta.jms.Message;
import jakarta.jms.MessageConsumer;
import jakarta.jms.Queue;
import jakarta.jms.Session;
import jakarta.jms.TextMessage;

import javax.naming.InitialContext;

/**
 * Receives from the queue bound as {@code --queue} (default {@code Orders}) until
 * {@code --count} messages arrived or none came for {@code --idle-seconds}.
 */
public final class ConsumerSample {

    private ConsumerSample() {
    }

    public static void main(String[] args) throws Exception {
        SampleArgs options = new SampleArgs(args);
        long count = options.number("count", Long.MAX_VALUE);
        long idleMillis = options.number("idle-seconds", 10) * 1000;
        InitialContext jndi = SampleJndi.open(options);
        try {
            ConnectionFactory factory = (ConnectionFactory) jndi.lookup(options.text("factory", "ConnectionFactory"));
            Queue queue = (Queue) jndi.lookup(options.text("queue", "Orders"));
            try (Connection connection = factory.createConnection()) {
                Session session = connection.createSession(false, Session.AUTO_ACKNOWLEDGE);
                MessageConsumer consumer = session.createConsumer(queue);
                connection.start();
                long received = 0;
                while (received < count) {
                    Message message = consumer.receive(idleMillis);
                    if (message == null) {
                        break;
                    }
                    received++;
                    String text = message instanceof TextMessage t ? t.getText() : message.toString();
                    System.out.println("received: " + text + (message.getJMSRedelivered() ? " (redelivered)" : ""));
                }
                System.out.println("received " + received + " messages from " + queue.getQueueName());
            }
        } finally {
            jndi.close();
        }
    }
}
