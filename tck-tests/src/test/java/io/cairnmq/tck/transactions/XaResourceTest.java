package io.cairnmq.tck.transactions;

import io.cairnmq.engine.api.DestinationStats;
import io.cairnmq.jms.CairnXAConnectionFactory;
import io.cairnmq.tck.EmbeddedBroker;
import jakarta.jms.Connection;
import jakarta.jms.JMSException;
import jakarta.jms.Message;
import jakarta.jms.MessageConsumer;
import jakarta.jms.MessageProducer;
import jakarta.jms.Queue;
import jakarta.jms.Session;
import jakarta.jms.TextMessage;
import jakarta.jms.TransactionInProgressException;
import jakarta.jms.TransactionInProgressRuntimeException;
import jakarta.jms.TransactionRolledBackException;
import jakarta.jms.XAConnection;
import jakarta.jms.XAJMSContext;
import jakarta.jms.XASession;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.function.Executable;

import javax.transaction.xa.XAException;
import javax.transaction.xa.XAResource;
import javax.transaction.xa.Xid;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.UUID;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * XA (section 6.2.9 "Distributed transactions", and the X/Open XA contract as
 * {@code javax.transaction.xa.XAResource} states it): an XA session's work belongs to the branch
 * its resource is started on, and happens exactly when the transaction manager commits it.
 */
@Timeout(60)
class XaResourceTest {

    @RegisterExtension
    static final EmbeddedBroker BROKER = new EmbeddedBroker();

    /** A transaction manager's Xid, which need not implement equals. */
    private record TestXid(int formatId, byte[] global, byte[] branch) implements Xid {
        static TestXid fresh() {
            return new TestXid(4660, UUID.randomUUID().toString().getBytes(StandardCharsets.US_ASCII),
                    new byte[] {1});
        }

        TestXid otherBranch() {
            return new TestXid(formatId, global, new byte[] {(byte) (branch[0] + 1)});
        }

        @Override
        public int getFormatId() {
            return formatId;
        }

        @Override
        public byte[] getGlobalTransactionId() {
            return global.clone();
        }

        @Override
        public byte[] getBranchQualifier() {
            return branch.clone();
        }
    }

    @Test
    @DisplayName("A branch's sends are invisible until its two-phase commit, then all arrive")
    void sendsWaitForTheTwoPhaseCommit() throws Exception {
        XASession xa = BROKER.startedXaConnection().createXASession();
        String name = EmbeddedBroker.uniqueQueue();
        MessageProducer producer = xa.createProducer(xa.createQueue(name));
        MessageConsumer observer = observer(name);
        XAResource resource = xa.getXAResource();
        Xid xid = TestXid.fresh();

        resource.start(xid, XAResource.TMNOFLAGS);
        producer.send(xa.createTextMessage("one"));
        producer.send(xa.createTextMessage("two"));
        resource.end(xid, XAResource.TMSUCCESS);
        assertEquals(XAResource.XA_OK, resource.prepare(xid));
        assertNull(observer.receiveNoWait(), "a prepared send arrived before the commit");
        assertEquals(new DestinationStats(0, 0), BROKER.stats(name));
        resource.commit(xid, false);
        assertEquals("one", text(observer.receive(5_000)));
        assertEquals("two", text(observer.receive(5_000)));
    }

    @Test
    @DisplayName("A message received in a branch goes back, redelivered, when the branch rolls back; is gone once it commits")
    void receivesFollowTheBranch() throws Exception {
        String name = EmbeddedBroker.uniqueQueue();
        send(name, "work");
        XASession xa = BROKER.startedXaConnection().createXASession();
        MessageConsumer consumer = xa.createConsumer(xa.createQueue(name));
        XAResource resource = xa.getXAResource();

        Xid first = TestXid.fresh();
        resource.start(first, XAResource.TMNOFLAGS);
        Message m = consumer.receive(5_000);
        assertEquals("work", text(m));
        assertFalse(m.getJMSRedelivered());
        resource.end(first, XAResource.TMSUCCESS);
        assertEquals(XAResource.XA_OK, resource.prepare(first));
        resource.rollback(first);

        Xid second = TestXid.fresh();
        resource.start(second, XAResource.TMNOFLAGS);
        Message again = consumer.receive(5_000);
        assertEquals("work", text(again));
        assertTrue(again.getJMSRedelivered(), "a message of a rolled-back branch comes again marked redelivered");
        resource.end(second, XAResource.TMSUCCESS);
        resource.commit(second, true);
        consumer.close();
        await().untilAsserted(() -> assertEquals(new DestinationStats(0, 0), BROKER.stats(name)));
    }

    @Test
    @DisplayName("A branch that changed nothing is answered XA_RDONLY at prepare and is then finished")
    void readOnlyBranch() throws Exception {
        XAResource resource = BROKER.startedXaConnection().createXASession().getXAResource();
        Xid xid = TestXid.fresh();
        resource.start(xid, XAResource.TMNOFLAGS);
        resource.end(xid, XAResource.TMSUCCESS);
        assertEquals(XAResource.XA_RDONLY, resource.prepare(xid));
        assertXa(XAException.XAER_NOTA, () -> resource.commit(xid, false));
    }

    @Test
    @DisplayName("A one-phase commit sends and acknowledges together; a one-phase commit of a rolled-back branch says so")
    void onePhaseCommit() throws Exception {
        String in = EmbeddedBroker.uniqueQueue();
        String out = EmbeddedBroker.uniqueQueue();
        send(in, "order");
        XASession xa = BROKER.startedXaConnection().createXASession();
        MessageConsumer consumer = xa.createConsumer(xa.createQueue(in));
        MessageProducer producer = xa.createProducer(xa.createQueue(out));
        XAResource resource = xa.getXAResource();
        Xid xid = TestXid.fresh();
        resource.start(xid, XAResource.TMNOFLAGS);
        producer.send(xa.createTextMessage("shipped " + text(consumer.receive(5_000))));
        resource.end(xid, XAResource.TMSUCCESS);
        resource.commit(xid, true);
        assertEquals(new DestinationStats(1, 0), BROKER.stats(out));
        consumer.close();
        await().untilAsserted(() -> assertEquals(new DestinationStats(0, 0), BROKER.stats(in)));

        Xid failed = TestXid.fresh();
        resource.start(failed, XAResource.TMNOFLAGS);
        producer.send(xa.createTextMessage("never"));
        resource.end(failed, XAResource.TMFAIL);
        assertXa(XAException.XA_RBROLLBACK, () -> resource.commit(failed, true));
        assertEquals(new DestinationStats(1, 0), BROKER.stats(out), "a branch ended with TMFAIL committed");
        assertEquals("shipped order", text(observer(out).receive(5_000)));
    }

    @Test
    @DisplayName("A message held for the next branch (as a resource adapter receives before the container's"
            + " transaction) stays held when its consumer closes, and that branch's commit acknowledges it")
    void heldForTheNextBranch() throws Exception {
        String name = EmbeddedBroker.uniqueQueue();
        send(name, "for an MDB");
        io.cairnmq.jms.CairnXASession xa = (io.cairnmq.jms.CairnXASession) BROKER.startedXaConnection().createXASession();
        xa.holdDeliveriesForNextBranch(true);
        MessageConsumer consumer = xa.createConsumer(xa.createQueue(name));
        assertEquals("for an MDB", text(consumer.receive(5_000)));
        consumer.close();
        assertEquals(new DestinationStats(0, 1), BROKER.stats(name), "held: neither acknowledged nor given back");
        XAResource resource = xa.getXAResource();
        Xid xid = TestXid.fresh();
        resource.start(xid, XAResource.TMNOFLAGS);
        resource.end(xid, XAResource.TMSUCCESS);
        assertEquals(XAResource.XA_OK, resource.prepare(xid), "the held message is the branch's");
        resource.commit(xid, false);
        await().untilAsserted(() -> assertEquals(new DestinationStats(0, 0), BROKER.stats(name)));
    }

    @Test
    @DisplayName("A session suspended from a branch cannot recover() what the branch received; a session whose branch"
            + " timed out starts the next one")
    void suspendedWorkStaysTheBranchs() throws Exception {
        String name = EmbeddedBroker.uniqueQueue();
        send(name, "in a branch");
        XASession xa = BROKER.startedXaConnection().createXASession();
        MessageConsumer consumer = xa.createConsumer(xa.createQueue(name));
        XAResource resource = xa.getXAResource();
        Xid xid = TestXid.fresh();
        resource.start(xid, XAResource.TMNOFLAGS);
        assertEquals("in a branch", text(consumer.receive(5_000)));
        resource.end(xid, XAResource.TMSUSPEND);
        assertThrows(jakarta.jms.IllegalStateException.class, xa::recover);
        resource.start(xid, XAResource.TMRESUME);
        resource.end(xid, XAResource.TMSUCCESS);
        resource.commit(xid, true);
        consumer.close();
        await().untilAsserted(() -> assertEquals(new DestinationStats(0, 0), BROKER.stats(name)));

        resource.setTransactionTimeout(1);
        Xid abandoned = TestXid.fresh();
        resource.start(abandoned, XAResource.TMNOFLAGS);
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThrows(TransactionRolledBackException.class,
                () -> xa.createProducer(xa.createQueue(name)).send(xa.createTextMessage("late"))));
        Xid next = TestXid.fresh();
        resource.start(next, XAResource.TMNOFLAGS);
        resource.end(next, XAResource.TMSUCCESS);
        assertEquals(XAResource.XA_RDONLY, resource.prepare(next));
    }

    @Test
    @DisplayName("recover lists every prepared branch of the cluster; another connection commits or rolls them back")
    void preparedBranchesOutliveTheirConnection() throws Exception {
        String name = EmbeddedBroker.uniqueQueue();
        XAConnection first = BROKER.startedXaConnection();
        Xid committed = prepareSend(first.createXASession(), name, "kept");
        Xid rolledBack = prepareSend(first.createXASession(), name, "dropped");
        first.close();

        XAResource other = BROKER.startedXaConnection().createXASession().getXAResource();
        Xid[] prepared = other.recover(XAResource.TMSTARTRSCAN | XAResource.TMENDRSCAN);
        assertTrue(contains(prepared, committed) && contains(prepared, rolledBack), "recover: " + Arrays.toString(prepared));
        assertEquals(0, other.recover(XAResource.TMNOFLAGS).length, "a scan returns everything at its start");
        other.commit(committed, false);
        other.rollback(rolledBack);
        MessageConsumer observer = observer(name);
        assertEquals("kept", text(observer.receive(5_000)));
        assertNull(observer.receive(200), "the rolled-back branch's send arrived");
        Xid[] after = other.recover(XAResource.TMSTARTRSCAN | XAResource.TMENDRSCAN);
        assertFalse(contains(after, committed) || contains(after, rolledBack), "still listed: " + Arrays.toString(after));
        assertXa(XAException.XAER_NOTA, () -> other.commit(committed, false));
    }

    @Test
    @DisplayName("The xid of a prepared branch is not taken by a new one: start on its connection is XAER_DUPID, a"
            + " branch on another connection rolls back at prepare, and the prepared one commits whole")
    void aPreparedXidIsNotReused() throws Exception {
        String name = EmbeddedBroker.uniqueQueue();
        XAConnection first = BROKER.startedXaConnection();
        XASession firstSession = first.createXASession();
        Xid xid = prepareSend(firstSession, name, "prepared");
        XAResource firstResource = firstSession.getXAResource();
        assertXa(XAException.XAER_DUPID, () -> firstResource.start(xid, XAResource.TMNOFLAGS));

        XASession other = BROKER.startedXaConnection().createXASession();
        XAResource otherResource = other.getXAResource();
        otherResource.start(xid, XAResource.TMNOFLAGS);
        other.createProducer(other.createQueue(name)).send(other.createTextMessage("reused"));
        otherResource.end(xid, XAResource.TMSUCCESS);
        XAException refused = assertThrows(XAException.class, () -> otherResource.prepare(xid));
        assertTrue(refused.errorCode >= XAException.XA_RBBASE && refused.errorCode <= XAException.XA_RBEND,
                "prepare of a reused xid: " + refused.errorCode);

        otherResource.commit(xid, false);
        MessageConsumer observer = observer(name);
        assertEquals("prepared", text(observer.receive(5_000)));
        assertNull(observer.receive(200), "the reusing branch's send arrived");
        firstResource.start(xid, XAResource.TMNOFLAGS);
        firstResource.end(xid, XAResource.TMSUCCESS);
        assertEquals(XAResource.XA_RDONLY, firstResource.prepare(xid), "once finished, the xid may be used again");
    }

    @Test
    @DisplayName("Sessions of one connection are one resource manager and can join one branch; other connections are not")
    void joinedSessionsShareTheBranch() throws Exception {
        XAConnection connection = BROKER.startedXaConnection();
        XASession first = connection.createXASession();
        XASession second = connection.createXASession();
        XAResource one = first.getXAResource();
        XAResource two = second.getXAResource();
        assertTrue(one.isSameRM(two));
        assertFalse(one.isSameRM(BROKER.startedXaConnection().createXASession().getXAResource()));
        String name = EmbeddedBroker.uniqueQueue();
        Xid xid = TestXid.fresh();
        one.start(xid, XAResource.TMNOFLAGS);
        two.start(xid, XAResource.TMJOIN);
        first.createProducer(first.createQueue(name)).send(first.createTextMessage("from one"));
        second.createProducer(second.createQueue(name)).send(second.createTextMessage("from two"));
        one.end(xid, XAResource.TMSUCCESS);
        assertXa(XAException.XAER_PROTO, () -> one.prepare(xid));
        two.end(xid, XAResource.TMSUCCESS);
        assertEquals(XAResource.XA_OK, two.prepare(xid));
        one.commit(xid, false);
        MessageConsumer observer = observer(name);
        assertEquals("from one", text(observer.receive(5_000)));
        assertEquals("from two", text(observer.receive(5_000)));
    }

    @Test
    @DisplayName("A suspended session works outside the branch (AUTO_ACKNOWLEDGE) and comes back to it on resume")
    void suspendAndResume() throws Exception {
        XASession xa = BROKER.startedXaConnection().createXASession();
        String name = EmbeddedBroker.uniqueQueue();
        MessageProducer producer = xa.createProducer(xa.createQueue(name));
        MessageConsumer observer = observer(name);
        XAResource resource = xa.getXAResource();
        Xid xid = TestXid.fresh();
        resource.start(xid, XAResource.TMNOFLAGS);
        producer.send(xa.createTextMessage("in the branch, first"));
        resource.end(xid, XAResource.TMSUSPEND);
        assertXa(XAException.XAER_PROTO, () -> resource.start(xid, XAResource.TMJOIN));
        producer.send(xa.createTextMessage("outside"));
        assertEquals("outside", text(observer.receive(5_000)));
        resource.start(xid, XAResource.TMRESUME);
        producer.send(xa.createTextMessage("in the branch, second"));
        resource.end(xid, XAResource.TMSUCCESS);
        assertNull(observer.receiveNoWait());
        resource.commit(xid, true);
        assertEquals("in the branch, first", text(observer.receive(5_000)));
        assertEquals("in the branch, second", text(observer.receive(5_000)));
    }

    @Test
    @DisplayName("Calls out of sequence get the XA codes a transaction manager acts on; commit() and rollback() are refused")
    void protocolErrors() throws Exception {
        XAConnection connection = BROKER.startedXaConnection();
        XASession xa = connection.createXASession();
        XAResource resource = xa.getXAResource();
        XAResource other = connection.createXASession().getXAResource();
        Xid xid = TestXid.fresh();
        assertTrue(xa.getTransacted());
        assertEquals(Session.SESSION_TRANSACTED, xa.getAcknowledgeMode());
        assertThrows(TransactionInProgressException.class, xa::commit);
        assertThrows(TransactionInProgressException.class, xa::rollback);

        assertXa(XAException.XAER_INVAL, () -> resource.start(xid, XAResource.TMSUCCESS));
        assertXa(XAException.XAER_NOTA, () -> resource.start(xid, XAResource.TMJOIN));
        assertXa(XAException.XAER_NOTA, () -> resource.end(xid, XAResource.TMSUCCESS));
        assertXa(XAException.XAER_NOTA, () -> resource.prepare(xid));
        resource.start(xid, XAResource.TMNOFLAGS);
        assertXa(XAException.XAER_PROTO, () -> resource.start(TestXid.fresh(), XAResource.TMNOFLAGS));
        assertXa(XAException.XAER_DUPID, () -> other.start(xid, XAResource.TMNOFLAGS));
        assertXa(XAException.XAER_PROTO, () -> other.end(xid, XAResource.TMSUCCESS));
        assertXa(XAException.XAER_PROTO, () -> resource.prepare(xid));
        resource.end(xid, XAResource.TMSUCCESS);
        assertXa(XAException.XAER_PROTO, () -> resource.commit(xid, false));
        assertXa(XAException.XAER_INVAL, () -> resource.setTransactionTimeout(-1));
        resource.rollback(xid);
        assertXa(XAException.XAER_NOTA, () -> resource.rollback(((TestXid) xid).otherBranch()));
        assertXa(XAException.XAER_NOTA, () -> resource.forget(xid));
    }

    @Test
    @DisplayName("A branch not prepared within its timeout is rolled back: what it received comes back, its session learns why")
    void anAbandonedActiveBranchIsRolledBack() throws Exception {
        String name = EmbeddedBroker.uniqueQueue();
        send(name, "held");
        XASession xa = BROKER.startedXaConnection().createXASession();
        MessageConsumer consumer = xa.createConsumer(xa.createQueue(name));
        MessageProducer producer = xa.createProducer(xa.createQueue(name));
        XAResource resource = xa.getXAResource();
        assertTrue(resource.setTransactionTimeout(1));
        assertEquals(1, resource.getTransactionTimeout());
        Xid xid = TestXid.fresh();
        resource.start(xid, XAResource.TMNOFLAGS);
        assertEquals("held", text(consumer.receive(5_000)));
        consumer.close();
        await().atMost(Duration.ofSeconds(10))
                .untilAsserted(() -> assertEquals(new DestinationStats(1, 0), BROKER.stats(name)));
        assertThrows(TransactionRolledBackException.class, () -> producer.send(xa.createTextMessage("late")));
        assertXa(XAException.XA_RBTIMEOUT, () -> resource.end(xid, XAResource.TMSUCCESS));
        assertXa(XAException.XA_RBTIMEOUT, () -> resource.prepare(xid));
        Message back = observer(name).receive(5_000);
        assertEquals("held", text(back));
        assertTrue(back.getJMSRedelivered());
    }

    @Test
    @DisplayName("A prepared branch is never rolled back behind its transaction manager, whatever its timeout")
    void aPreparedBranchWaitsForItsManager() throws Exception {
        String name = EmbeddedBroker.uniqueQueue();
        XASession xa = BROKER.startedXaConnection().createXASession();
        XAResource resource = xa.getXAResource();
        resource.setTransactionTimeout(1);
        Xid xid = prepareSend(xa, name, "decided later");
        await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(5))
                .until(() -> contains(resource.recover(XAResource.TMSTARTRSCAN | XAResource.TMENDRSCAN), xid));
        resource.commit(xid, false);
        assertEquals("decided later", text(observer(name).receive(5_000)));
    }

    @Test
    @DisplayName("Closing the session before the manager commits keeps the branch whole")
    void theBranchOutlivesItsSession() throws Exception {
        String in = EmbeddedBroker.uniqueQueue();
        String out = EmbeddedBroker.uniqueQueue();
        send(in, "to move");
        XASession xa = BROKER.startedXaConnection().createXASession();
        XAResource resource = xa.getXAResource();
        Xid xid = TestXid.fresh();
        resource.start(xid, XAResource.TMNOFLAGS);
        Message m = xa.createConsumer(xa.createQueue(in)).receive(5_000);
        xa.createProducer(xa.createQueue(out)).send(xa.createTextMessage("moved " + text(m)));
        resource.end(xid, XAResource.TMSUCCESS);
        xa.close();
        assertEquals(XAResource.XA_OK, resource.prepare(xid));
        resource.commit(xid, false);
        assertEquals("moved to move", text(observer(out).receive(5_000)));
        await().untilAsserted(() -> assertEquals(new DestinationStats(0, 0), BROKER.stats(in)));
    }

    @Test
    @DisplayName("An XAJMSContext works in the branch its XAResource starts; commit() is refused")
    void xaContext() throws Exception {
        String name = EmbeddedBroker.uniqueQueue();
        try (XAJMSContext context = new CairnXAConnectionFactory(BROKER.factory().getUrl()).createXAContext()) {
            assertTrue(context.getTransacted());
            assertEquals(context, context.getContext());
            assertThrows(TransactionInProgressRuntimeException.class, context::commit);
            XAResource resource = context.getXAResource();
            Xid xid = TestXid.fresh();
            resource.start(xid, XAResource.TMNOFLAGS);
            context.createProducer().send(context.createQueue(name), "in a context");
            resource.end(xid, XAResource.TMSUCCESS);
            MessageConsumer observer = observer(name);
            assertNull(observer.receiveNoWait());
            resource.commit(xid, true);
            assertEquals("in a context", text(observer.receive(5_000)));
        }
    }

    // ------------------------------------------------------------------ helpers

    private static Xid prepareSend(XASession xa, String queue, String text) throws Exception {
        XAResource resource = xa.getXAResource();
        Xid xid = TestXid.fresh();
        resource.start(xid, XAResource.TMNOFLAGS);
        xa.createProducer(xa.createQueue(queue)).send(xa.createTextMessage(text));
        resource.end(xid, XAResource.TMSUCCESS);
        assertEquals(XAResource.XA_OK, resource.prepare(xid));
        return xid;
    }

    private static void send(String queue, String text) throws JMSException {
        Session session = BROKER.startedConnection().createSession();
        Queue q = session.createQueue(queue);
        session.createProducer(q).send(session.createTextMessage(text));
    }

    private static MessageConsumer observer(String queue) throws JMSException {
        Connection connection = BROKER.startedConnection();
        Session session = connection.createSession();
        return session.createConsumer(session.createQueue(queue));
    }

    private static boolean contains(Xid[] xids, Xid wanted) {
        for (Xid x : xids) {
            if (x.getFormatId() == wanted.getFormatId()
                    && Arrays.equals(x.getGlobalTransactionId(), wanted.getGlobalTransactionId())
                    && Arrays.equals(x.getBranchQualifier(), wanted.getBranchQualifier())) {
                return true;
            }
        }
        return false;
    }

    private static void assertXa(int code, Executable call) {
        XAException e = assertThrows(XAException.class, call);
        assertEquals(code, e.errorCode, "XA code of: " + e.getMessage());
    }

    private static String text(Message m) throws JMSException {
        return m == null ? null : ((TextMessage) m).getText();
    }
}
