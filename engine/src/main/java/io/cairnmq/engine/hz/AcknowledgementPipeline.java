package io.cairnmq.engine.hz;

import io.cairnmq.engine.api.Acknowledgements;
import io.cairnmq.engine.api.EngineException;
import io.cairnmq.engine.hz.flow.ConsumerShards;
import io.cairnmq.engine.hz.flow.ShardLedger;
import io.cairnmq.engine.hz.member.HzErrors;
import io.cairnmq.engine.hz.member.ShardKey;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.BooleanSupplier;

/**
 * A consumer's acknowledgements on their way to its shards, outside lease requests: which are
 * due now, the batches in flight, and what failed. One batch in flight at a time keeps many
 * small batches from racing each other. It shares the consumer's lock, which guards its counts
 * together with the consumer's own state; the methods named {@code ...Locked} run under it.
 */
final class AcknowledgementPipeline {

    private static final Logger LOG = LoggerFactory.getLogger(AcknowledgementPipeline.class);

    private final HzEngine engine;
    private final String consumerId;
    private final List<ShardKey> keys;
    private final ShardLedger ledger;
    private final ConsumerShards shards;
    /** EAGER: acknowledgements leave as soon as the previous batch is answered, not in lazy batches. */
    private final Acknowledgements pace;
    private final ReentrantLock lock;
    private final Condition changed;
    /** Whether the consumer is idle (no lease request in flight, nothing buffered); asked under the lock. */
    private final BooleanSupplier idle;
    /** Whether the consumer is closed; asked under the lock. */
    private final BooleanSupplier closed;
    /** Told when confirmations reopen a full window. */
    private final Runnable windowReopened;
    /** Acknowledgement batches sent and not yet answered; a flush waits for them. */
    private int batchesInFlight;
    /** A batch that failed for good (the member shut down): the next flush says so. */
    private EngineException failure;

    AcknowledgementPipeline(HzEngine engine, String consumerId, List<ShardKey> keys, ShardLedger ledger,
                            ConsumerShards shards, Acknowledgements pace, ReentrantLock lock, Condition changed,
                            BooleanSupplier idle, BooleanSupplier closed, Runnable windowReopened) {
        this.windowReopened = windowReopened;
        this.engine = engine;
        this.consumerId = consumerId;
        this.keys = keys;
        this.ledger = ledger;
        this.shards = shards;
        this.pace = pace;
        this.lock = lock;
        this.changed = changed;
        this.idle = idle;
        this.closed = closed;
    }

    /** Whether a batch is sent and not yet answered. */
    boolean anyInFlightLocked() {
        return batchesInFlight > 0;
    }

    /** A flush sends the failed acknowledgements again: what counts is how they fare now. */
    void forgetFailureLocked() {
        failure = null;
    }

    /** The failure of a batch since the last flush, or null; forgets it. */
    EngineException takeFailureLocked() {
        EngineException failed = failure;
        failure = null;
        return failed;
    }

    /**
     * The acknowledgements to send now, or null: when the consumer is idle, when a batch has
     * gathered, or (eager) whenever none is in flight.
     */
    long[][] dueLocked() {
        return dueLocked(false);
    }

    /** As {@link #dueLocked()}; with {@code now}, whatever is pending goes unless a batch is in flight. */
    long[][] dueLocked(boolean now) {
        if (batchesInFlight > 0 || !ledger.anyAcks()) {
            return null;
        }
        if (!now && pace == Acknowledgements.LAZY && !idle.getAsBoolean() && !ledger.anyBatchDue()) {
            return null;
        }
        long[][] due = ledger.drainAllAcks();
        for (long[] sequences : due) {
            if (sequences.length > 0) {
                // Counted while the lock is held, together with the drain: a flush (or a close)
                // that comes before the batch is sent waits for it instead of finding nothing
                // pending and giving the messages back, which would make the late acknowledgement
                // miss them.
                batchesInFlight++;
            }
        }
        return due;
    }

    /** Sends the batches {@link #dueLocked} counted in flight; outside the lock. */
    void send(long[][] due) {
        if (due == null) {
            return;
        }
        for (int shard = 0; shard < due.length; shard++) {
            if (due[shard].length > 0) {
                send(shard, due[shard], 0, System.nanoTime());
            }
        }
    }

    /**
     * Sends a batch; one that fails for a passing fault goes again after a pause, still counted
     * in flight (an acknowledgement of what is no longer held changes nothing, so a retry is
     * safe). One that fails otherwise, or for longer than a passing fault lasts, or because the
     * member shut down, is kept among the acknowledgements to send and the next flush reports it.
     */
    private void send(int shard, long[] sequences, long retryMillis, long failingSince) {
        shards.acknowledgeAsync(shard, sequences, (reply, error) -> {
            EngineException failed = error == null ? null
                    : HzErrors.translate(error, "acknowledge messages on " + keys.get(shard));
            boolean passing = ConsumerRetries.passing(failed, failingSince, System.nanoTime()) && engine.isRunning();
            if (passing) {
                long next = ConsumerRetries.nextPause(retryMillis);
                LOG.warn("Consumer {}: {}; sending them again in {} ms", consumerId, failed.getMessage(), next);
                engine.timer().schedule(() -> send(shard, sequences, next, failingSince), next,
                        TimeUnit.MILLISECONDS);
                return;
            }
            long[][] more;
            boolean reopened = false;
            lock.lock();
            try {
                batchesInFlight--;
                if (failed != null) {
                    failure = failed;
                    for (long sequence : sequences) {
                        ledger.requeued(shard, sequence);
                    }
                } else {
                    reopened = ledger.confirmed(sequences.length);
                }
                changed.signalAll();
                // After a failure the next flush sends them, not this reply at once (no loop).
                more = closed.getAsBoolean() || failed != null ? null : dueLocked();
            } finally {
                lock.unlock();
            }
            send(more);
            if (reopened) {
                windowReopened.run();
            }
        });
    }
}
