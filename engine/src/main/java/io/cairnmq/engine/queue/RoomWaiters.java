package io.cairnmq.engine.queue;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Producers refused for lack of room in a shard that wait to be told when there is some, in
 * the order they were refused. Not thread-safe, like its shard.
 */
final class RoomWaiters {

    private final Set<Holder> producers = new LinkedHashSet<>();

    void add(Holder producer) {
        producers.add(producer);
    }

    void addAll(List<Holder> waiting) {
        producers.addAll(waiting);
    }

    boolean isEmpty() {
        return producers.isEmpty();
    }

    /** The waiting producers, in the order they were refused (a copy). */
    List<Holder> list() {
        return List.copyOf(producers);
    }

    /**
     * The producers waiting for room, who are told and no longer wait. Deterministic, so that
     * backups applying the same change agree.
     */
    List<Holder> takeAll() {
        if (producers.isEmpty()) {
            return List.of();
        }
        List<Holder> woken = List.copyOf(producers);
        producers.clear();
        return woken;
    }
}
