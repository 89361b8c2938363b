package io.cairnmq.ra.outbound;

import io.cairnmq.jms.xa.BranchId;
import jakarta.resource.ResourceException;
import jakarta.resource.spi.LocalTransaction;
import jakarta.resource.spi.LocalTransactionException;

import javax.transaction.xa.XAException;
import javax.transaction.xa.XAResource;
import java.nio.charset.StandardCharsets;
import java.util.UUID;

/**
 * A resource-manager local transaction, for a server that runs the pool without XA: a branch of
 * the session's own, committed in one phase.
 */
final class LocalTransactionOverXa implements LocalTransaction {

    /** Marks the branches of local transactions, which no transaction manager ever recovers. */
    private static final int FORMAT = 0x43414952;

    private final XAResource resource;
    private BranchId branch;

    LocalTransactionOverXa(XAResource resource) {
        this.resource = resource;
    }

    @Override
    public synchronized void begin() throws ResourceException {
        if (branch != null) {
            throw new LocalTransactionException("A local transaction is open already");
        }
        BranchId started = new BranchId(FORMAT, UUID.randomUUID().toString().getBytes(StandardCharsets.US_ASCII),
                new byte[] {1});
        try {
            resource.start(started, XAResource.TMNOFLAGS);
        } catch (XAException e) {
            throw failure("begin", e);
        }
        branch = started;
    }

    @Override
    public synchronized void commit() throws ResourceException {
        BranchId ending = take("commit");
        try {
            resource.end(ending, XAResource.TMSUCCESS);
            resource.commit(ending, true);
        } catch (XAException e) {
            throw failure("commit", e);
        }
    }

    @Override
    public synchronized void rollback() throws ResourceException {
        BranchId ending = take("rollback");
        try {
            resource.end(ending, XAResource.TMSUCCESS);
            resource.rollback(ending);
        } catch (XAException e) {
            throw failure("rollback", e);
        }
    }

    private BranchId take(String what) throws LocalTransactionException {
        if (branch == null) {
            throw new LocalTransactionException("No local transaction to " + what);
        }
        BranchId taken = branch;
        branch = null;
        return taken;
    }

    private static LocalTransactionException failure(String what, XAException e) {
        LocalTransactionException failure = new LocalTransactionException("The local transaction's " + what
                + " failed (XA code " + e.errorCode + "): " + e.getMessage(), String.valueOf(e.errorCode));
        failure.initCause(e);
        return failure;
    }
}
