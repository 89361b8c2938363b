package io.cairnmq.engine.hz;

import com.hazelcast.map.IMap;
import io.cairnmq.engine.api.DestinationInfo;
import io.cairnmq.engine.api.DestinationKind;
import io.cairnmq.engine.api.DestinationName;
import io.cairnmq.engine.api.DestinationSettings;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Destination settings, kept in a partitioned map so that creation is atomic cluster-wide
 * ({@code putIfAbsent} on the name's owner) and cached on each member: settings never change
 * once a destination exists, so the cache never goes stale.
 */
final class DestinationCatalog {

    private final IMap<String, Integer> shardsByDestination;
    private final int defaultShards;
    private final Map<DestinationName, DestinationInfo> cache = new ConcurrentHashMap<>();

    DestinationCatalog(IMap<String, Integer> shardsByDestination, int defaultShards) {
        this.shardsByDestination = shardsByDestination;
        this.defaultShards = defaultShards;
    }

    /** The destination's settings, creating it with the defaults on first use. */
    DestinationInfo resolve(DestinationName name) {
        DestinationInfo known = cache.get(name);
        return known != null ? known : declare(name, new DestinationSettings(defaultShards));
    }

    DestinationInfo declare(DestinationName name, DestinationSettings settings) {
        if (name.kind() == DestinationKind.TOPIC) {
            // A topic is one entry: its publishes fan out in one step, in one order.
            settings = DestinationSettings.STRICT_ORDER;
        }
        Integer existing = shardsByDestination.putIfAbsent(name.qualified(), settings.shards());
        DestinationInfo info = new DestinationInfo(name,
                existing == null ? settings : new DestinationSettings(existing));
        cache.put(name, info);
        return info;
    }

    /** Every shard key of every destination in the cluster. */
    List<ShardKey> allShards() {
        List<ShardKey> keys = new ArrayList<>();
        for (Map.Entry<String, Integer> e : shardsByDestination.entrySet()) {
            for (int i = 0; i < e.getValue(); i++) {
                keys.add(new ShardKey(e.getKey(), i));
            }
        }
        return keys;
    }

    static List<ShardKey> shardKeys(DestinationInfo info) {
        List<ShardKey> keys = new ArrayList<>(info.settings().shards());
        for (int i = 0; i < info.settings().shards(); i++) {
            keys.add(new ShardKey(info.name().qualified(), i));
        }
        return keys;
    }
}
