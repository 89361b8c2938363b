package io.cairnmq.tck.durability;

import io.cairnmq.jms.CairnConnectionFactory;
import jakarta.jms.Connection;
import jakarta.jms.DeliveryMode;
import jakarta.jms.JMSException;
import jakarta.jms.Message;
import jakarta.jms.MessageConsumer;
import jakarta.jms.MessageProducer;
import jakarta.jms.Queue;
import jakarta.jms.Session;
import jakarta.jms.Topic;

import java.io.PrintStream;

/**
 * A JMS client with an embedded broker, run in a child JVM by {@link KillNineTest} and killed
 * with SIGKILL at a random point. It prints a line for every step that the broker has
 * confirmed (a send returned, an acknowledge or commit returned), flushed at once, so that the
 * test knows what was promised before the kill.
 *
 * <pre>
 * CrashClient URL produce COUNT        SENT n after each persistent send to queue "in"
 * CrashClient URL consume              GOT n, then ACKED n after each CLIENT_ACKNOWLEDGE of one message
 * CrashClient URL transact             moves "in" to "out" in transactions of 10: COMMITTED a..b
 * CrashClient URL produce-tx COUNT     sends to "in" in transactions of 10: COMMITTED a..b after each commit
 * CrashClient URL consume-client       CLIENT_ACKNOWLEDGE, acknowledging every 10: ACKED a..b after each
 * CrashClient URL consume-tx           a transacted consumer committing every 10: COMMITTED a..b
 * CrashClient URL drain QUEUE          GOT n for every message left on QUEUE, then END
 * CrashClient URL publish COUNT        subscribes durably to topic "events", then SENT n per publish
 * CrashClient URL drain-durable        GOT n for every message of that durable subscription, then END
 * CrashClient URL backlog COUNT BYTES  sends COUNT messages of BYTES with no consumer, then drains
 *                                      them, checking their order: DRAINED COUNT IN ORDER, then END
 * CrashClient URL xa-prepare COUNT     sends COUNT to "in", then in one XA branch receives 5 of them
 *                                      and sends a copy of each to "out"; PREPARED once the branch is
 *                                      prepared, then waits to be killed
 * CrashClient URL xa-finish DECISION   RECOVERED id for every prepared branch, which it then commits
 *                                      or rolls back (DECISION), then END
 * </pre>
 */
public final class CrashClient {

    private static final String CLIENT_ID = "crash-client";
    private static final String SUBSCRIPTION = "audit";

    private CrashClient() {
    }

    public static void main(String[] args) throws Exception {
        PrintStream out = new PrintStream(System.out, true);
        if (args[1].startsWith("xa-")) {
            CrashXaClient.main(args, out);
            return;
        }
        CairnConnectionFactory factory = new CairnConnectionFactory(args[0]);
        try (Connection connection = factory.createConnection()) {
            if (args[1].equals("publish") || args[1].equals("drain-durable")) {
                connection.setClientID(CLIENT_ID);
            }
            connection.start();
            switch (args[1]) {
                case "produce" -> produce(connection, Integer.parseInt(args[2]), out);
                case "consume" -> consume(connection, out);
                case "transact" -> transact(connection, out);
                case "produce-tx" -> produceInTransactions(connection, Integer.parseInt(args[2]), out);
                case "consume-client" -> consumeInTens(connection, false, out);
                case "consume-tx" -> consumeInTens(connection, true, out);
                case "drain" -> drain(connection, args[2], out);
                case "publish" -> publish(connection, Integer.parseInt(args[2]), out);
                case "drain-durable" -> drainDurable(connection, out);
                case "backlog" -> backlog(connection, Integer.parseInt(args[2]), Integer.parseInt(args[3]), out);
                default -> throw new IllegalArgumentException("unknown mode " + args[1]);
            }
        }
        factory.shutdownBroker();
    }

    private static void produce(Connection connection, int count, PrintStream out) throws JMSException {
        Session session = connection.createSession(false, Session.AUTO_ACKNOWLEDGE);
        MessageProducer producer = session.createProducer(session.createQueue("in"));
        producer.setDeliveryMode(DeliveryMode.PERSISTENT);
        for (int n = 0; n < count; n++) {
            Message m = session.createTextMessage("message " + n);
            m.setIntProperty("n", n);
            producer.send(m);
            out.println("SENT " + n);
        }
        out.println("END");
    }

    private static void consume(Connection connection, PrintStream out) throws JMSException {
        Session session = connection.createSession(false, Session.CLIENT_ACKNOWLEDGE);
        MessageConsumer consumer = session.createConsumer(session.createQueue("in"));
        Message m;
        while ((m = consumer.receive(2_000)) != null) {
            int n = m.getIntProperty("n");
            out.println("GOT " + n);
            m.acknowledge();
            out.println("ACKED " + n);
        }
        out.println("END");
    }

    private static void transact(Connection connection, PrintStream out) throws JMSException {
        Session session = connection.createSession(true, Session.SESSION_TRANSACTED);
        Queue in = session.createQueue("in");
        MessageConsumer consumer = session.createConsumer(in);
        MessageProducer producer = session.createProducer(session.createQueue("out"));
        StringBuilder moved = new StringBuilder();
        Message m;
        int inTransaction = 0;
        while ((m = consumer.receive(2_000)) != null) {
            int n = m.getIntProperty("n");
            Message copy = session.createTextMessage("moved " + n);
            copy.setIntProperty("n", n);
            producer.send(copy);
            moved.append(' ').append(n);
            if (++inTransaction == 10) {
                session.commit();
                out.println("COMMITTED" + moved);
                moved.setLength(0);
                inTransaction = 0;
            }
        }
        session.commit();
        out.println("COMMITTED" + moved);
        out.println("END");
    }

    private static void produceInTransactions(Connection connection, int count, PrintStream out) throws JMSException {
        Session session = connection.createSession(true, Session.SESSION_TRANSACTED);
        MessageProducer producer = session.createProducer(session.createQueue("in"));
        StringBuilder batch = new StringBuilder();
        for (int n = 0; n < count; n++) {
            Message m = session.createTextMessage("message " + n);
            m.setIntProperty("n", n);
            producer.send(m);
            batch.append(' ').append(n);
            if ((n + 1) % 10 == 0 || n == count - 1) {
                session.commit();
                out.println("COMMITTED" + batch);
                batch.setLength(0);
            }
        }
        out.println("END");
    }

    /**
     * Receives, settling every 10 (CLIENT_ACKNOWLEDGE: {@code acknowledge()}; transacted:
     * {@code commit()}) and printing each batch once settled; an unsettled rest goes back.
     */
    private static void consumeInTens(Connection connection, boolean transacted, PrintStream out)
            throws JMSException {
        Session session = transacted ? connection.createSession(true, Session.SESSION_TRANSACTED)
                : connection.createSession(false, Session.CLIENT_ACKNOWLEDGE);
        MessageConsumer consumer = session.createConsumer(session.createQueue("in"));
        StringBuilder batch = new StringBuilder();
        int received = 0;
        Message m;
        while ((m = consumer.receive(2_000)) != null) {
            int n = m.getIntProperty("n");
            out.println("GOT " + n);
            batch.append(' ').append(n);
            if (++received % 10 == 0) {
                if (transacted) {
                    session.commit();
                    out.println("COMMITTED" + batch);
                } else {
                    m.acknowledge();
                    out.println("ACKED" + batch);
                }
                batch.setLength(0);
            }
        }
        if (transacted) {
            session.rollback();
        } else if (batch.length() > 0) {
            session.recover();
        }
        out.println("END");
    }

    private static void publish(Connection connection, int count, PrintStream out) throws JMSException {
        Session session = connection.createSession(false, Session.AUTO_ACKNOWLEDGE);
        Topic events = session.createTopic("events");
        session.createDurableConsumer(events, SUBSCRIPTION).close();
        MessageProducer producer = session.createProducer(events);
        for (int n = 0; n < count; n++) {
            Message m = session.createTextMessage("event " + n);
            m.setIntProperty("n", n);
            producer.send(m);
            out.println("SENT " + n);
        }
        out.println("END");
    }

    private static void backlog(Connection connection, int count, int bytes, PrintStream out) throws JMSException {
        Session session = connection.createSession(false, Session.AUTO_ACKNOWLEDGE);
        Queue queue = session.createQueue("backlog");
        MessageProducer producer = session.createProducer(queue);
        producer.setDeliveryMode(DeliveryMode.NON_PERSISTENT);
        for (int n = 0; n < count; n++) {
            jakarta.jms.BytesMessage m = session.createBytesMessage();
            m.writeBytes(new byte[bytes]);
            m.setIntProperty("n", n);
            producer.send(m);
        }
        producer.close();
        out.println("SENT ALL " + count);
        MessageConsumer consumer = session.createConsumer(queue);
        for (int n = 0; n < count; n++) {
            Message m = consumer.receive(30_000);
            if (m == null || m.getIntProperty("n") != n || ((jakarta.jms.BytesMessage) m).getBodyLength() != bytes) {
                out.println("OUT OF ORDER at " + n + ": " + (m == null ? "nothing" : m.getIntProperty("n")));
                return;
            }
        }
        out.println("DRAINED " + count + " IN ORDER");
        out.println("END");
    }

    private static void drainDurable(Connection connection, PrintStream out) throws JMSException {
        Session session = connection.createSession(false, Session.AUTO_ACKNOWLEDGE);
        print(session.createDurableConsumer(session.createTopic("events"), SUBSCRIPTION), out);
    }

    private static void drain(Connection connection, String queue, PrintStream out) throws JMSException {
        Session session = connection.createSession(false, Session.AUTO_ACKNOWLEDGE);
        print(session.createConsumer(session.createQueue(queue)), out);
    }

    private static void print(MessageConsumer consumer, PrintStream out) throws JMSException {
        Message m;
        while ((m = consumer.receive(2_000)) != null) {
            out.println("GOT " + m.getIntProperty("n") + (m.getJMSRedelivered() ? " redelivered" : ""));
        }
        out.println("END");
    }
}
