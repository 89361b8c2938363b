package io.cairnmq.samples;

import jakarta.jms.Connection;
import jakarta.jms.ConnectionFactory;
import jakarta.jms.JMSException;
import jakarta.jms.Message;
import jakarta.jms.MessageConsumer;
import jakarta.jms.MessageProducer;
import jakarta.jms.Queue;
import jakarta.jms.Session;
import jakarta.jms.TemporaryQueue;
import jakarta.jms.TextMessage;

import javax.naming.InitialContext;

/**
 * Request/reply: a responder listens on the {@code Requests} queue and answers to each
 * request's {@code JMSReplyTo} (the requester's temporary queue), copying its
 * {@code JMSMessageID} into the reply's {@code JMSCorrelationID}; the requester matches replies
 * to requests by that id.
 */
public final class RequestReplySample {

    private RequestReplySample() {
    }

    public static void main(String[] args) throws Exception {
        SampleArgs options = new SampleArgs(args);
        int count = (int) options.number("count", 5);
        InitialContext jndi = SampleJndi.open(options);
        try {
            ConnectionFactory factory = (ConnectionFactory) jndi.lookup("ConnectionFactory");
            Queue requests = (Queue) jndi.lookup("Requests");
            try (Connection connection = factory.createConnection()) {
                startResponder(connection, requests);
                Session session = connection.createSession(false, Session.AUTO_ACKNOWLEDGE);
                TemporaryQueue replies = session.createTemporaryQueue();
                MessageProducer requester = session.createProducer(requests);
                MessageConsumer replyConsumer = session.createConsumer(replies);
                connection.start();
                for (int i = 1; i <= count; i++) {
                    TextMessage request = session.createTextMessage("what is " + i + " squared?");
                    request.setIntProperty("n", i);
                    request.setJMSReplyTo(replies);
                    requester.send(request);
                    Message reply = replyConsumer.receive(10_000);
                    if (reply == null || !request.getJMSMessageID().equals(reply.getJMSCorrelationID())) {
                        throw new IllegalStateException("no matching reply to request " + i);
                    }
                    System.out.println(request.getText() + " -> " + ((TextMessage) reply).getText());
                }
                System.out.println("requester got " + count + " replies");
            }
        } finally {
            jndi.close();
        }
    }

    private static void startResponder(Connection connection, Queue requests) throws JMSException {
        Session session = connection.createSession(false, Session.AUTO_ACKNOWLEDGE);
        MessageProducer replier = session.createProducer(null);
        session.createConsumer(requests).setMessageListener(request -> {
            try {
                int n = request.getIntProperty("n");
                TextMessage reply = session.createTextMessage(String.valueOf(n * n));
                reply.setJMSCorrelationID(request.getJMSMessageID());
                replier.send(request.getJMSReplyTo(), reply);
            } catch (JMSException e) {
                throw new IllegalStateException(e);
            }
        });
    }
}
