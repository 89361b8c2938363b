package io.cairnmq.engine.hz;

import com.hazelcast.cluster.Member;
import io.cairnmq.engine.hz.member.ExpiryReply;
import io.cairnmq.engine.hz.member.ShardKey;
import io.cairnmq.engine.hz.ops.ExpireMessages;
import io.cairnmq.engine.queue.Holder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.List;
import java.util.UUID;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * Every {@code expiryScanMillis}, asks each shard this member owns to drop its expired messages,
 * or to hand them to this member's mover for their expiry queue: a queue nobody consumes does not
 * keep an expired backlog in memory. One timer task a period; the shards do the looking, each on
 * its own partition thread; the mover moves.
 */
final class ExpiryScanner {

    private static final Logger LOG = LoggerFactory.getLogger(ExpiryScanner.class);

    private final HzEngine engine;
    private final MessageMover mover;
    private final Holder scanner;
    private volatile ScheduledFuture<?> task;

    ExpiryScanner(HzEngine engine, MessageMover mover) {
        this.engine = engine;
        this.mover = mover;
        this.scanner = new Holder(engine.memberId(), "expiry-scan:" + engine.memberId(), "expiry-scan");
    }

    void start() {
        long period = engine.config().expiryScanMillis();
        if (period > 0) {
            task = engine.timer().scheduleWithFixedDelay(this::scanInBackground, period, period, TimeUnit.MILLISECONDS);
        }
    }

    void stop() {
        ScheduledFuture<?> running = task;
        if (running != null) {
            running.cancel(false);
        }
    }

    /** Off the timer's thread: listing the shards asks the cluster. */
    private void scanInBackground() {
        try {
            mover.thread().execute(this::scan);
        } catch (RejectedExecutionException e) {
            LOG.debug("Expiry scan skipped: the mover is busy or stopping");
        }
    }

    /** Asks every shard owned here; what they hand over is moved as it comes. */
    void scan() {
        if (!engine.isRunning()) {
            return;
        }
        List<ShardKey> keys;
        try {
            keys = engine.catalog().allShards();
        } catch (RuntimeException e) {
            LOG.debug("Expiry scan skipped: {}", e.toString());
            return;
        }
        Member local = engine.hazelcast().getCluster().getLocalMember();
        for (ShardKey key : keys) {
            if (!local.equals(engine.hazelcast().getPartitionService().getPartition(key).getOwner())) {
                continue;
            }
            engine.calls().submit(key, new ExpireMessages(scanner, UUID.randomUUID().toString()),
                    (ExpiryReply reply, Throwable error) -> {
                        if (error != null) {
                            // The next scan looks again.
                            LOG.debug("Expiry scan of {} failed: {}", key, error.toString());
                            return;
                        }
                        engine.wakeups().wake(key, reply);
                        for (ExpiryReply.ToMove m : reply.toMove()) {
                            mover.move(key, m.subscription(), scanner.mover(), List.of(), m.messages());
                        }
                    });
        }
    }
}
