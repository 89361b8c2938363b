package io.cairnmq.engine.hz.member;

import com.hazelcast.map.IMap;
import com.hazelcast.map.listener.EntryRemovedListener;
import io.cairnmq.engine.api.DestinationInfo;
import io.cairnmq.engine.api.DestinationKind;
import io.cairnmq.engine.api.InvalidDestinationNameException;
import io.cairnmq.engine.store.Journal;
import io.cairnmq.engine.api.DestinationName;
import io.cairnmq.engine.api.DestinationSettings;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Destination settings, kept in a partitioned map so that creation is atomic cluster-wide
 * ({@code putIfAbsent} on the name's owner) and cached on each member: settings never change
 * once a destination exists, so the cache never goes stale. Only temporary destinations are
 * deleted; a removal listener evicts them from every member's cache.
 */
public final class DestinationCatalog {

    private final IMap<String, Integer> shardsByDestination;
    private final int defaultShards;
    private final Map<DestinationName, DestinationInfo> cache = new ConcurrentHashMap<>();
    /** Where destinations this member creates are recorded, to exist again after a restart. */
    private volatile Journal journal = Journal.NONE;

    public DestinationCatalog(IMap<String, Integer> shardsByDestination, int defaultShards) {
        this.shardsByDestination = shardsByDestination;
        this.defaultShards = defaultShards;
        // Only temporary destinations are ever deleted; every member drops them from its cache.
        shardsByDestination.addEntryListener((EntryRemovedListener<String, Integer>) e -> evict(e.getKey()), false);
    }

    /**
     * The destination's settings, creating it with the defaults on first use; a temporary
     * destination must exist already.
     *
     * @throws InvalidDestinationNameException for a temporary destination that was deleted
     */
    public DestinationInfo resolve(DestinationName name) {
        DestinationInfo known = cache.get(name);
        if (known != null) {
            return known;
        }
        if (name.isTemporary()) {
            Integer shards = shardsByDestination.get(name.qualified());
            if (shards == null) {
                throw new InvalidDestinationNameException("The temporary destination " + name
                        + " does not exist: it was deleted, or its connection closed");
            }
            DestinationInfo info = new DestinationInfo(name, new DestinationSettings(shards));
            cache.put(name, info);
            return info;
        }
        return declare(name, new DestinationSettings(defaultShards));
    }

    /** Whether the destination was declared or created by its first use; creates nothing. */
    public boolean exists(DestinationName name) {
        return cache.containsKey(name) || shardsByDestination.containsKey(name.qualified());
    }

    /**
     * The shard count of a destination as far as this member knows without asking anyone (1 when
     * it has not seen it): safe to call on a partition thread.
     */
    public int cachedShards(String qualifiedName) {
        DestinationInfo info = cache.get(DestinationName.parseQualified(qualifiedName));
        return info == null ? 1 : info.settings().shards();
    }

    /** Creates a temporary destination: one shard, so that its order is strict. */
    public void createTemporary(DestinationName name) {
        declare(name, DestinationSettings.STRICT_ORDER);
    }

    /** Deletes a destination's settings here and, through the removal listener, from every member's cache. */
    public void remove(DestinationName name) {
        cache.remove(name);
        shardsByDestination.delete(name.qualified());
    }

    /** Qualified names of every destination in the cluster. */
    public java.util.Set<String> allNames() {
        return shardsByDestination.keySet();
    }

    /** Forgets a destination another member deleted. */
    void evict(String qualifiedName) {
        cache.keySet().removeIf(n -> n.qualified().equals(qualifiedName));
    }

    /** From now on, destinations this member creates are recorded in the journal. */
    public void recordDeclarationsIn(Journal target) {
        this.journal = target;
    }

    public DestinationInfo declare(DestinationName name, DestinationSettings settings) {
        if (name.kind() == DestinationKind.TOPIC) {
            // A topic is one entry: its publishes fan out in one step, in one order.
            settings = DestinationSettings.STRICT_ORDER;
        }
        Integer existing = shardsByDestination.putIfAbsent(name.qualified(), settings.shards());
        if (existing == null && !name.isTemporary()) {
            journal.declare(name.qualified(), settings.shards());
        }
        DestinationInfo info = new DestinationInfo(name,
                existing == null ? settings : new DestinationSettings(existing));
        cache.put(name, info);
        return info;
    }

    /** Every shard key of every destination in the cluster. */
    public List<ShardKey> allShards() {
        List<ShardKey> keys = new ArrayList<>();
        for (Map.Entry<String, Integer> e : shardsByDestination.entrySet()) {
            for (int i = 0; i < e.getValue(); i++) {
                keys.add(new ShardKey(e.getKey(), i));
            }
        }
        return keys;
    }

    public static List<ShardKey> shardKeys(DestinationInfo info) {
        List<ShardKey> keys = new ArrayList<>(info.settings().shards());
        for (int i = 0; i < info.settings().shards(); i++) {
            keys.add(new ShardKey(info.name().qualified(), i));
        }
        return keys;
    }
}
