package io.cairnmq.engine.hz;

import com.hazelcast.cluster.Member;
import com.hazelcast.core.HazelcastInstance;
import io.cairnmq.engine.api.EngineException;

import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;

/**
 * Runs a task on another member, on an executor of the engine's own there, and waits for its
 * result: how a member waits for another's journal or reads its disk backlog.
 */
final class MemberTasks {

    static final String EXECUTOR = "cairn.member-tasks";

    private MemberTasks() {
    }

    /** @throws EngineException for a failure of the task (its own, as thrown) or of the call, naming what */
    static <T> T call(HazelcastInstance hz, Member target, Callable<T> task, String what) {
        try {
            return hz.getExecutorService(EXECUTOR).submitToMember(task, target).get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new EngineException("Interrupted while waiting to " + what, e);
        } catch (ExecutionException e) {
            throw HzErrors.translate(e, what);
        }
    }
}
