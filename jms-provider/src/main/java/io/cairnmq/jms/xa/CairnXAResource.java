package io.cairnmq.jms.xa;

import javax.transaction.xa.XAException;
import javax.transaction.xa.XAResource;
import javax.transaction.xa.Xid;

/**
 * The XA resource of one XA session: {@code start} and {@code end} tie the session to a branch
 * of its connection; {@code prepare}, {@code commit}, {@code rollback} and {@code recover} act on
 * branches of that connection or, once prepared, of the whole cluster. Resources of the same
 * connection are the same resource manager ({@link #isSameRM}): a transaction manager may join
 * their sessions in one branch. Those of different connections are not, though they reach the
 * same cluster: a branch's unprepared work lives in its connection.
 */
public final class CairnXAResource implements XAResource {

    private final Association session;
    /** Seconds, as set by the transaction manager; 0 for {@link Branches#DEFAULT_TIMEOUT_SECONDS}. */
    private volatile int timeoutSeconds;

    public CairnXAResource(Association session) {
        this.session = session;
    }

    @Override
    public void start(Xid xid, int flags) throws XAException {
        session.branches().start(session, xid, flags, timeoutSeconds);
    }

    @Override
    public void end(Xid xid, int flags) throws XAException {
        session.branches().end(session, xid, flags);
    }

    @Override
    public int prepare(Xid xid) throws XAException {
        return session.branches().prepare(xid);
    }

    @Override
    public void commit(Xid xid, boolean onePhase) throws XAException {
        session.branches().commit(xid, onePhase);
    }

    @Override
    public void rollback(Xid xid) throws XAException {
        session.branches().rollback(xid);
    }

    @Override
    public Xid[] recover(int flag) throws XAException {
        return session.branches().recover(flag);
    }

    @Override
    public void forget(Xid xid) throws XAException {
        session.branches().forget(xid);
    }

    @Override
    public boolean isSameRM(XAResource other) {
        return other instanceof CairnXAResource resource && resource.session.branches() == session.branches();
    }

    /** The timeout of the branches this resource starts from now on; 0 sets the default back. */
    @Override
    public boolean setTransactionTimeout(int seconds) throws XAException {
        if (seconds < 0) {
            throw XaErrors.error(XAException.XAER_INVAL, "A transaction timeout cannot be negative: " + seconds);
        }
        timeoutSeconds = seconds;
        return true;
    }

    @Override
    public int getTransactionTimeout() {
        int seconds = timeoutSeconds;
        return seconds > 0 ? seconds : Branches.DEFAULT_TIMEOUT_SECONDS;
    }
}
