package io.cairnmq.engine.hz;

import com.hazelcast.config.Config;
import com.hazelcast.config.InMemoryFormat;
import com.hazelcast.config.JoinConfig;
import com.hazelcast.config.MapConfig;
import com.hazelcast.config.NetworkConfig;
import com.hazelcast.config.SerializerConfig;
import io.cairnmq.engine.api.BrokerConfig;
import io.cairnmq.engine.api.EngineConfigException;
import io.cairnmq.engine.hz.member.HzDataFactory;
import io.cairnmq.engine.hz.member.MemberContext;
import io.cairnmq.engine.hz.member.ShardStateSerializer;
import io.cairnmq.engine.hz.member.TopicStateSerializer;

import io.cairnmq.engine.net.FreePorts;
import java.util.UUID;

/** Turns a {@link BrokerConfig} into the Hazelcast member configuration. */
final class HzConfigFactory {

    static final String SHARDS_MAP = "cairn.shards";
    static final String DESTINATIONS_MAP = "cairn.destinations";
    static final String CLIENT_IDS_MAP = "cairn.clientIds";
    static final String SUBSCRIPTIONS_MAP = "cairn.subscriptions";
    /** Start of every member's instance name, and so of the names of its threads. */
    static final String INSTANCE_PREFIX = "cairnmq-";

    private HzConfigFactory() {
    }

    /** @param member the context the engine's code running on the member finds there */
    static Config create(BrokerConfig broker, MemberContext member) {
        // In the configuration rather than the started instance: see MemberContext.addTo.
        Config config = member.addTo(new Config());
        config.setInstanceName(INSTANCE_PREFIX + broker.name() + "-" + UUID.randomUUID().toString().substring(0, 8));
        config.setClusterName(broker.clusterName());
        config.setProperty("hazelcast.phone.home.enabled", "false");
        config.setProperty("hazelcast.logging.type", "slf4j");
        config.setProperty("hazelcast.socket.bind.any", "false");
        // On SIGTERM a member hands its partitions over before it leaves, so no backup is lost.
        config.setProperty("hazelcast.shutdownhook.policy", "GRACEFUL");
        // Members are started deliberately, one after the other; there is nothing to wait for.
        config.setProperty("hazelcast.wait.seconds.before.join", "0");
        // An idle broker should cost no CPU: nothing reads Hazelcast's metrics, network statistics
        // or health reports, so their periodic collection is switched off or slowed right down.
        config.getMetricsConfig().setEnabled(false);
        config.setProperty("hazelcast.health.monitoring.level", "OFF");
        config.setProperty("hazelcast.network.stats.refresh.interval.seconds", "3600");
        config.getCRDTReplicationConfig().setReplicationPeriodMillis(60_000);
        config.getJetConfig().setEnabled(false);

        NetworkConfig network = config.getNetworkConfig();
        network.setPort(broker.port() == 0 ? FreePorts.take(broker.bindAddress()) : broker.port());
        network.setPortAutoIncrement(false);
        network.getInterfaces().setEnabled(true).addInterface(broker.bindAddress());
        JoinConfig join = network.getJoin();
        join.getMulticastConfig().setEnabled(false);
        join.getAutoDetectionConfig().setEnabled(false);
        join.getTcpIpConfig().setEnabled(broker.joinsCluster());
        broker.members().forEach(join.getTcpIpConfig()::addMember);

        config.addMapConfig(new MapConfig(SHARDS_MAP)
                // Entry processors change the shard object in place: no serialization per operation.
                .setInMemoryFormat(InMemoryFormat.OBJECT)
                .setBackupCount(broker.backupCount())
                .setAsyncBackupCount(0)
                .setStatisticsEnabled(false));
        config.addMapConfig(new MapConfig(DESTINATIONS_MAP)
                .setBackupCount(Math.max(1, broker.backupCount())));
        config.addMapConfig(new MapConfig(SUBSCRIPTIONS_MAP)
                .setBackupCount(Math.max(1, broker.backupCount())));

        config.getSerializationConfig()
                .addDataSerializableFactory(HzDataFactory.FACTORY_ID, new HzDataFactory())
                .addSerializerConfig(new SerializerConfig()
                        .setTypeClass(io.cairnmq.engine.queue.ShardState.class)
                        .setImplementation(new ShardStateSerializer()))
                .addSerializerConfig(new SerializerConfig()
                        .setTypeClass(io.cairnmq.engine.topic.TopicState.class)
                        .setImplementation(new TopicStateSerializer()));
        return config;
    }
}
