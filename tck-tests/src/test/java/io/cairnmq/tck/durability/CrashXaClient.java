package io.cairnmq.tck.durability;

import io.cairnmq.jms.CairnXAConnectionFactory;
import io.cairnmq.jms.xa.BranchId;
import jakarta.jms.DeliveryMode;
import jakarta.jms.JMSException;
import jakarta.jms.Message;
import jakarta.jms.MessageConsumer;
import jakarta.jms.MessageProducer;
import jakarta.jms.Session;
import jakarta.jms.XAConnection;
import jakarta.jms.XASession;

import javax.transaction.xa.XAException;
import javax.transaction.xa.XAResource;
import javax.transaction.xa.Xid;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CountDownLatch;

/** The XA modes of {@link CrashClient}: a branch prepared before the kill, and its end after the restart. */
final class CrashXaClient {

    /** How many messages the prepared branch moves from "in" to "out". */
    static final int MOVED = 5;

    private CrashXaClient() {
    }

    static void main(String[] args, PrintStream out) throws Exception {
        CairnXAConnectionFactory factory = new CairnXAConnectionFactory(args[0]);
        try (XAConnection connection = factory.createXAConnection()) {
            connection.start();
            switch (args[1]) {
                case "xa-prepare" -> prepare(connection, Integer.parseInt(args[2]), out);
                case "xa-finish" -> finish(connection, args[2].equals("commit"), out);
                default -> throw new IllegalArgumentException("unknown mode " + args[1]);
            }
        }
        factory.shutdownBroker();
    }

    private static void prepare(XAConnection connection, int count, PrintStream out) throws Exception {
        Session plain = connection.createSession(false, Session.AUTO_ACKNOWLEDGE);
        MessageProducer sender = plain.createProducer(plain.createQueue("in"));
        sender.setDeliveryMode(DeliveryMode.PERSISTENT);
        for (int n = 0; n < count; n++) {
            Message m = plain.createTextMessage("message " + n);
            m.setIntProperty("n", n);
            sender.send(m);
        }
        XASession xa = connection.createXASession();
        MessageConsumer consumer = xa.createConsumer(xa.createQueue("in"));
        MessageProducer mover = xa.createProducer(xa.createQueue("out"));
        XAResource resource = xa.getXAResource();
        Xid xid = new BranchId(1, "crash-branch".getBytes(StandardCharsets.US_ASCII), new byte[] {1});
        resource.start(xid, XAResource.TMNOFLAGS);
        for (int i = 0; i < MOVED; i++) {
            Message m = consumer.receive(10_000);
            Message copy = xa.createTextMessage("moved");
            copy.setIntProperty("n", m.getIntProperty("n"));
            mover.send(copy);
        }
        resource.end(xid, XAResource.TMSUCCESS);
        if (resource.prepare(xid) != XAResource.XA_OK) {
            throw new IllegalStateException("the branch was not prepared");
        }
        out.println("PREPARED " + xid);
        // Killed here, with the branch prepared and not decided.
        new CountDownLatch(1).await();
    }

    private static void finish(XAConnection connection, boolean commit, PrintStream out)
            throws JMSException, XAException {
        XAResource resource = connection.createXASession().getXAResource();
        for (Xid xid : resource.recover(XAResource.TMSTARTRSCAN | XAResource.TMENDRSCAN)) {
            out.println("RECOVERED " + xid);
            if (commit) {
                resource.commit(xid, false);
            } else {
                resource.rollback(xid);
            }
        }
        out.println("END");
    }
}
