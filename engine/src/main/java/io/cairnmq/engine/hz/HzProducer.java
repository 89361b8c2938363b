package io.cairnmq.engine.hz;

import io.cairnmq.engine.api.DestinationInfo;
import io.cairnmq.engine.api.DestinationKind;
import io.cairnmq.engine.api.DestinationName;
import io.cairnmq.engine.api.EngineClosedException;
import io.cairnmq.engine.api.EngineException;
import io.cairnmq.engine.api.EngineProducer;
import io.cairnmq.engine.api.MessageRecord;
import io.cairnmq.engine.api.ResourceLimitException;
import io.cairnmq.engine.hz.flow.ShardSender;
import io.cairnmq.engine.hz.flow.ShardSender.Completion;
import io.cairnmq.engine.hz.member.HzErrors;
import io.cairnmq.engine.hz.member.ShardKey;

import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A producer: picks the shard of each message (its own sticky shard per destination, or the
 * message group's shard) and hands the message to that shard's {@link ShardSender}.
 */
final class HzProducer implements EngineProducer {

    /** Spreads successive producers over the shards of a destination. */
    private static final AtomicInteger NEXT_SHARD = new AtomicInteger();

    private final HzEngine engine;
    private final HzConnection connection;
    /** The id its own batches go under: new for every producer, so their numbers start at 1. */
    private final String id = UUID.randomUUID().toString();
    /** The identity numbered sends go under, which outlives the connection; null when it has none. */
    private final String identity;
    private final int stickyShard;
    /** Concurrent: a JMS session may send asynchronously on its completion thread meanwhile. */
    private final Map<ShardKey, ShardSender> senders = new java.util.concurrent.ConcurrentHashMap<>();
    /** The senders of numbered sends: the caller's numbers, one message per batch. */
    private final Map<ShardKey, ShardSender> numbered = new java.util.concurrent.ConcurrentHashMap<>();
    private volatile EngineException failure;
    private boolean closed;

    HzProducer(HzEngine engine, HzConnection connection, String identity) {
        this.identity = identity;
        // A producer of the same identity opened again elsewhere sends to the same shards.
        this.stickyShard = (identity == null ? NEXT_SHARD.getAndIncrement() : identity.hashCode()) & Integer.MAX_VALUE;
        this.engine = engine;
        this.connection = connection;
    }

    @Override
    public void send(DestinationName destination, MessageRecord message) {
        route(destination, message, message.persistent() ? Completion.STORED : Completion.LATER);
    }

    @Override
    public void sendAll(DestinationName destination, List<MessageRecord> messages) {
        for (MessageRecord message : messages) {
            route(destination, message, Completion.LATER);
        }
        flush();
    }

    @Override
    public void sendNumbered(DestinationName destination, MessageRecord message, long number) {
        if (identity == null) {
            throw new IllegalStateException("Numbered sends need a producer opened with an identity");
        }
        ShardKey key = keyFor(destination, message);
        ShardSender own = senders.get(key);
        if (own != null) {
            // What this producer sent before, in its own batches, is stored first: order holds.
            own.flush();
        }
        numbered.computeIfAbsent(key, k -> new ShardSender(engine, identity, k, connection.origin(),
                        engine.config().limitsFor(destination).blockMillis()))
                .sendNumbered(message, message.estimatedSize(), number);
    }

    /** Hands the message to its shard's sender; waits for it to be stored if asked to. */
    private void route(DestinationName destination, MessageRecord message, Completion completion) {
        ShardKey key = keyFor(destination, message);
        senders.computeIfAbsent(key, k -> new ShardSender(engine, id, k, connection.origin(),
                        engine.config().limitsFor(destination).blockMillis()))
                .send(message, message.estimatedSize(), completion);
    }

    /**
     * The shard a message of this producer goes to: its own sticky shard of the destination, or
     * the message group's; a topic is one entry that fans out into its subscriptions.
     *
     * @throws ResourceLimitException when the message is larger than the destination accepts
     */
    ShardKey keyFor(DestinationName destination, MessageRecord message) {
        ensureOpen();
        int size = message.estimatedSize();
        int maxSize = engine.config().limitsFor(destination).maxMessageBytes();
        if (size > maxSize) {
            throw new ResourceLimitException("Message " + message.id() + " is about " + size + " bytes; " + destination
                    + " accepts at most maxMessageBytes=" + maxSize);
        }
        DestinationInfo info;
        try {
            info = engine.catalog().resolve(destination);
        } catch (RuntimeException e) {
            throw HzErrors.translate(e, "look up " + destination);
        }
        int shards = destination.kind() == DestinationKind.TOPIC ? 1 : info.settings().shards();
        int index = message.groupId() != null
                ? Math.floorMod(message.groupId().hashCode(), shards)
                : stickyShard % shards;
        return new ShardKey(destination.qualified(), index);
    }

    @Override
    public void flush() {
        EngineException first = null;
        for (ShardSender sender : senders.values()) {
            try {
                sender.flush();
            } catch (EngineException e) {
                first = first == null ? e : first;
            }
        }
        if (first != null) {
            throw first;
        }
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        connection.forget(this);
        try {
            if (failure == null) {
                flush();
            }
        } finally {
            senders.values().forEach(ShardSender::close);
            numbered.values().forEach(ShardSender::close);
        }
    }

    void fail(EngineException cause) {
        failure = cause;
        senders.values().forEach(s -> s.fail(cause));
        numbered.values().forEach(s -> s.fail(cause));
    }

    private void ensureOpen() {
        if (failure != null) {
            throw failure;
        }
        if (closed) {
            throw new EngineClosedException("Producer " + id + " is closed");
        }
        connection.ensureOpen();
    }
}
