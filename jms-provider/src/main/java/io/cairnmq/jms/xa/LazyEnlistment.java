package io.cairnmq.jms.xa;

import jakarta.jms.JMSException;

/**
 * What a resource adapter does before an XA session works outside a branch: ask its server to
 * enlist the session's resource in the transaction under way, if any (JCA lazy enlistment).
 */
@FunctionalInterface
public interface LazyEnlistment {

    /** @throws JMSException when the server could not enlist the session; the work is not done */
    void beforeWork() throws JMSException;
}
