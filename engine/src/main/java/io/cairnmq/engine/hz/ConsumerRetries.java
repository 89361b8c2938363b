package io.cairnmq.engine.hz;

import io.cairnmq.engine.api.EngineException;
import io.cairnmq.engine.api.EngineUnavailableException;

import java.util.concurrent.TimeUnit;

/**
 * How a consumer's lease requests and acknowledgement batches that failed go again: only after a
 * passing fault (a member left, a call timed out), after a pause that doubles up to a bound, and
 * for a bounded time. The lease pump and the acknowledgement pipeline both follow it, each on
 * its own.
 */
final class ConsumerRetries {

    /** The pause before the first attempt again. */
    static final long FIRST_RETRY_MILLIS = 100;
    static final long MAX_RETRY_MILLIS = 5_000;
    /**
     * Failing with passing faults this long: the lease requests stop the consumer and say so; an
     * acknowledgement batch is kept for the next flush.
     */
    static final long GIVE_UP_MILLIS = 60_000;

    private ConsumerRetries() {
    }

    /** The pause after {@code pauseMillis} (0 before the first retry). */
    static long nextPause(long pauseMillis) {
        return Math.min(MAX_RETRY_MILLIS, Math.max(FIRST_RETRY_MILLIS, pauseMillis * 2));
    }

    /**
     * Whether {@code failed} is a fault that passes and has not lasted too long: the attempts
     * have failed since {@code failingSince} until {@code now} (both System.nanoTime).
     */
    static boolean passing(EngineException failed, long failingSince, long now) {
        return failed instanceof EngineUnavailableException
                && now - failingSince <= TimeUnit.MILLISECONDS.toNanos(GIVE_UP_MILLIS);
    }
}
