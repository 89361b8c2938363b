package io.cairnmq.engine.hz.member;

import com.hazelcast.core.HazelcastInstanceNotActiveException;
import com.hazelcast.core.MemberLeftException;
import com.hazelcast.core.OperationTimeoutException;
import com.hazelcast.spi.exception.RetryableException;
import com.hazelcast.spi.exception.TargetDisconnectedException;
import io.cairnmq.engine.api.EngineClosedException;
import io.cairnmq.engine.api.EngineException;
import io.cairnmq.engine.api.EngineUnavailableException;

import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.RejectedExecutionException;

/** The one place where Hazelcast's exceptions become engine exceptions, naming the operation. */
public final class HzErrors {

    private HzErrors() {
    }

    public static EngineException translate(Throwable failure, String operation) {
        Throwable cause = unwrap(failure);
        if (cause instanceof EngineException e) {
            return e;
        }
        if (cause instanceof HazelcastInstanceNotActiveException || cause instanceof RejectedExecutionException) {
            return new EngineClosedException("The broker member is shut down; cannot " + operation, cause);
        }
        if (cause instanceof OperationTimeoutException || cause instanceof TargetDisconnectedException) {
            return new EngineUnavailableException("The cluster did not answer in time; cannot " + operation, cause);
        }
        if (cause instanceof MemberLeftException || cause instanceof RetryableException) {
            // Passing: a member left, or a partition is moving; the same call succeeds later.
            return new EngineUnavailableException("The cluster is changing (" + cause.getClass().getSimpleName()
                    + "); cannot " + operation + " now", cause);
        }
        return new EngineException("Cannot " + operation + ": " + cause, cause);
    }

    static Throwable unwrap(Throwable failure) {
        Throwable t = failure;
        while ((t instanceof CompletionException || t instanceof ExecutionException) && t.getCause() != null) {
            t = t.getCause();
        }
        return t;
    }
}
