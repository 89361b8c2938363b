package io.cairnmq.engine.hz;

import io.cairnmq.engine.api.Delivery;
import io.cairnmq.engine.api.EngineBrowser;
import com.hazelcast.cluster.Member;
import io.cairnmq.engine.api.MessageRecord;
import io.cairnmq.engine.hz.member.BrowseSpilled;
import io.cairnmq.engine.hz.member.HzErrors;
import io.cairnmq.engine.hz.member.MemberTasks;
import io.cairnmq.engine.hz.member.ShardKey;
import io.cairnmq.engine.hz.member.BrowseReply;
import io.cairnmq.engine.hz.ops.BrowseMessages;
import io.cairnmq.engine.hz.ops.ReadSpillZone;
import io.cairnmq.engine.hz.ops.SpillZoneView;
import io.cairnmq.engine.queue.StoredMessage;

import java.util.ArrayDeque;
import java.util.HashSet;
import java.util.Set;
import java.util.List;

/** Pages through a queue's shards one after the other, each page read on the shard's owner. */
final class HzBrowser implements EngineBrowser {

    /** Messages fetched per round trip. */
    static final int PAGE = 256;

    private final HzConnection connection;
    private final List<ShardKey> keys;
    private final String selector;
    private final ArrayDeque<StoredMessage> page = new ArrayDeque<>();
    private int shard;
    private int lastPriority;
    private long lastSequence;
    private boolean shardDone;
    /** The shard's disk backlog, once its messages in memory were all seen; null before. */
    private SpillZoneView zone;
    /** Priority of the disk backlog being read, and the sequence after which it goes on. */
    private int spilledPriority;
    private long spilledAfter;
    /** Sequences already shown from memory that may still have a row on disk (paged in early). */
    private final Set<Long> shownFromMemory = new HashSet<>();

    HzBrowser(HzConnection connection, List<ShardKey> keys, String selector) {
        this.connection = connection;
        this.keys = keys;
        this.selector = selector;
    }

    @Override
    public Delivery next() {
        while (page.isEmpty()) {
            if (shardDone && !readSpilled()) {
                shard++;
                shardDone = false;
                lastSequence = 0;
                zone = null;
                shownFromMemory.clear();
            }
            if (shard >= keys.size()) {
                return null;
            }
            if (!shardDone) {
                fetch();
            }
        }
        StoredMessage m = page.poll();
        if (zone == null) {
            lastPriority = m.message().priority();
            lastSequence = m.sequence();
            shownFromMemory.add(m.sequence());
        }
        return m.toDelivery(shard);
    }

    /**
     * After the messages in memory: the next page of the shard's disk backlog, highest priority
     * first. Returns false when the backlog is done (or there is none).
     */
    private boolean readSpilled() {
        ShardKey key = keys.get(shard);
        try {
            if (zone == null) {
                zone = connection.engine().shards().executeOnKey(key,
                        new ReadSpillZone(null).on(connection.engine().member()));
                spilledPriority = MessageRecord.MAX_PRIORITY;
                spilledAfter = zone.cursor(spilledPriority);
            }
            while (spilledPriority >= MessageRecord.MIN_PRIORITY) {
                if (zone.count(spilledPriority) > 0) {
                    List<StoredMessage> rows = readOnOwner(key, new BrowseSpilled(key, null, spilledPriority,
                            spilledAfter, PAGE, selector));
                    for (StoredMessage m : rows) {
                        spilledAfter = m.sequence();
                        if (!shownFromMemory.contains(m.sequence())) {
                            page.add(m);
                        }
                    }
                    if (rows.size() == PAGE) {
                        return true;
                    }
                }
                spilledPriority--;
                if (spilledPriority >= MessageRecord.MIN_PRIORITY) {
                    spilledAfter = zone.cursor(spilledPriority);
                }
                if (!page.isEmpty()) {
                    return true;
                }
            }
            return !page.isEmpty();
        } catch (RuntimeException e) {
            throw HzErrors.translate(e, "browse the disk backlog of " + key);
        }
    }

    /** Runs the read on the member that owns the shard: its journal holds the backlog. */
    private List<StoredMessage> readOnOwner(ShardKey key, BrowseSpilled read) {
        HzEngine engine = connection.engine();
        Member owner = engine.hazelcast().getPartitionService().getPartition(key).getOwner();
        if (owner == null || owner.localMember()) {
            return read.on(engine.member()).call().messages();
        }
        return MemberTasks.call(engine.hazelcast(), owner, read, "browse the disk backlog of " + key).messages();
    }

    private void fetch() {
        connection.ensureOpen();
        BrowseReply reply;
        try {
            reply = connection.engine().shards().executeOnKey(keys.get(shard),
                    new BrowseMessages(lastPriority, lastSequence, PAGE, selector));
        } catch (RuntimeException e) {
            throw HzErrors.translate(e, "browse " + keys.get(shard));
        }
        page.addAll(reply.messages());
        shardDone = reply.messages().size() < PAGE;
    }
}
