package io.cairnmq.engine.hz.member;

import io.cairnmq.engine.api.EngineException;
import io.cairnmq.engine.api.EngineUnavailableException;
import io.cairnmq.engine.hz.ops.ShardOperation;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Failures of shard operations injected on purpose, by the tests of the work that must survive
 * them (retries owned by a member, a consumer whose lease fails). Armed per member name and kind
 * of operation, for a number of calls; nothing is ever armed in a running broker, where a check
 * costs one look at an empty map.
 */
public final class InjectedFailures {

    private static final Map<String, Armed> ARMED = new ConcurrentHashMap<>();
    /** The suffix of the failures that come after the call applied. */
    private static final String REPLY = "/reply";

    /** How many calls are still to fail, and whether as a passing fault or for good. */
    private record Armed(AtomicInteger left, boolean passing) {
    }

    private InjectedFailures() {
    }

    /**
     * The next {@code times} calls of operations of this kind made by this member fail: as the
     * cluster fails when a member leaves ({@code passing}), or as an operation that cannot succeed.
     */
    public static void arm(String memberName, Class<? extends ShardOperation> kind, int times, boolean passing) {
        ARMED.put(memberName + "/" + kind.getName(), new Armed(new AtomicInteger(times), passing));
    }

    /**
     * The next {@code times} calls of operations of this kind made by this member are applied,
     * and then fail as if their reply was lost with a member that left (a passing fault).
     */
    public static void armLostReply(String memberName, Class<? extends ShardOperation> kind, int times) {
        ARMED.put(memberName + "/" + kind.getName() + REPLY, new Armed(new AtomicInteger(times), true));
    }

    /** How many injected failures of this kind are still to come. */
    public static int left(String memberName, Class<? extends ShardOperation> kind) {
        Armed armed = ARMED.get(memberName + "/" + kind.getName());
        return armed == null ? 0 : Math.max(0, armed.left().get());
    }

    public static void disarmAll() {
        ARMED.clear();
    }

    /** Throws, before the call, when a failure of this call was injected. */
    static void check(String memberName, ShardOperation operation) {
        check(memberName, operation, "");
    }

    /** Throws, after the call applied, when the loss of its reply was injected. */
    static void checkReply(String memberName, ShardOperation operation) {
        check(memberName, operation, REPLY);
    }

    private static void check(String memberName, ShardOperation operation, String when) {
        if (ARMED.isEmpty()) {
            return;
        }
        Armed armed = ARMED.get(memberName + "/" + operation.getClass().getName() + when);
        if (armed != null && armed.left().getAndDecrement() > 0) {
            String what = "Injected failure of " + operation.getClass().getSimpleName() + " on member " + memberName
                    + (when.isEmpty() ? "" : " (its reply was lost)");
            throw armed.passing() ? new EngineUnavailableException(what, null) : new EngineException(what);
        }
    }
}
