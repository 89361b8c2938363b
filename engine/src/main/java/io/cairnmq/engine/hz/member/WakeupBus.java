package io.cairnmq.engine.hz.member;

import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.topic.ITopic;
import io.cairnmq.engine.queue.HandedOff;
import io.cairnmq.engine.queue.Holder;
import io.cairnmq.engine.queue.StoredMessage;
import io.cairnmq.engine.queue.Wake;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BiConsumer;

/**
 * Carries wake-ups and hand-offs to waiting consumers. A shard answers an operation that made
 * messages ready with the waiters it woke; the caller hands them here. Waiters on this member
 * are woken directly; those on other members get the consumer ids on that member's own topic.
 * Messages a shard handed straight to a consumer of this member go into its buffer; if it has
 * gone meanwhile, they go back to the shard.
 */
public final class WakeupBus {

    private static final String TOPIC_PREFIX = "cairn.wake.";
    /** Separates consumer id, shard index and waiter version in a wake-up message. */
    private static final char SEPARATOR = '@';

    private final HazelcastInstance hz;
    private final String localMemberId;
    private final Map<String, LocalConsumer> localConsumers = new ConcurrentHashMap<>();
    private final BiConsumer<ShardKey, HandedOff> giveBack;
    private final UUID subscription;

    /** A consumer of this member as the bus sees it. Both calls only take a lock; neither blocks. */
    public interface LocalConsumer {
        /**
         * Messages may be ready on this shard (its index), or on every shard when -1.
         *
         * @param waiterVersion the shard's waiter version when it woke this consumer
         */
        void wake(int shard, long waiterVersion);

        /**
         * Takes messages leased to it by a shard; false when it can no longer take them.
         *
         * @param stillWaiting  whether the shard keeps it registered as a waiter
         * @param waiterVersion the shard's waiter version after the hand-off
         */
        boolean accept(int shard, List<StoredMessage> messages, boolean stillWaiting, long waiterVersion);
    }

    /**
     * @param giveBack puts handed-off messages back on their shard when their consumer has gone
     */
    public WakeupBus(HazelcastInstance hz, String localMemberId, BiConsumer<ShardKey, HandedOff> giveBack) {
        this.hz = hz;
        this.localMemberId = localMemberId;
        this.giveBack = giveBack;
        ITopic<String> own = hz.getTopic(TOPIC_PREFIX + localMemberId);
        this.subscription = own.addMessageListener(message -> {
            for (String wakeUp : message.getMessageObject().split("\n")) {
                // consumer@shard@version, read from the right: a producer's id names its destination,
                // whose name may hold the separator (a consumer id never holds a line break).
                int versionAt = wakeUp.lastIndexOf(SEPARATOR);
                int shardAt = wakeUp.lastIndexOf(SEPARATOR, versionAt - 1);
                wakeLocal(wakeUp.substring(0, shardAt), Integer.parseInt(wakeUp.substring(shardAt + 1, versionAt)),
                        Long.parseLong(wakeUp.substring(versionAt + 1)));
            }
        });
    }

    public void register(String consumerId, LocalConsumer consumer) {
        localConsumers.put(consumerId, consumer);
    }

    /** Delivers what an enqueue handed to consumers of this member. */
    public void handOff(ShardKey key, List<HandedOff> handedOff) {
        for (HandedOff h : handedOff) {
            LocalConsumer consumer = localConsumers.get(h.holder().consumerId());
            if (consumer == null
                    || !consumer.accept(key.index(), h.messages(), h.stillWaiting(), h.waiterVersion())) {
                giveBack.accept(key, h);
            }
        }
    }

    public void unregister(String consumerId) {
        localConsumers.remove(consumerId);
    }

    /**
     * On the shard's owner, while the operation runs: delivers what the reply hands off and wakes
     * the waiters of this member, then leaves in the reply only the waiters of other members, for
     * the caller to wake. Delivered from the partition thread, they reach each consumer in the
     * order the shard decided them, which no thread racing after the operation could guarantee.
     * Never blocks: consumers only take a lock and start requests.
     */
    void deliverOnOwner(ShardKey key, ShardReply reply) {
        if (reply instanceof SendReply send && !send.handedOff().isEmpty()) {
            handOff(key, send.handedOff());
            send.handedOffDelivered();
        }
        if (!reply.woken().isEmpty()) {
            List<Wake> elsewhere = new ArrayList<>();
            for (Wake wake : reply.woken()) {
                if (wake.waiter().memberId().equals(localMemberId)) {
                    wakeLocal(wake.waiter().consumerId(), key.index(), wake.waiterVersion());
                } else {
                    elsewhere.add(wake);
                }
            }
            reply.wokenElsewhere(elsewhere);
        }
    }

    /** Wakes the waiters that a change of this shard woke; the reply says which and at what version. */
    public void wake(ShardKey key, ShardReply reply) {
        Collection<Wake> waiters = reply.woken();
        if (waiters.isEmpty()) {
            return;
        }
        Map<String, List<String>> remote = null;
        for (Wake wake : waiters) {
            Holder waiter = wake.waiter();
            long version = wake.waiterVersion();
            if (waiter.memberId().equals(localMemberId)) {
                wakeLocal(waiter.consumerId(), key.index(), version);
            } else {
                if (remote == null) {
                    remote = new HashMap<>();
                }
                remote.computeIfAbsent(waiter.memberId(), m -> new ArrayList<>())
                        .add(waiter.consumerId() + SEPARATOR + key.index() + SEPARATOR + version);
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
    public void wakeAllLocal() {
        localConsumers.keySet().forEach(consumerId -> wakeLocal(consumerId, -1, Long.MAX_VALUE));
    }

    /** Runs the consumer's wake-up on this thread: it only takes a lock and starts a request. */
    void wakeLocal(String consumerId, int shard, long waiterVersion) {
        LocalConsumer consumer = localConsumers.get(consumerId);
        if (consumer != null) {
            consumer.wake(shard, waiterVersion);
        }
    }

    public void close() {
        stopListening();
        localConsumers.clear();
    }

    /**
     * Hears no more wake-ups from other members. Part of closing; a test calls it alone to lose
     * every wake-up on their way here, which waiters must survive.
     */
    public void stopListening() {
        try {
            hz.getTopic(TOPIC_PREFIX + localMemberId).removeMessageListener(subscription);
        } catch (RuntimeException ignored) {
            // the member is already shutting down; its listeners go with it
        }
    }
}
