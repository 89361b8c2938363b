package io.cairnmq.engine.hz.member;

import com.hazelcast.cluster.Member;
import com.hazelcast.core.HazelcastInstance;
import io.cairnmq.engine.api.EngineException;
import io.cairnmq.engine.api.EngineUnavailableException;

import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Runs a task on another member, on an executor of the engine's own there, and waits for its
 * result: how a member waits for another's journal or reads its disk backlog.
 */
public final class MemberTasks {

    static final String EXECUTOR = "cairn.member-tasks";
    /** The longest a task on another member may take (its journal's disk included). */
    private static final long TIMEOUT_SECONDS = 60;

    private MemberTasks() {
    }

    /** @throws EngineException for a failure of the task (its own, as thrown) or of the call, naming what */
    public static <T> T call(HazelcastInstance hz, Member target, Callable<T> task, String what) {
        try {
            return hz.getExecutorService(EXECUTOR).submitToMember(task, target).get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new EngineException("Interrupted while waiting to " + what, e);
        } catch (TimeoutException e) {
            throw new EngineUnavailableException("Member " + target + " did not answer within " + TIMEOUT_SECONDS
                    + " s; cannot " + what, e);
        } catch (ExecutionException | RuntimeException e) {
            // RuntimeException: the local member is shutting down and takes no more tasks.
            throw HzErrors.translate(e, what);
        }
    }
}
