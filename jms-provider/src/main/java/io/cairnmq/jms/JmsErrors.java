package io.cairnmq.jms;

import io.cairnmq.engine.api.EngineClosedException;
import io.cairnmq.engine.api.EngineConfigException;
import io.cairnmq.engine.api.InvalidDestinationNameException;
import io.cairnmq.engine.api.InvalidSelectorSyntaxException;
import io.cairnmq.engine.api.ResourceLimitException;
import jakarta.jms.InvalidDestinationException;
import jakarta.jms.InvalidSelectorException;
import jakarta.jms.JMSException;
import jakarta.jms.ResourceAllocationException;

/** The one translation from engine exceptions to JMS exceptions. */
public final class JmsErrors {

    private JmsErrors() {
    }

    public static JMSException toJms(Throwable failure) {
        if (failure instanceof JMSException jms) {
            return jms;
        }
        JMSException result;
        if (failure instanceof io.cairnmq.engine.api.AuthenticationFailedException
                || failure instanceof io.cairnmq.engine.api.AccessDeniedException) {
            result = new jakarta.jms.JMSSecurityException(failure.getMessage());
        } else if (failure instanceof io.cairnmq.engine.api.ClientIdInUseException) {
            result = new jakarta.jms.InvalidClientIDException(failure.getMessage());
        } else if (failure instanceof io.cairnmq.engine.api.SubscriptionInUseException
                || failure instanceof io.cairnmq.engine.api.DestinationInUseException) {
            result = new jakarta.jms.IllegalStateException(failure.getMessage());
        } else if (failure instanceof io.cairnmq.engine.api.UnknownSubscriptionException) {
            result = new InvalidDestinationException(failure.getMessage());
        } else if (failure instanceof InvalidSelectorSyntaxException) {
            result = new InvalidSelectorException(failure.getMessage());
        } else if (failure instanceof InvalidDestinationNameException) {
            result = new InvalidDestinationException(failure.getMessage());
        } else if (failure instanceof ResourceLimitException) {
            result = new ResourceAllocationException(failure.getMessage());
        } else if (failure instanceof io.cairnmq.engine.api.TransactionRolledBackException) {
            result = new jakarta.jms.TransactionRolledBackException(failure.getMessage());
        } else if (failure instanceof io.cairnmq.engine.api.TransactionInDoubtException) {
            result = new TransactionInDoubtException(failure.getMessage());
        } else if (failure instanceof EngineClosedException) {
            result = new jakarta.jms.IllegalStateException(failure.getMessage());
        } else if (failure instanceof EngineConfigException || failure instanceof IllegalArgumentException) {
            result = new JMSException("Bad configuration: " + failure.getMessage());
        } else {
            result = new JMSException(failure.getMessage() == null ? failure.toString() : failure.getMessage());
        }
        if (failure instanceof Exception e) {
            result.setLinkedException(e);
        }
        result.initCause(failure);
        return result;
    }
}
