package io.cairnmq.engine.hz.member;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

@Timeout(60)
class CallerPoolTest {

    @Test
    void tasksBeyondTheBoundWaitForAThreadAndAllRun() throws InterruptedException {
        CallerPool pool = new CallerPool("test-call-", 4);
        try {
            CountDownLatch release = new CountDownLatch(1);
            AtomicInteger ran = new AtomicInteger();
            AtomicInteger running = new AtomicInteger();
            AtomicInteger mostAtOnce = new AtomicInteger();
            for (int i = 0; i < 50; i++) {
                pool.execute(() -> {
                    mostAtOnce.accumulateAndGet(running.incrementAndGet(), Math::max);
                    try {
                        release.await();
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                    running.decrementAndGet();
                    ran.incrementAndGet();
                });
            }
            await().until(() -> running.get() == 4);
            assertEquals(4, pool.getPoolSize(), "no more threads than the bound");

            release.countDown();

            await().until(() -> ran.get() == 50);
            assertEquals(4, mostAtOnce.get());
        } finally {
            pool.shutdown();
            assertTrue(pool.awaitTermination(10, TimeUnit.SECONDS));
        }
    }

    @Test
    void aTaskGoesToAnIdleThreadRatherThanANewOne() throws InterruptedException {
        CallerPool pool = new CallerPool("test-call-", 64);
        try {
            for (int i = 0; i < 200; i++) {
                CountDownLatch ran = new CountDownLatch(1);
                pool.execute(ran::countDown);
                assertTrue(ran.await(10, TimeUnit.SECONDS), "task " + i + " did not run");
            }
            // A fixed pool would have started a thread per task up to its 64. (A thread that just
            // finished may not be back waiting yet, so a second or third one can start.)
            assertTrue(pool.getLargestPoolSize() < 10,
                    "one task at a time needs a thread or two, not " + pool.getLargestPoolSize());
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void aShutDownPoolRefusesWork() {
        CallerPool pool = new CallerPool("test-call-", 2);
        pool.shutdown();
        assertThrows(RejectedExecutionException.class, () -> pool.execute(() -> { }));
    }
}
