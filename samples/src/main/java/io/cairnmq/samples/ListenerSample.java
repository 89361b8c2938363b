package io.cairnmq.samples;

import jakarta.jms.Connection;
import jakarta.jms.ConnectionFactory;
import jakarta.jms.JMSException;
import jakarta.jms.MessageProducer;
import jakarta.jms.Queue;
import jakarta.jms.Session;
import jakarta.jms.TextMessage;

import javax.naming.InitialContext;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/** A MessageListener receives {@code --count} messages asynchronously, on its session's thread. */
public final class ListenerSample {

    private ListenerSample() {
    }

    public static void main(String[] args) throws Exception {
        SampleArgs options = new SampleArgs(args);
        int count = (int) options.number("count", 10);
        InitialContext jndi = SampleJndi.open(options);
        try {
            ConnectionFactory factory = (ConnectionFactory) jndi.lookup("ConnectionFactory");
            Queue queue = (Queue) jndi.lookup("Orders");
            try (Connection connection = factory.createConnection()) {
                Session listening = connection.createSession(false, Session.AUTO_ACKNOWLEDGE);
                CountDownLatch done = new CountDownLatch(count);
                listening.createConsumer(queue).setMessageListener(message -> {
                    try {
                        System.out.println("listener got: " + ((TextMessage) message).getText());
                    } catch (JMSException e) {
                        throw new IllegalStateException(e);
                    }
                    done.countDown();
                });
                connection.start();
                Session sending = connection.createSession(false, Session.AUTO_ACKNOWLEDGE);
                MessageProducer producer = sending.createProducer(queue);
                for (int i = 1; i <= count; i++) {
                    producer.send(sending.createTextMessage("event " + i));
                }
                if (!done.await(30, TimeUnit.SECONDS)) {
                    throw new IllegalStateException(done.getCount() + " message(s) did not arrive within 30 s");
                }
                System.out.println("listener received " + count + " messages");
            }
        } finally {
            jndi.close();
        }
    }
}
