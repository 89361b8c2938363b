package io.cairnmq.engine.hz.member;

import io.cairnmq.engine.queue.Wake;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The wake-up bus of each engine in this JVM, by member id, so that a shard operation can
 * deliver hand-offs and wake-ups to consumers of the member it runs on while it runs. Delivered
 * from the partition thread, they reach each consumer in the order the shard decided them,
 * which no thread racing after the operation could guarantee.
 */
public final class LocalBuses {

    private static final Map<String, WakeupBus> BUSES = new ConcurrentHashMap<>();

    private LocalBuses() {
    }

    public static void register(String memberId, WakeupBus bus) {
        BUSES.put(memberId, bus);
    }

    public static void unregister(String memberId) {
        BUSES.remove(memberId);
    }

    /**
     * Delivers what the reply hands off and wakes the waiters of member {@code memberId}, then
     * leaves in the reply only the waiters of other members, for the caller to wake. Never
     * blocks: consumers only take a lock and start requests.
     */
    public static void deliverOnOwner(String memberId, ShardKey key, ShardReply reply) {
        WakeupBus bus = memberId == null ? null : BUSES.get(memberId);
        if (bus == null) {
            return;
        }
        if (!reply.handedOff().isEmpty()) {
            bus.handOff(key, reply.handedOff());
            reply.handedOffDelivered();
        }
        if (!reply.woken().isEmpty()) {
            List<Wake> elsewhere = new ArrayList<>();
            for (Wake wake : reply.woken()) {
                if (wake.waiter().memberId().equals(memberId)) {
                    bus.wakeLocal(wake.waiter().consumerId(), key.index(), wake.waiterVersion());
                } else {
                    elsewhere.add(wake);
                }
            }
            reply.wokenElsewhere(elsewhere);
        }
    }
}
