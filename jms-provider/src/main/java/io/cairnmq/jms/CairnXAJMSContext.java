package io.cairnmq.jms;

import jakarta.jms.JMSContext;
import jakarta.jms.XAJMSContext;

import javax.transaction.xa.XAResource;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A context over an XA session: its transaction manager runs its transactions through
 * {@link #getXAResource()}, and {@code commit} and {@code rollback} are refused (the session's
 * own refusal, as a {@code TransactionInProgressRuntimeException}).
 */
public final class CairnXAJMSContext extends CairnJMSContext implements XAJMSContext {

    CairnXAJMSContext(CairnXAConnection connection) {
        super(connection, JMSContext.SESSION_TRANSACTED, new AtomicInteger(),
                (c, mode) -> ((CairnXAConnection) c).openXaSession(Domain.UNIFIED, false));
    }

    @Override
    public JMSContext getContext() {
        return this;
    }

    @Override
    public XAResource getXAResource() {
        return ((CairnXASession) session()).getXAResource();
    }
}
