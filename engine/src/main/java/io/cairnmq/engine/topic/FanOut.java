package io.cairnmq.engine.topic;

import io.cairnmq.engine.api.MessageRecord;
import io.cairnmq.engine.queue.EnqueueDecision;

import java.util.List;

/**
 * The owner's decision on a published batch: which messages of it each subscription takes,
 * and the enqueue decision of that subscription's queue.
 */
public record FanOut(List<Part> parts) {

    /**
     * @param subscription the subscription's id
     * @param picked       indexes, in the batch, of the messages it takes
     * @param enqueue      its queue's decision on those messages
     */
    public record Part(String subscription, int[] picked, EnqueueDecision enqueue) {

        /** The messages of the batch this subscription takes, in batch order. */
        public List<MessageRecord> pickFrom(List<MessageRecord> batch) {
            return pick(batch, picked);
        }
    }

    /** The messages of a batch at the given indexes, in batch order. */
    static List<MessageRecord> pick(List<MessageRecord> batch, int[] picked) {
        if (picked.length == batch.size()) {
            return batch;
        }
        List<MessageRecord> result = new java.util.ArrayList<>(picked.length);
        for (int i : picked) {
            result.add(batch.get(i));
        }
        return result;
    }
}
