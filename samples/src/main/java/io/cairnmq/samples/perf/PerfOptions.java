package io.cairnmq.samples.perf;

import io.cairnmq.samples.SampleArgs;

/**
 * The run to measure.
 *
 * @param url         connection URL bound as the JNDI {@code ConnectionFactory}
 * @param queue       physical queue name
 * @param topic       physical topic name: producers publish to it and every consumer is a
 *                    subscriber of its own; null to use the queue
 * @param producers   producer threads, each with its own connection and session
 * @param consumers   consumer threads, likewise
 * @param size        body bytes of each message
 * @param count       messages to send in all (ignored when {@code seconds} is set)
 * @param seconds     send for this long instead of a count; 0 to use the count
 * @param warmup      messages sent and received first, not measured
 * @param rate        messages per second over all producers; 0 for as fast as possible
 * @param persistent  PERSISTENT instead of NON_PERSISTENT
 * @param ack         the consumers' acknowledgement: auto, dups_ok or client (client acknowledges
 *                    every {@code ackEvery} messages)
 * @param transaction messages per transaction on both sides; 0 for no transactions
 * @param backlog     produce every message first, with no consumer, then drain them: a backlog
 * @param groups      messages carry a JMSXGroupID, one of this many taken in turn; 0 for none
 */
record PerfOptions(String url, String queue, String topic, int producers, int consumers, int size, long count, long seconds,
                   long warmup, long rate, boolean persistent, String ack, int ackEvery, int transaction,
                   boolean backlog, int groups) {

    static PerfOptions parse(String[] args) {
        SampleArgs a = new SampleArgs(args);
        PerfOptions options = new PerfOptions(
                a.text("url", "vm://perf"),
                a.text("queue", "perf"),
                a.text("topic", null),
                (int) a.number("producers", 1),
                (int) a.number("consumers", 1),
                (int) a.number("size", 1024),
                a.number("count", 200_000),
                a.number("seconds", 0),
                a.number("warmup", 20_000),
                a.number("rate", 0),
                a.flag("persistent"),
                a.text("ack", "auto"),
                (int) a.number("ack-every", 100),
                (int) a.number("tx", 0),
                a.flag("backlog"),
                (int) a.number("groups", 0));
        if (options.producers < 1 || options.consumers < 1 || options.size < 0 || options.count < 1
                || options.transaction < 0 || options.ackEvery < 1 || options.groups < 0) {
            throw new IllegalArgumentException("--producers and --consumers need at least 1, --count and --ack-every"
                    + " at least 1, --size, --tx and --groups at least 0");
        }
        if (options.backlog && (options.topic != null || options.seconds > 0)) {
            throw new IllegalArgumentException("--backlog works on a queue and a --count: a topic's messages"
                    + " reach only the subscribers that exist when they are published");
        }
        if (!java.util.Set.of("auto", "dups_ok", "client").contains(options.ack)) {
            throw new IllegalArgumentException("--ack takes auto, dups_ok or client, not " + options.ack);
        }
        return options;
    }

    String describe() {
        return String.format("%d producer(s) -> %d %s, %d-byte %s messages, %s%s, %s, url %s",
                producers, consumers, topic != null ? "subscriber(s) of topic " + topic : "consumer(s)", size, persistent ? "PERSISTENT" : "NON_PERSISTENT",
                seconds > 0 ? seconds + " s" : count + " messages",
                rate > 0 ? " at " + rate + " msg/s" : " as fast as possible",
                transaction > 0 ? "transactions of " + transaction
                        : ack + " acknowledge" + (ack.equals("client") ? " every " + ackEvery : ""), url)
                + (backlog ? "; all produced first, then drained" : "")
                + (groups > 0 ? "; in " + groups + " message groups" : "");
    }

    /** How many times each message sent is delivered: once per subscriber on a topic. */
    int fanOut() {
        return topic != null ? consumers : 1;
    }

    /** The session mode both sides use. */
    int sessionMode() {
        if (transaction > 0) {
            return jakarta.jms.Session.SESSION_TRANSACTED;
        }
        return switch (ack) {
            case "client" -> jakarta.jms.Session.CLIENT_ACKNOWLEDGE;
            case "dups_ok" -> jakarta.jms.Session.DUPS_OK_ACKNOWLEDGE;
            default -> jakarta.jms.Session.AUTO_ACKNOWLEDGE;
        };
    }

    /** Every how many messages a client-acknowledging or transacted side acknowledges or commits. */
    int batch() {
        return transaction > 0 ? transaction : ackEvery;
    }
}
