package io.cairnmq.engine.hz.member;

import io.cairnmq.engine.api.EngineException;
import io.cairnmq.engine.api.EngineUnavailableException;
import io.cairnmq.engine.hz.ops.ShardOperation;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Failures of shard operations injected on purpose into the calls one member makes, by the tests
 * of the work that must survive them (retries owned by a member, a consumer whose lease fails).
 * Armed per kind of operation, for a number of calls; nothing is ever armed in a running broker,
 * where a check costs one look at an empty map. Each member has its own (see {@link
 * MemberContext#failures}).
 */
public final class InjectedFailures {

    /** The suffix of the failures that come after the call applied. */
    private static final String REPLY = "/reply";

    private final String memberName;
    private final Map<String, Armed> armed = new ConcurrentHashMap<>();

    /** How an injected failure fails a call. */
    public enum Fault {
        /** As the cluster fails when a member leaves: the caller may try again. */
        PASSING,
        /** As an operation that cannot succeed. */
        LASTING
    }

    /** How many calls are still to fail, and how. */
    private record Armed(AtomicInteger left, Fault fault) {
    }

    InjectedFailures(String memberName) {
        this.memberName = memberName;
    }

    /** The next {@code times} calls of operations of this kind made by this member fail with {@code fault}. */
    public void arm(Class<? extends ShardOperation<?>> kind, int times, Fault fault) {
        armed.put(kind.getName(), new Armed(new AtomicInteger(times), fault));
    }

    /**
     * The next {@code times} calls of operations of this kind made by this member are applied,
     * and then fail as if their reply was lost with a member that left (a passing fault).
     */
    public void armLostReply(Class<? extends ShardOperation<?>> kind, int times) {
        armed.put(kind.getName() + REPLY, new Armed(new AtomicInteger(times), Fault.PASSING));
    }

    /** How many injected failures of this kind are still to come. */
    public int left(Class<? extends ShardOperation<?>> kind) {
        Armed failures = armed.get(kind.getName());
        return failures == null ? 0 : Math.max(0, failures.left().get());
    }

    public void disarmAll() {
        armed.clear();
    }

    /** Throws, before the call, when a failure of this call was injected. */
    void check(ShardOperation<?> operation) {
        check(operation, "");
    }

    /** Throws, after the call applied, when the loss of its reply was injected. */
    void checkReply(ShardOperation<?> operation) {
        check(operation, REPLY);
    }

    private void check(ShardOperation<?> operation, String when) {
        if (armed.isEmpty()) {
            return;
        }
        Armed failures = armed.get(operation.getClass().getName() + when);
        if (failures != null && failures.left().getAndDecrement() > 0) {
            String what = "Injected failure of " + operation.getClass().getSimpleName() + " on member " + memberName
                    + (when.isEmpty() ? "" : " (its reply was lost)");
            throw failures.fault() == Fault.PASSING ? new EngineUnavailableException(what, null)
                    : new EngineException(what);
        }
    }
}
