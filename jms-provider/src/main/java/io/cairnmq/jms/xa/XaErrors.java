package io.cairnmq.jms.xa;

import io.cairnmq.engine.api.EngineClosedException;
import io.cairnmq.engine.api.EngineException;
import io.cairnmq.engine.api.EngineUnavailableException;
import io.cairnmq.engine.api.TransactionInDoubtException;
import io.cairnmq.engine.api.UnknownTransactionException;

import javax.transaction.xa.XAException;

/** The {@link XAException}s a transaction manager acts on, made from the engine's failures in one place. */
final class XaErrors {

    private XaErrors() {
    }

    static XAException error(int code, String message) {
        XAException e = new XAException(message);
        e.errorCode = code;
        return e;
    }

    static XAException error(int code, String message, Throwable cause) {
        XAException e = error(code, message);
        e.initCause(cause);
        return e;
    }

    /**
     * A failure of {@code commit} of a prepared branch: unknown is XAER_NOTA (finished already,
     * or never prepared); in doubt or unreachable is XAER_RMFAIL (the engine goes on committing a
     * decided commit, and the manager asks again later); anything else XAER_RMERR.
     */
    static XAException ofCommit(BranchId id, EngineException e) {
        if (e instanceof UnknownTransactionException) {
            return error(XAException.XAER_NOTA, "No prepared branch " + id + ": " + e.getMessage(), e);
        }
        if (e instanceof TransactionInDoubtException || e instanceof EngineUnavailableException
                || e instanceof EngineClosedException) {
            return error(XAException.XAER_RMFAIL, "The commit of " + id + " is not confirmed yet: " + e.getMessage(), e);
        }
        return error(XAException.XAER_RMERR, "Cannot commit " + id + ": " + e.getMessage(), e);
    }

    /** A failure of {@code rollback} of a prepared branch. */
    static XAException ofRollback(BranchId id, EngineException e) {
        if (e instanceof UnknownTransactionException) {
            return error(XAException.XAER_NOTA, "No prepared branch " + id + ": " + e.getMessage(), e);
        }
        if (e instanceof EngineUnavailableException || e instanceof EngineClosedException) {
            return error(XAException.XAER_RMFAIL, "Cannot reach the broker to roll back " + id + ": " + e.getMessage(), e);
        }
        // The engine refuses a rollback only when the branch's commit was decided already.
        return error(XAException.XA_HEURCOM, "Branch " + id + " was not rolled back: " + e.getMessage(), e);
    }

    /** A failure of {@code prepare}, or of a one-phase commit: the branch did not happen. */
    static XAException ofRolledBack(BranchId id, EngineException e) {
        int code = e instanceof EngineUnavailableException ? XAException.XA_RBCOMMFAIL : XAException.XA_RBROLLBACK;
        return error(code, "Branch " + id + " was rolled back: " + e.getMessage(), e);
    }

    /** The outcome of a one-phase commit is not known: the cluster finishes it, all or nothing. */
    static XAException ofOnePhaseInDoubt(BranchId id, TransactionInDoubtException e) {
        return error(XAException.XA_HEURHAZ, "The one-phase commit of " + id + " may or may not have happened; the"
                + " broker finishes it all or nothing: " + e.getMessage(), e);
    }
}
