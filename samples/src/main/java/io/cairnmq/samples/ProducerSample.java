package io.cairnmq.samples;

import jakarta.jms.Connection;
import jakarta.jms.ConnectionFactory;
import jakarta.jms.DeliveryMode;
import jakarta.jms.MessageProducer;
import jakarta.jms.Queue;
import jakarta.jms.Session;
import jakarta.jms.TextMessage;

import javax.naming.InitialContext;

/**
 * Sends {@code --count} text messages to the queue bound as {@code --queue} (JNDI name,
 * default {@code Orders}). Run it beside {@link ConsumerSample} in another JVM by giving both
 * a cluster URL (see the README): the two embedded members form one broker.
 */
public final class ProducerSample {

    private ProducerSample() {
    }

    public static void main(String[] args) throws Exception {
        SampleArgs options = new SampleArgs(args);
        long count = options.number("count", 10);
        InitialContext jndi = SampleJndi.open(options);
        try {
            ConnectionFactory factory = (ConnectionFactory) jndi.lookup(options.text("factory", "ConnectionFactory"));
            Queue queue = (Queue) jndi.lookup(options.text("queue", "Orders"));
            try (Connection connection = factory.createConnection()) {
                Session session = connection.createSession(false, Session.AUTO_ACKNOWLEDGE);
                MessageProducer producer = session.createProducer(queue);
                producer.setDeliveryMode(options.flag("non-persistent") ? DeliveryMode.NON_PERSISTENT
                        : DeliveryMode.PERSISTENT);
                for (long i = 1; i <= count; i++) {
                    TextMessage message = session.createTextMessage("message " + i);
                    message.setLongProperty("sequence", i);
                    producer.send(message);
                }
                System.out.println("sent " + count + " messages to " + queue.getQueueName());
            }
        } finally {
            jndi.close();
        }
    }
}
