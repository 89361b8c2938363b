package io.cairnmq.engine.hz.recovery;

import com.hazelcast.cluster.MembershipEvent;
import com.hazelcast.cluster.MembershipListener;
import io.cairnmq.engine.api.DestinationName;
import io.cairnmq.engine.hz.HzEngine;
import io.cairnmq.engine.hz.member.ShardKey;
import io.cairnmq.engine.hz.member.ChangeReply;
import io.cairnmq.engine.hz.ops.ReleaseGoneHolders;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * When a member leaves, releases on every shard what its connections held (marked
 * redelivered) and wakes this member's consumers, since a wake-up the dead member owed them
 * will not come. Every surviving member does it: the release is idempotent, so a second pass
 * finds nothing, and no single member has to be trusted to survive.
 */
public final class GoneMemberReaper implements MembershipListener {

    private static final Logger LOG = LoggerFactory.getLogger(GoneMemberReaper.class);

    private final HzEngine engine;
    /** Finishes the transactions a departed member was committing. */
    private final TransactionRecovery transactions;

    public GoneMemberReaper(HzEngine engine, TransactionRecovery transactions) {
        this.engine = engine;
        this.transactions = transactions;
    }

    @Override
    public void memberAdded(MembershipEvent event) {
        // nothing held by a new member yet
    }

    @Override
    public void memberRemoved(MembershipEvent event) {
        String gone = event.getMember().getUuid().toString();
        engine.callers().execute(() -> reap(gone));
    }

    private void reap(String memberId) {
        if (!engine.isRunning()) {
            return;
        }
        try {
            engine.clientIds().entrySet().stream()
                    .filter(e -> e.getValue().startsWith(memberId + "/"))
                    .forEach(e -> engine.clientIds().remove(e.getKey(), e.getValue()));
        } catch (RuntimeException e) {
            LOG.warn("Could not free the client IDs of departed member {}", memberId, e);
        }
        deleteTemporaries(memberId);
        // Its transactions first: what they acknowledge is held by the transaction, not released below.
        transactions.finishOrphans(memberId::equals);
        try {
            for (ShardKey key : engine.catalog().allShards()) {
                // Each shard on its own: one that fails (its owner just died too) is retried
                // until it succeeds, and does not keep the others from being released.
                engine.cleanups().runOrRetry(memberId, "release the leases of departed member on " + key,
                        () -> release(key, memberId), () -> engine.wakeups().wakeAllLocal());
            }
        } catch (RuntimeException e) {
            if (engine.isRunning()) {
                engine.cleanups().retry(memberId, "release the leases of departed member", () -> reapLeases(memberId));
            }
        } finally {
            engine.wakeups().wakeAllLocal();
        }
        LOG.info("Released the leases of departed member {}", memberId);
    }

    /** Every shard again (the list of shards could not be read): for the retry. */
    private void reapLeases(String memberId) {
        for (ShardKey key : engine.catalog().allShards()) {
            release(key, memberId);
        }
        engine.wakeups().wakeAllLocal();
    }

    private void release(ShardKey key, String memberId) {
        ChangeReply reply = engine.calls().call(key, ReleaseGoneHolders.on(key, ReleaseGoneHolders.Scope.MEMBER,
                memberId));
        engine.wakeups().wake(key, reply);
    }

    /** The temporary destinations of the departed member's connections go with them. */
    private void deleteTemporaries(String memberId) {
        String ownedBy = DestinationName.TEMPORARY_PREFIX + memberId + ".";
        try {
            for (String qualified : engine.catalog().allNames()) {
                DestinationName name = DestinationName.parseQualified(qualified);
                if (name.name().startsWith(ownedBy)) {
                    engine.deleteDestination(name);
                }
            }
        } catch (RuntimeException e) {
            LOG.warn("Could not delete the temporary destinations of departed member {}", memberId, e);
        }
    }
}
