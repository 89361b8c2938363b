package io.cairnmq.engine.hz.recovery;

import io.cairnmq.engine.hz.HzEngine;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/**
 * Work that must eventually succeed and that this member owns until it has: a step that fails is
 * tried again with a doubling pause, counted as pending meanwhile, until it succeeds or no
 * longer applies (the engine stopped, or the step itself finds nothing left to do). Nothing is
 * left to "the next event" that may never come.
 */
public final class OwnedRetries {

    private static final Logger LOG = LoggerFactory.getLogger(OwnedRetries.class);
    public static final long FIRST_RETRY_MILLIS = 100;
    static final long MAX_RETRY_MILLIS = 30_000;

    private final HzEngine engine;
    /** What the steps are about, for the log. */
    private final String kind;
    /** Whether the steps still apply; checked before each attempt. */
    private final BooleanSupplier applies;
    /** Steps still to retry, by what they belong to, with how many. */
    private final Map<String, Integer> pending = new ConcurrentHashMap<>();

    /** A step that must eventually succeed; it throws when it did not. */
    @FunctionalInterface
    public interface Step {
        void run();
    }

    public OwnedRetries(HzEngine engine, String kind) {
        this(engine, kind, () -> true);
    }

    OwnedRetries(HzEngine engine, String kind, BooleanSupplier applies) {
        this.engine = engine;
        this.kind = kind;
        this.applies = applies;
    }

    /** Steps still pending, by what they belong to, with how many. */
    public Map<String, Integer> pending() {
        return Map.copyOf(pending);
    }

    /** Whether a step of {@code owner} is still pending. */
    public boolean isPending(String owner) {
        return pending.containsKey(owner);
    }

    /**
     * Counts {@code owner} as pending while its caller runs steps one after the other, so that a
     * retry finishing meanwhile does not take the owner for done while later steps still run.
     */
    public void hold(String owner) {
        pending.merge(owner, 1, Integer::sum);
    }

    /** Ends a {@link #hold}. */
    public void release(String owner) {
        done(owner);
    }

    public boolean isIdle() {
        return pending.isEmpty();
    }

    /**
     * Runs a step now; if it fails, it is retried in the background, and {@code afterRetry} runs
     * once a retry succeeded (a caller that saw the step succeed at once goes on by itself).
     */
    public void runOrRetry(String owner, String what, Step step, Runnable afterRetry) {
        try {
            step.run();
        } catch (RuntimeException e) {
            LOG.warn("{} {}: could not {} ({}); retrying", kind, owner, what, e.toString());
            retry(owner, what, FIRST_RETRY_MILLIS, step, afterRetry);
        }
    }

    /** Runs a step in the background, at once, and again after each failure. */
    public void retry(String owner, String what, Step step) {
        retry(owner, what, 0, step, () -> { });
    }

    /**
     * Runs a step in the background after {@code delayMillis}, and again after each failure,
     * counted as pending until it succeeded; {@code then} runs once it has.
     */
    public void retry(String owner, String what, long delayMillis, Step step, Runnable then) {
        pending.merge(owner, 1, Integer::sum);
        schedule(owner, what, delayMillis, step, then);
    }

    private void schedule(String owner, String what, long delayMillis, Step step, Runnable then) {
        try {
            engine.timer().schedule(() -> engine.callers().execute(() -> attempt(owner, what, delayMillis, step,
                    then)), delayMillis, TimeUnit.MILLISECONDS);
        } catch (RuntimeException e) {
            // The engine is stopping: its survivors or its next start take the work over.
            done(owner);
        }
    }

    private void attempt(String owner, String what, long delayMillis, Step step, Runnable then) {
        if (!engine.isRunning() || !applies.getAsBoolean()) {
            done(owner);
            return;
        }
        try {
            step.run();
        } catch (RuntimeException e) {
            long next = Math.min(MAX_RETRY_MILLIS, Math.max(FIRST_RETRY_MILLIS, delayMillis * 2));
            LOG.warn("{} {}: could not {} ({}); trying again in {} ms", kind, owner, what, e.toString(), next);
            schedule(owner, what, next, step, then);
            return;
        }
        done(owner);
        then.run();
    }

    private void done(String owner) {
        pending.computeIfPresent(owner, (k, n) -> n == 1 ? null : n - 1);
    }
}
