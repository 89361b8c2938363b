package io.cairnmq.engine.hz.replica;

import com.hazelcast.cluster.Member;
import io.cairnmq.engine.api.MessageRecord;
import io.cairnmq.engine.hz.HzEngine;
import io.cairnmq.engine.hz.member.BrowseSpilled;
import io.cairnmq.engine.hz.member.MemberTasks;
import io.cairnmq.engine.hz.member.ShardKey;
import io.cairnmq.engine.hz.ops.AdoptSpilled;
import io.cairnmq.engine.hz.ops.ReadSpillZone;
import io.cairnmq.engine.hz.ops.SpillZoneView;
import io.cairnmq.engine.queue.StoredMessage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Copies the disk backlog of a queue this member has just received from the journal of a
 * member that holds it into this member's journal, a page at a time; each page passes through
 * the shard's partition ({@link AdoptSpilled}), which keeps only the rows still needed.
 */
final class BacklogCopy {

    private static final Logger LOG = LoggerFactory.getLogger(BacklogCopy.class);
    /** Rows copied per step. */
    static final int PAGE = 128;

    private final HzEngine engine;

    BacklogCopy(HzEngine engine) {
        this.engine = engine;
    }

    /** Copies a queue's disk backlog from another holder's journal into this member's, page by page. */
    void copy(ShardKey key, String subscription, Member preferred) {
        SpillZoneView zone = engine.shards().executeOnKey(key, new ReadSpillZone(subscription).on(engine.member()));
        Member source = preferred;
        int copied = 0;
        for (int p = MessageRecord.MAX_PRIORITY; p >= MessageRecord.MIN_PRIORITY; p--) {
            if (zone.count(p) == 0) {
                continue;
            }
            long after = zone.cursor(p);
            List<StoredMessage> rows;
            do {
                BrowseSpilled read = new BrowseSpilled(key, subscription, p, after, PAGE, null);
                Sourced page = readFromHolder(key, read, source);
                source = page.member();
                rows = page.rows();
                if (!rows.isEmpty()) {
                    engine.calls().call(key, new AdoptSpilled(rows, engine.memberId()).onSubscription(subscription));
                    after = rows.get(rows.size() - 1).sequence();
                    copied += rows.size();
                }
            } while (rows.size() == PAGE);
        }
        LOG.debug("Copied {} row(s) of the disk backlog of {} (subscription {}) into this member's journal", copied,
                key, subscription);
    }

    private record Sourced(Member member, List<StoredMessage> rows) {
    }

    /**
     * A page read from the journal of the first member that has it: the one that sent the shard
     * (it held it), then the owner, then any other.
     */
    private Sourced readFromHolder(ShardKey key, BrowseSpilled read, Member preferred) {
        Set<Member> candidates = new LinkedHashSet<>();
        if (preferred != null) {
            candidates.add(preferred);
        }
        Member owner = engine.hazelcast().getPartitionService().getPartition(key).getOwner();
        if (owner != null) {
            candidates.add(owner);
        }
        candidates.addAll(engine.hazelcast().getCluster().getMembers());
        RuntimeException failure = null;
        for (Member member : candidates) {
            if (member.localMember() || !engine.hazelcast().getCluster().getMembers().contains(member)) {
                continue;
            }
            try {
                List<StoredMessage> rows = MemberTasks.call(engine.hazelcast(), member, read,
                        "copy the disk backlog of " + key).messages();
                if (!rows.isEmpty()) {
                    return new Sourced(member, rows);
                }
            } catch (RuntimeException e) {
                failure = e;
            }
        }
        if (failure != null) {
            throw failure;
        }
        return new Sourced(preferred, List.of());
    }
}
