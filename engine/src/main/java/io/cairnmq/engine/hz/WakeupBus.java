package io.cairnmq.engine.hz;

import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.topic.ITopic;
import io.cairnmq.engine.queue.Holder;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;

/**
 * Carries wake-ups to waiting consumers. A shard answers an operation that made messages
 * ready with the waiters it woke; the caller hands them here. Waiters on this member are woken
 * directly; those on other members get the consumer ids on that member's own topic.
 */
final class WakeupBus {

    private static final String TOPIC_PREFIX = "cairn.wake.";

    private final HazelcastInstance hz;
    private final String localMemberId;
    private final Executor executor;
    private final Map<String, Runnable> localConsumers = new ConcurrentHashMap<>();
    private final UUID subscription;

    WakeupBus(HazelcastInstance hz, String localMemberId, Executor executor) {
        this.hz = hz;
        this.localMemberId = localMemberId;
        this.executor = executor;
        ITopic<String> own = hz.getTopic(TOPIC_PREFIX + localMemberId);
        this.subscription = own.addMessageListener(message -> {
            for (String consumerId : message.getMessageObject().split("\n")) {
                wakeLocal(consumerId);
            }
        });
    }

    void register(String consumerId, Runnable wake) {
        localConsumers.put(consumerId, wake);
    }

    void unregister(String consumerId) {
        localConsumers.remove(consumerId);
    }

    void wake(Collection<Holder> waiters) {
        if (waiters.isEmpty()) {
            return;
        }
        Map<String, List<String>> remote = null;
        for (Holder waiter : waiters) {
            if (waiter.memberId().equals(localMemberId)) {
                wakeLocal(waiter.consumerId());
            } else {
                if (remote == null) {
                    remote = new HashMap<>();
                }
                remote.computeIfAbsent(waiter.memberId(), m -> new ArrayList<>()).add(waiter.consumerId());
            }
        }
        if (remote != null) {
            remote.forEach((member, consumers) ->
                    hz.<String>getTopic(TOPIC_PREFIX + member).publishAsync(String.join("\n", consumers)));
        }
    }

    /**
     * Wakes every consumer of this member, so each checks its shards again. Used when a member
     * left: a wake-up it owed may never come.
     */
    void wakeAllLocal() {
        localConsumers.keySet().forEach(this::wakeLocal);
    }

    /** Runs the consumer's wake-up on this thread: it only takes a lock and starts a request. */
    private void wakeLocal(String consumerId) {
        Runnable wake = localConsumers.get(consumerId);
        if (wake != null) {
            wake.run();
        }
    }

    void close() {
        try {
            hz.getTopic(TOPIC_PREFIX + localMemberId).removeMessageListener(subscription);
        } catch (RuntimeException ignored) {
            // the member is already shutting down; its listeners go with it
        }
        localConsumers.clear();
    }
}
