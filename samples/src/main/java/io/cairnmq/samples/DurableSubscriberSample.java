package io.cairnmq.samples;

import jakarta.jms.Connection;
import jakarta.jms.ConnectionFactory;
import jakarta.jms.MessageConsumer;
import jakarta.jms.MessageProducer;
import jakarta.jms.Session;
import jakarta.jms.TextMessage;
import jakarta.jms.Topic;

import javax.naming.InitialContext;

/**
 * A durable subscription keeps what is published while its subscriber is away: subscribe,
 * go away, let a publisher send, come back with the same client ID and subscription name,
 * receive what was missed, then unsubscribe.
 */
public final class DurableSubscriberSample {

    private static final String CLIENT_ID = "durable-sample";
    private static final String SUBSCRIPTION = "audit";

    private DurableSubscriberSample() {
    }

    public static void main(String[] args) throws Exception {
        SampleArgs options = new SampleArgs(args);
        int count = (int) options.number("count", 3);
        InitialContext jndi = SampleJndi.open(options);
        try {
            ConnectionFactory factory = (ConnectionFactory) jndi.lookup("ConnectionFactory");
            Topic prices = (Topic) jndi.lookup("Prices");
            try (Connection subscriber = factory.createConnection()) {
                subscriber.setClientID(CLIENT_ID);
                subscriber.createSession().createDurableConsumer(prices, SUBSCRIPTION).close();
            }
            System.out.println("subscribed as " + CLIENT_ID + "/" + SUBSCRIPTION + ", now away");
            try (Connection publisher = factory.createConnection()) {
                Session session = publisher.createSession();
                MessageProducer producer = session.createProducer(prices);
                for (int i = 1; i <= count; i++) {
                    producer.send(session.createTextMessage("published while away " + i));
                }
            }
            try (Connection subscriber = factory.createConnection()) {
                subscriber.setClientID(CLIENT_ID);
                Session session = subscriber.createSession();
                MessageConsumer back = session.createDurableConsumer(prices, SUBSCRIPTION);
                subscriber.start();
                int received = 0;
                TextMessage m;
                while ((m = (TextMessage) back.receive(1_000)) != null) {
                    System.out.println("back: " + m.getText());
                    received++;
                }
                back.close();
                session.unsubscribe(SUBSCRIPTION);
                System.out.println("durable subscriber caught up on " + received + " messages and unsubscribed");
            }
        } finally {
            jndi.close();
        }
    }
}
