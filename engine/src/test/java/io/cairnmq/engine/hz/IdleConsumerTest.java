package io.cairnmq.engine.hz;

import io.cairnmq.engine.api.ConnectionListener;
import io.cairnmq.engine.api.ConsumerSpec;
import io.cairnmq.engine.api.DestinationName;
import io.cairnmq.engine.api.EngineConnection;
import io.cairnmq.engine.api.EngineConsumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;

import static org.awaitility.Awaitility.await;

/**
 * An idle consumer waits for a wake-up; nothing of CairnMQ's polls. While a consumer waits on
 * an empty queue, the waiting thread stays parked and CairnMQ's own threads burn no CPU.
 * (Hazelcast's member housekeeping is not counted: it is the member's, with or without us.)
 */
@Timeout(60)
class IdleConsumerTest {

    /** A poll loop, even a slow one, would exceed this over the two seconds observed. */
    private static final long CPU_BUDGET_NANOS = 30_000_000;

    @TempDir
    Path dataDir;
    private TestCluster cluster;

    @BeforeEach
    void start() {
        cluster = TestCluster.start(1, dataDir);
    }

    @AfterEach
    void stop() {
        cluster.close();
    }

    @Test
    void aWaitingConsumerUsesNoCpu() {
        try (EngineConnection c = cluster.engine(0).connect(ConnectionListener.IGNORE)) {
            EngineConsumer consumer = c.openConsumer(ConsumerSpec.of(DestinationName.queue("idle")));
            Thread receiver = new Thread(() -> consumer.receive(-1, true), "idle-receiver");
            receiver.start();
            await().until(() -> receiver.getState() == Thread.State.WAITING);

            ThreadMXBean threads = ManagementFactory.getThreadMXBean();
            long before = ourCpu(threads, receiver);
            await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(5)).until(() ->
                    receiver.getState() == Thread.State.WAITING
                            && ourCpu(threads, receiver) - before < CPU_BUDGET_NANOS);
            consumer.close();
        }
    }

    /** CPU time of the receiver and of every thread CairnMQ started (named cairnmq-...). */
    private static long ourCpu(ThreadMXBean threads, Thread receiver) {
        long total = Math.max(0, threads.getThreadCpuTime(receiver.getId()));
        long[] ids = Thread.getAllStackTraces().keySet().stream()
                .filter(t -> t.getName().startsWith("cairnmq-"))
                .mapToLong(Thread::getId).toArray();
        return total + Arrays.stream(ids).map(id -> Math.max(0, threads.getThreadCpuTime(id))).sum();
    }
}
