package io.cairnmq.samples;

import jakarta.jms.Connection;
import jakarta.jms.ConnectionFactory;
import jakarta.jms.JMSException;
import jakarta.jms.MessageConsumer;
import jakarta.jms.MessageProducer;
import jakarta.jms.Session;
import jakarta.jms.TextMessage;
import jakarta.jms.Topic;

import javax.naming.InitialContext;

/**
 * Publish/subscribe: two subscribers on the {@code Prices} topic (one with a selector) and one
 * publisher; every subscriber gets every price published after it subscribed that its selector
 * accepts.
 */
public final class PubSubSample {

    private PubSubSample() {
    }

    public static void main(String[] args) throws Exception {
        SampleArgs options = new SampleArgs(args);
        int count = (int) options.number("count", 6);
        InitialContext jndi = SampleJndi.open(options);
        try {
            ConnectionFactory factory = (ConnectionFactory) jndi.lookup("ConnectionFactory");
            Topic prices = (Topic) jndi.lookup("Prices");
            try (Connection connection = factory.createConnection()) {
                Session session = connection.createSession(false, Session.AUTO_ACKNOWLEDGE);
                MessageConsumer everything = session.createConsumer(prices);
                MessageConsumer expensive = session.createConsumer(prices, "price > 100");
                connection.start();
                MessageProducer publisher = session.createProducer(prices);
                for (int i = 1; i <= count; i++) {
                    TextMessage m = session.createTextMessage("ACME at " + (i * 40));
                    m.setIntProperty("price", i * 40);
                    publisher.send(m);
                }
                int all = drain("every price", everything);
                int high = drain("price > 100", expensive);
                System.out.println("subscribers got " + all + " and " + high + " prices");
            }
        } finally {
            jndi.close();
        }
    }

    private static int drain(String who, MessageConsumer subscriber) throws JMSException {
        int n = 0;
        TextMessage m;
        while ((m = (TextMessage) subscriber.receive(1_000)) != null) {
            System.out.println(who + ": " + m.getText());
            n++;
        }
        return n;
    }
}
