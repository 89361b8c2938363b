package io.cairnmq.engine.hz;

import com.hazelcast.config.ListenerConfig;
import com.hazelcast.core.Hazelcast;
import com.hazelcast.core.HazelcastInstance;
import io.cairnmq.engine.api.BrokerConfig;
import io.cairnmq.engine.api.Engine;
import io.cairnmq.engine.api.EngineConfigException;
import io.cairnmq.engine.api.EngineFactory;
import io.cairnmq.engine.hz.member.MemberContext;
import io.cairnmq.engine.hz.replica.ReplicaFollower;
import io.cairnmq.engine.security.AccessPolicy;
import io.cairnmq.engine.security.UserStore;

import java.io.IOException;
import java.nio.file.Files;

/** Starts a Hazelcast member and the engine on it; registered as the {@link EngineFactory} service. */
public final class HzEngineFactory implements EngineFactory {

    @Override
    public Engine start(BrokerConfig config) {
        return start(config, new MemberContext(config.name()));
    }

    /**
     * Starts the member with a context made beforehand, which its Hazelcast instance keeps from
     * the start on: tests arm the failures of a member's calls before it starts.
     */
    Engine start(BrokerConfig config, MemberContext member) {
        try {
            Files.createDirectories(config.dataDirectory());
        } catch (IOException e) {
            throw new EngineConfigException("Cannot create the data directory dataDir="
                    + config.dataDirectory().toAbsolutePath() + ": " + e, e);
        }
        UserStore users = config.usersFile() == null ? UserStore.open() : UserStore.fromFile(config.usersFile(),
                config.anonymousUser());
        // Read now only so that a mistake in it fails start-up, not the front end's first connection.
        AccessPolicy.forBroker(config);
        // Listening from before the member joins, so that no partition move it takes part in is missed.
        ReplicaFollower replicas = new ReplicaFollower();
        HazelcastInstance hz = Hazelcast.newHazelcastInstance(HzConfigFactory.create(config, member)
                .addListenerConfig(new ListenerConfig(replicas)));
        JvmExitWatch.ensureStarted();
        try {
            return new HzEngine(config, hz, users, replicas);
        } catch (RuntimeException | Error e) {
            // No engine, no member: one left running would hold partitions nobody serves.
            try {
                hz.getLifecycleService().terminate();
            } catch (RuntimeException stop) {
                e.addSuppressed(stop);
            }
            throw e;
        }
    }
}
