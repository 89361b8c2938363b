package io.cairnmq.engine.hz;

import com.hazelcast.core.Hazelcast;
import com.hazelcast.core.HazelcastInstance;
import io.cairnmq.engine.api.BrokerConfigParser;
import io.cairnmq.engine.api.EngineConfigException;
import io.cairnmq.engine.api.StoreFailureException;
import io.cairnmq.engine.net.FreePorts;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A member whose engine cannot start does not stay behind, holding partitions nobody serves; a
 * wrong security file stops start-up before a member is started at all.
 */
@Timeout(120)
class HzEngineFactoryTest {

    @TempDir
    Path dataDir;

    @Test
    void aMemberWhoseEngineFailsToStartIsShutDown() throws Exception {
        // A journal written by a newer CairnMQ: the engine refuses it, after its member started.
        try (Connection c = DriverManager.getConnection("jdbc:h2:file:" + dataDir.toAbsolutePath().resolve("journal"),
                "cairnmq", "");
             Statement s = c.createStatement()) {
            s.execute("CREATE TABLE cairn_schema (version INT NOT NULL)");
            s.execute("INSERT INTO cairn_schema VALUES (999)");
        }
        Map<String, String> options = Map.of("dataDir", dataDir.toString(), "cluster", "c-" + UUID.randomUUID(),
                "port", String.valueOf(FreePorts.take("127.0.0.1")));
        Set<HazelcastInstance> before = Set.copyOf(Hazelcast.getAllHazelcastInstances());

        StoreFailureException e = assertThrows(StoreFailureException.class,
                () -> new HzEngineFactory().start(BrokerConfigParser.parse("newer", options)));

        assertTrue(e.getMessage().contains("newer"), e.getMessage());
        Set<HazelcastInstance> after = new HashSet<>(Hazelcast.getAllHazelcastInstances());
        after.removeAll(before);
        assertEquals(Set.of(), after, "the member of the engine that failed still runs");
    }

    @Test
    void aWrongAccessFileFailsStartUpBeforeAMemberStarts() throws IOException {
        Path users = Files.writeString(dataDir.resolve("users"), "");
        Path access = Files.writeString(dataDir.resolve("access"), "queue:orders = write=app\n");
        Map<String, String> options = Map.of("dataDir", dataDir.toString(), "cluster", "c-" + UUID.randomUUID(),
                "users", users.toString(), "access", access.toString());
        Set<HazelcastInstance> before = Set.copyOf(Hazelcast.getAllHazelcastInstances());

        EngineConfigException e = assertThrows(EngineConfigException.class,
                () -> new HzEngineFactory().start(BrokerConfigParser.parse("guarded", options)));

        assertTrue(e.getMessage().contains("access=" + access.toAbsolutePath() + " line 1"), e.getMessage());
        assertEquals(before, Set.copyOf(Hazelcast.getAllHazelcastInstances()));
    }
}
