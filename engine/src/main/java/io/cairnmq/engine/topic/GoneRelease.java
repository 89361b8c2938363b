package io.cairnmq.engine.topic;

import io.cairnmq.engine.queue.Holder;
import io.cairnmq.engine.queue.ReleaseDecision;

import java.util.List;

/**
 * The owner's decision when consumers are gone (their connection closed, their member left):
 * per subscription, what goes back to its queue, which consumers are detached, and whether the
 * subscription goes too (a non-durable one left with no consumer).
 */
public record GoneRelease(List<Part> parts) {

    public record Part(String subscription, ReleaseDecision release, List<Holder> detached, boolean drop) {
    }
}
