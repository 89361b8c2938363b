package io.cairnmq.jms.xa;

import io.cairnmq.engine.api.Delivery;
import io.cairnmq.engine.api.DestinationName;
import io.cairnmq.engine.api.EngineConnection;
import io.cairnmq.engine.api.EngineConsumer;
import io.cairnmq.engine.api.EngineException;
import io.cairnmq.engine.api.EngineProducer;
import io.cairnmq.engine.api.MessageRecord;
import io.cairnmq.engine.api.TransactionInDoubtException;
import io.cairnmq.engine.api.TransactionWork;
import io.cairnmq.engine.api.TransactionRolledBackException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import javax.transaction.xa.XAException;
import javax.transaction.xa.XAResource;
import javax.transaction.xa.Xid;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * The XA branches of one connection that are not prepared yet, and the XA protocol over the
 * engine's two-phase transactions. A branch lives here from {@code start} until it is prepared
 * (then the cluster holds it, and any connection can commit or roll it back), committed in one
 * phase, or rolled back. A branch not finished within its timeout is rolled back here, with
 * what it received going back to its queues; a prepared one never is: only its transaction
 * manager decides it. One lock guards every branch; engine calls run outside it.
 */
public final class Branches {

    private static final Logger LOG = LoggerFactory.getLogger(Branches.class);

    /** How long a branch may stay unprepared when its transaction manager sets no timeout. */
    public static final int DEFAULT_TIMEOUT_SECONDS = 300;
    /** Branches rolled back here whose manager has not come back for them: the oldest are forgotten past this many. */
    static final int MAX_ROLLED_BACK_KEPT = 1_000;

    /** Rolls back the branches whose time is up: one daemon thread for the JVM, asleep while nothing is due. */
    private static final ScheduledThreadPoolExecutor TIMEOUTS = timeoutThread();

    private final EngineConnection engine;
    private final Map<BranchId, Branch> branches = new LinkedHashMap<>();
    /** The connection's XA sessions, whose held deliveries keep their consumers open too. */
    private final java.util.Set<Association> sessions = new java.util.HashSet<>();
    /** One-phase commits whose outcome was not known (XA_HEURHAZ), until the manager forgets them. */
    private final java.util.Set<BranchId> heuristic = new java.util.HashSet<>();
    /** Branches prepared through this connection and not finished yet: a start of one of them is a duplicate. */
    private final java.util.Set<BranchId> preparedHere = new java.util.HashSet<>();
    private boolean closed;

    public Branches(EngineConnection engine) {
        this.engine = engine;
    }

    // ------------------------------------------------------------------ association

    synchronized void opened(Association session) {
        sessions.add(session);
    }

    synchronized void closed(Association session) {
        sessions.remove(session);
    }

    /** Whether the session works in a branch now or is suspended from one (its work is a branch's). */
    synchronized boolean involved(Association session) {
        if (session.current != null) {
            return true;
        }
        for (Branch branch : branches.values()) {
            if (branch.suspended.contains(session)) {
                return true;
            }
        }
        return false;
    }

    /** {@code XAResource.start}: the session works in the branch from now on. */
    public void start(Association session, Xid xid, int flags, int timeoutSeconds) throws XAException {
        BranchId id = BranchId.of(xid);
        if (flags != XAResource.TMNOFLAGS && flags != XAResource.TMJOIN && flags != XAResource.TMRESUME) {
            throw XaErrors.error(XAException.XAER_INVAL, "start takes TMNOFLAGS, TMJOIN or TMRESUME, not " + flags);
        }
        if (flags == XAResource.TMNOFLAGS) {
            refuseIfStillPrepared(id);
        }
        synchronized (this) {
            ensureOpen();
            if (session.current != null && session.current.rolledBack != 0) {
                // Its branch was rolled back behind it (timeout, or the manager) and never ended: let go.
                Branch dead = session.current;
                dead.associated.remove(session);
                session.current = null;
                forgetIfUnused(dead);
            }
            if (session.current != null) {
                throw XaErrors.error(XAException.XAER_PROTO, "The session works in branch " + session.current.id
                        + " already; end that association before starting " + id);
            }
            Branch branch = branches.get(id);
            if (flags == XAResource.TMNOFLAGS) {
                if (branch != null) {
                    throw XaErrors.error(XAException.XAER_DUPID, "Branch " + id + " exists already; join it with TMJOIN");
                }
                branch = new Branch(id);
                branches.put(id, branch);
                scheduleTimeout(branch, timeoutSeconds);
            } else if (branch == null) {
                throw XaErrors.error(XAException.XAER_NOTA, "No branch " + id + " to " + (flags == XAResource.TMJOIN
                        ? "join" : "resume") + " on this connection");
            } else if (flags == XAResource.TMRESUME && !branch.suspended.remove(session)) {
                throw XaErrors.error(XAException.XAER_PROTO, "The session is not suspended from branch " + id);
            } else if (flags == XAResource.TMJOIN && branch.suspended.contains(session)) {
                throw XaErrors.error(XAException.XAER_PROTO, "The session is suspended from branch " + id
                        + "; resume it with TMRESUME");
            }
            if (branch.rolledBack != 0) {
                forgetIfUnused(branch);
                throw XaErrors.error(branch.rolledBack, "Branch " + id + " was rolled back: " + branch.rolledBackWhy);
            }
            branch.associated.add(session);
            session.current = branch;
            // What the session received for the next branch (a resource adapter's message) is this one's.
            Branch joined = branch;
            session.held.forEach((consumer, deliveries) ->
                    joined.delivered.computeIfAbsent(consumer, c -> new ArrayList<>()).addAll(deliveries));
            session.held.clear();
            joined.consumersToClose.addAll(session.heldConsumersToClose);
            session.heldConsumersToClose.clear();
        }
    }

    /** {@code XAResource.end}: the session's association with the branch ends, or is suspended. */
    public void end(Association session, Xid xid, int flags) throws XAException {
        BranchId id = BranchId.of(xid);
        if (flags != XAResource.TMSUCCESS && flags != XAResource.TMFAIL && flags != XAResource.TMSUSPEND) {
            throw XaErrors.error(XAException.XAER_INVAL, "end takes TMSUCCESS, TMFAIL or TMSUSPEND, not " + flags);
        }
        synchronized (this) {
            Branch branch = branches.get(id);
            if (branch == null) {
                throw XaErrors.error(XAException.XAER_NOTA, "No branch " + id + " on this connection");
            }
            if (session.current == branch) {
                branch.associated.remove(session);
                session.current = null;
            } else if (flags == XAResource.TMSUSPEND || !branch.suspended.remove(session)) {
                throw XaErrors.error(XAException.XAER_PROTO, "The session does not work in branch " + id);
            }
            if (flags == XAResource.TMSUSPEND) {
                branch.suspended.add(session);
            } else if (flags == XAResource.TMFAIL) {
                branch.rollbackOnly = true;
            }
            if (branch.rolledBack != 0) {
                throw XaErrors.error(branch.rolledBack, "Branch " + id + " was rolled back: " + branch.rolledBackWhy);
            }
        }
    }

    // ------------------------------------------------------------------ the work of a branch

    synchronized boolean send(Association session, EngineProducer producer, DestinationName destination,
                              MessageRecord message) {
        Branch branch = session.current;
        if (branch == null) {
            return false;
        }
        if (branch.rolledBack != 0) {
            throw new TransactionRolledBackException("The transaction branch " + branch.id + " was rolled back ("
                    + branch.rolledBackWhy + "); nothing more can be sent in it");
        }
        branch.sends.add(new TransactionWork.Send(producer, destination, message));
        return true;
    }

    void delivered(Association session, EngineConsumer consumer, Delivery delivery) {
        boolean release;
        synchronized (this) {
            Branch branch = session.current;
            if (branch != null && branch.rolledBack == 0) {
                branch.delivered.computeIfAbsent(consumer, c -> new ArrayList<>()).add(delivery);
                return;
            }
            if (branch == null && session.holding()) {
                session.held.computeIfAbsent(consumer, c -> new ArrayList<>()).add(delivery);
                return;
            }
            release = branch != null;
        }
        // Outside the lock: these call the engine.
        if (release) {
            consumer.release(delivery);
        } else {
            consumer.acknowledge(delivery);
        }
    }

    void releaseHeld(Association session) {
        java.util.Map<EngineConsumer, List<Delivery>> held;
        List<EngineConsumer> toClose;
        synchronized (this) {
            held = new java.util.IdentityHashMap<>(session.held);
            session.held.clear();
            toClose = List.copyOf(session.heldConsumersToClose);
            session.heldConsumersToClose.clear();
        }
        held.forEach((consumer, deliveries) -> deliveries.forEach(consumer::release));
        toClose.forEach(EngineConsumer::close);
    }

    synchronized boolean keepOpen(EngineProducer producer) {
        for (Branch branch : branches.values()) {
            if (branch.rolledBack == 0 && branch.uses(producer)) {
                branch.producersToClose.add(producer);
                return true;
            }
        }
        return false;
    }

    synchronized boolean keepOpen(EngineConsumer consumer) {
        for (Branch branch : branches.values()) {
            if (branch.rolledBack == 0 && branch.delivered.containsKey(consumer)) {
                branch.consumersToClose.add(consumer);
                return true;
            }
        }
        for (Association session : sessions) {
            if (session.held.containsKey(consumer)) {
                // Held for the session's next branch, which takes over closing it.
                session.heldConsumersToClose.add(consumer);
                return true;
            }
        }
        return false;
    }

    // ------------------------------------------------------------------ completion

    /**
     * {@code XAResource.prepare}: hands the branch to the cluster, which keeps it (through member
     * crashes) until a commit or rollback from any connection.
     *
     * @return XA_OK, or XA_RDONLY when the branch changed nothing (it is then finished)
     */
    public int prepare(Xid xid) throws XAException {
        BranchId id = BranchId.of(xid);
        Branch branch = takeToFinish(id, "prepare");
        refuseIfRollbackOnly(branch);
        try {
            boolean changed = engine.prepare(id.transactionId(), branch.work());
            if (changed) {
                synchronized (this) {
                    preparedHere.add(id);
                }
            }
            return changed ? XAResource.XA_OK : XAResource.XA_RDONLY;
        } catch (EngineException e) {
            releaseDeliveries(branch);
            throw XaErrors.ofRolledBack(id, e);
        } finally {
            closeKeptOpen(branch);
        }
    }

    /** {@code XAResource.commit}: of a prepared branch, or of one not prepared in one phase. */
    public void commit(Xid xid, boolean onePhase) throws XAException {
        BranchId id = BranchId.of(xid);
        if (!onePhase) {
            synchronized (this) {
                ensureOpen();
                Branch branch = branches.get(id);
                if (branch != null) {
                    throw XaErrors.error(branch.rolledBack != 0 ? branch.rolledBack : XAException.XAER_PROTO,
                            "Branch " + id + " is not prepared" + (branch.rolledBack != 0 ? "; it was rolled back: "
                                    + branch.rolledBackWhy : ": prepare it first, or commit it in one phase"));
                }
            }
            try {
                engine.commitPrepared(id.transactionId());
            } catch (EngineException e) {
                throw forgetIfGone(id, XaErrors.ofCommit(id, e));
            }
            finishedPrepared(id);
            return;
        }
        Branch branch = takeToFinish(id, "commit");
        refuseIfRollbackOnly(branch);
        try {
            engine.commit(branch.work());
        } catch (TransactionInDoubtException e) {
            // Not released: the engine finishes the commit all or nothing, and gives them back itself if not.
            synchronized (this) {
                heuristic.add(id);
            }
            throw XaErrors.ofOnePhaseInDoubt(id, e);
        } catch (EngineException e) {
            releaseDeliveries(branch);
            throw XaErrors.ofRolledBack(id, e);
        } finally {
            closeKeptOpen(branch);
        }
    }

    /**
     * {@code XAResource.rollback}: a branch not prepared is dropped here, what it received going
     * back to its queues; a prepared one is rolled back by the cluster.
     */
    public void rollback(Xid xid) throws XAException {
        BranchId id = BranchId.of(xid);
        Branch local;
        synchronized (this) {
            ensureOpen();
            local = branches.get(id);
            if (local != null) {
                if (local.rolledBack != 0) {
                    forgetIfUnused(local);
                    return;
                }
                if (local.inUse()) {
                    // Sessions still work in it: they learn at their next send or end that it is gone.
                    markRolledBack(local, XAException.XA_RBROLLBACK, "rolled back by its transaction manager");
                } else {
                    branches.remove(id);
                    cancelTimeout(local);
                }
            }
        }
        if (local != null) {
            releaseDeliveries(local);
            closeKeptOpen(local);
            return;
        }
        try {
            engine.rollbackPrepared(id.transactionId());
        } catch (EngineException e) {
            throw forgetIfGone(id, XaErrors.ofRollback(id, e));
        }
        finishedPrepared(id);
    }

    /**
     * A new branch with the xid of one prepared through this connection is a duplicate while that
     * one is prepared. The cluster is asked only then (another connection may have finished it).
     */
    private void refuseIfStillPrepared(BranchId id) throws XAException {
        synchronized (this) {
            if (!preparedHere.contains(id)) {
                return;
            }
        }
        List<String> prepared;
        try {
            prepared = engine.preparedTransactions();
        } catch (EngineException e) {
            throw XaErrors.error(XAException.XAER_RMFAIL, "Cannot tell whether branch " + id + " is still prepared: "
                    + e.getMessage());
        }
        if (prepared.contains(id.transactionId())) {
            throw XaErrors.error(XAException.XAER_DUPID, "Branch " + id + " is prepared and not committed or rolled"
                    + " back yet; a new branch needs a new xid");
        }
        finishedPrepared(id);
    }

    /** A prepared branch is committed or rolled back: its xid may be used again. */
    private synchronized void finishedPrepared(BranchId id) {
        preparedHere.remove(id);
    }

    /** After a failed commit or rollback: one that says no such branch is prepared any more also finishes it. */
    private XAException forgetIfGone(BranchId id, XAException failure) {
        if (failure.errorCode == XAException.XAER_NOTA) {
            finishedPrepared(id);
        }
        return failure;
    }

    /** {@code XAResource.recover}: every prepared branch the cluster holds, all at the start of a scan. */
    public Xid[] recover(int flags) throws XAException {
        int known = XAResource.TMSTARTRSCAN | XAResource.TMENDRSCAN;
        if ((flags & ~known) != 0) {
            throw XaErrors.error(XAException.XAER_INVAL, "recover takes TMSTARTRSCAN, TMENDRSCAN or TMNOFLAGS, not "
                    + flags);
        }
        if ((flags & XAResource.TMSTARTRSCAN) == 0) {
            return new Xid[0];
        }
        synchronized (this) {
            ensureOpen();
        }
        List<String> prepared;
        try {
            prepared = engine.preparedTransactions();
        } catch (EngineException e) {
            throw XaErrors.error(XAException.XAER_RMFAIL, "Cannot list the prepared branches: " + e.getMessage(), e);
        }
        List<Xid> result = new ArrayList<>();
        for (String transaction : prepared) {
            BranchId id = BranchId.parse(transaction);
            if (id != null) {
                result.add(id);
            }
        }
        synchronized (this) {
            // Branches of this connection that another one finished meanwhile are not duplicates any more.
            preparedHere.retainAll(result);
        }
        return result.toArray(new Xid[0]);
    }

    /** {@code XAResource.forget}: only a one-phase commit answered XA_HEURHAZ is remembered to forget. */
    public synchronized void forget(Xid xid) throws XAException {
        BranchId id = BranchId.of(xid);
        if (!heuristic.remove(id)) {
            throw XaErrors.error(XAException.XAER_NOTA, "No heuristically completed branch " + id);
        }
    }

    /**
     * The connection closed: its branches that were not prepared are gone with it (the engine
     * gives back what they received); later calls fail with XAER_RMFAIL.
     */
    public void connectionClosed() {
        synchronized (this) {
            closed = true;
            branches.values().forEach(Branches::cancelTimeout);
            branches.clear();
        }
    }

    // ------------------------------------------------------------------ inside

    /** Takes a branch out to prepare or commit it in one phase; it must have no session working in it. */
    private synchronized Branch takeToFinish(BranchId id, String what) throws XAException {
        ensureOpen();
        Branch branch = branches.get(id);
        if (branch == null) {
            throw XaErrors.error(XAException.XAER_NOTA, "No branch " + id + " to " + what + " on this connection");
        }
        if (branch.inUse()) {
            throw XaErrors.error(XAException.XAER_PROTO, "Sessions still work in branch " + id + "; end their"
                    + " associations before the " + what);
        }
        branches.remove(id);
        cancelTimeout(branch);
        if (branch.rolledBack != 0) {
            throw XaErrors.error(branch.rolledBack, "Branch " + id + " was rolled back: " + branch.rolledBackWhy);
        }
        return branch;
    }

    /** A branch ended with TMFAIL, taken to be prepared or committed, is rolled back instead. */
    private void refuseIfRollbackOnly(Branch branch) throws XAException {
        if (branch.rollbackOnly) {
            releaseDeliveries(branch);
            closeKeptOpen(branch);
            throw XaErrors.error(XAException.XA_RBROLLBACK, "Branch " + branch.id + " was ended with TMFAIL; it is"
                    + " rolled back");
        }
    }

    private void scheduleTimeout(Branch branch, int seconds) {
        int effective = seconds > 0 ? seconds : DEFAULT_TIMEOUT_SECONDS;
        branch.timeout = TIMEOUTS.schedule(() -> timedOut(branch, effective), effective, TimeUnit.SECONDS);
    }

    private void timedOut(Branch branch, int seconds) {
        synchronized (this) {
            if (branches.get(branch.id) != branch || branch.rolledBack != 0) {
                return;
            }
            markRolledBack(branch, XAException.XA_RBTIMEOUT, "not prepared within its timeout of " + seconds + " s");
        }
        LOG.warn("XA branch {} was not prepared within {} s: rolled back, what it received goes back to its queues",
                branch.id, seconds);
        releaseDeliveries(branch);
        closeKeptOpen(branch);
    }

    /**
     * Under the lock: the branch is rolled back, but stays known (bounded) so that its sessions
     * and its manager learn why at their next call; its deliveries go back after the lock.
     */
    private void markRolledBack(Branch branch, int code, String why) {
        branch.rolledBack = code;
        branch.rolledBackWhy = why;
        branch.sends.clear();
        cancelTimeout(branch);
        long kept = branches.values().stream().filter(b -> b.rolledBack != 0).count();
        for (Iterator<Branch> it = branches.values().iterator(); it.hasNext() && kept > MAX_ROLLED_BACK_KEPT; ) {
            Branch oldest = it.next();
            if (oldest.rolledBack != 0 && !oldest.inUse()) {
                it.remove();
                kept--;
            }
        }
    }

    /** A branch rolled back here is forgotten once no session works in it any more. */
    private void forgetIfUnused(Branch branch) {
        if (!branch.inUse()) {
            branches.remove(branch.id);
        }
    }

    /** What the branch received goes back to its queues, marked redelivered; called outside the lock (engine calls). */
    private void releaseDeliveries(Branch branch) {
        Map<EngineConsumer, List<Delivery>> delivered;
        synchronized (this) {
            delivered = new java.util.IdentityHashMap<>(branch.delivered);
            branch.delivered.clear();
        }
        delivered.forEach((consumer, deliveries) -> {
            for (Delivery delivery : deliveries) {
                try {
                    consumer.release(delivery);
                } catch (EngineException e) {
                    // A consumer closed meanwhile gave everything it held back itself.
                    LOG.debug("Could not release a delivery of rolled-back branch {}: {}", branch.id, e.getMessage());
                }
            }
        });
    }

    /** The producers and consumers the application closed while the branch needed them close now. */
    private static void closeKeptOpen(Branch branch) {
        for (EngineConsumer consumer : List.copyOf(branch.consumersToClose)) {
            try {
                consumer.close();
            } catch (EngineException e) {
                LOG.debug("Closing a consumer kept for branch {} failed: {}", branch.id, e.getMessage());
            }
        }
        for (EngineProducer producer : List.copyOf(branch.producersToClose)) {
            try {
                producer.close();
            } catch (EngineException e) {
                LOG.warn("Closing a producer kept for branch {} failed: {}", branch.id, e.getMessage());
            }
        }
        branch.consumersToClose.clear();
        branch.producersToClose.clear();
    }

    private static void cancelTimeout(Branch branch) {
        if (branch.timeout != null) {
            branch.timeout.cancel(false);
            branch.timeout = null;
        }
    }

    private void ensureOpen() throws XAException {
        if (closed) {
            throw XaErrors.error(XAException.XAER_RMFAIL, "The connection of this XA resource is closed");
        }
    }

    private static ScheduledThreadPoolExecutor timeoutThread() {
        ScheduledThreadPoolExecutor timer = new ScheduledThreadPoolExecutor(1, r -> {
            Thread t = new Thread(r, "cairnmq-xa-timeouts");
            t.setDaemon(true);
            return t;
        });
        timer.setRemoveOnCancelPolicy(true);
        // No branch waiting: the thread ends after a while, and comes back with the next branch.
        timer.setKeepAliveTime(10, TimeUnit.SECONDS);
        timer.allowCoreThreadTimeOut(true);
        return timer;
    }
}
