package io.cairnmq.jms;

import jakarta.jms.JMSException;

/**
 * A commit whose outcome is not known yet: a broker member failed in the middle. The transaction
 * is not left half done: the broker resolves it, all or nothing (committed when its decision was
 * recorded, rolled back otherwise). Unlike a {@link jakarta.jms.TransactionRolledBackException},
 * it does not say that nothing happened: an application that must know should look (a browse,
 * an idempotent retry).
 */
public class TransactionInDoubtException extends JMSException {

    private static final long serialVersionUID = 1L;

    public TransactionInDoubtException(String reason) {
        super(reason);
    }
}
