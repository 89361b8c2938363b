package io.cairnmq.engine.tx;

import io.cairnmq.engine.api.MessageRecord;
import io.cairnmq.engine.topic.Origin;

import java.util.List;

/**
 * What one transaction does to one entry of the shard map (a queue shard, or a topic): the
 * messages it sends there, in send order, and the messages it acknowledges there.
 *
 * @param sends            the messages, enqueued (on a topic: published) together at commit
 * @param origin           the sending connection and client ID, for noLocal subscriptions
 * @param acknowledgements what it consumed there, by queue and consumer
 */
public record EntryWork(List<MessageRecord> sends, Origin origin, List<Acknowledgement> acknowledgements) {

    public EntryWork {
        sends = List.copyOf(sends);
        acknowledgements = List.copyOf(acknowledgements);
    }

    /** The producer id its sends are enqueued under: a commit retried by the cluster is recognised. */
    public static String producerId(String transactionId) {
        return "tx:" + transactionId;
    }
}
