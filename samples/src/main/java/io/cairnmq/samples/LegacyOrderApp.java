package io.cairnmq.samples;

import jakarta.jms.JMSException;
import jakarta.jms.Queue;
import jakarta.jms.QueueConnection;
import jakarta.jms.QueueConnectionFactory;
import jakarta.jms.QueueReceiver;
import jakarta.jms.QueueSender;
import jakarta.jms.QueueSession;
import jakarta.jms.Session;
import jakarta.jms.TextMessage;

import javax.naming.InitialContext;
import javax.naming.NamingException;

/**
 * A "legacy" application in the JMS 1.1 style: it knows only {@code jakarta.jms} and JNDI, and
 * the names {@code QueueConnectionFactory} and {@code Orders}. Which provider it runs on is
 * decided by {@code jndi.properties} alone; nothing here names CairnMQ.
 */
public final class LegacyOrderApp {

    private LegacyOrderApp() {
    }

    public static void main(String[] args) throws NamingException, JMSException {
        InitialContext jndi = new InitialContext();
        QueueConnectionFactory factory = (QueueConnectionFactory) jndi.lookup("QueueConnectionFactory");
        Queue orders = (Queue) jndi.lookup("Orders");
        QueueConnection connection = factory.createQueueConnection();
        try {
            QueueSession session = connection.createQueueSession(false, Session.AUTO_ACKNOWLEDGE);
            QueueSender sender = session.createSender(orders);
            for (int i = 1; i <= 3; i++) {
                TextMessage order = session.createTextMessage("<order id='" + i + "'/>");
                order.setStringProperty("customer", "legacy-" + i);
                sender.send(order);
            }
            QueueReceiver receiver = session.createReceiver(orders);
            connection.start();
            for (int i = 1; i <= 3; i++) {
                TextMessage order = (TextMessage) receiver.receive(5_000);
                System.out.println("legacy app processed " + order.getText() + " for "
                        + order.getStringProperty("customer"));
            }
        } finally {
            connection.close();
            jndi.close();
        }
    }
}
