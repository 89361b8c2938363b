package io.cairnmq.cluster.frontend;

import io.cairnmq.engine.api.ConsumerSpec;
import io.cairnmq.engine.api.Delivery;
import io.cairnmq.engine.api.DestinationKind;
import io.cairnmq.engine.api.DestinationName;
import io.cairnmq.engine.api.DestinationSettings;
import io.cairnmq.engine.api.DestinationStats;
import io.cairnmq.engine.api.Engine;
import io.cairnmq.engine.api.EngineBrowser;
import io.cairnmq.engine.api.EngineConnection;
import io.cairnmq.engine.api.EngineConsumer;
import io.cairnmq.engine.api.EngineException;
import io.cairnmq.engine.api.EngineProducer;
import io.cairnmq.engine.api.MessageRecord;
import io.cairnmq.engine.api.ResourceLimitException;
import io.cairnmq.engine.api.TransactionWork;
import io.cairnmq.engine.security.Right;
import io.cairnmq.protocol.Frame;
import io.cairnmq.protocol.FrameInput;
import io.cairnmq.protocol.FrameOutput;
import io.cairnmq.protocol.Op;
import io.cairnmq.protocol.ProtocolException;
import io.cairnmq.protocol.SerialExecutor;
import io.cairnmq.protocol.WireErrors;
import io.netty.channel.Channel;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.function.Consumer;

/**
 * One authenticated client connection on the node: its engine connection and the producers,
 * consumers and browsers it opened, and the frames that act on them. Requests a client waits for
 * run on any worker; a producer's or consumer's frames, which a client pipelines, run on that
 * object's lane, in order.
 */
final class ClientSession {

    private static final Logger LOG = LoggerFactory.getLogger(ClientSession.class);
    /** Open browsers per connection: each holds a page of a queue on the node. */
    static final int MAX_BROWSERS = 256;
    /** Destinations a connection remembers as existing; past this it starts again. */
    static final int MAX_KNOWN_DESTINATIONS = 4096;
    /** Messages a browse request may ask for at once. */
    static final int MAX_BROWSE_PAGE = 1024;
    /** Transactions a connection may be sending in parts at once (one per session committing). */
    static final int MAX_STAGED_TRANSACTIONS = 64;

    private final Channel channel;
    private final Engine engine;
    private final EngineConnection connection;
    private final Executor workers;
    private final NodeSecurity.Rights rights;
    private final Map<Long, ProducerLane> producers = new ConcurrentHashMap<>();
    private final Map<Long, PushConsumer> consumers = new ConcurrentHashMap<>();
    private final Map<Long, EngineBrowser> browsers = new ConcurrentHashMap<>();
    /** A transaction coming in parts: its sends so far and the bytes of their frames. */
    private static final class Staged {
        final List<TransactionWork.Send> sends = new ArrayList<>();
        long bytes;
    }

    /** Transactions coming in parts, by the client's token, until their commit or prepare names them. */
    private final Map<Long, Staged> staged = new ConcurrentHashMap<>();
    /** Bytes of frames staged and not yet taken by a commit; bounded by {@link #maxStagedBytes}. */
    private final java.util.concurrent.atomic.AtomicLong stagedBytes = new java.util.concurrent.atomic.AtomicLong();
    private final long maxStagedBytes;
    /** Destinations this connection found to exist, so that using them needs no create right. */
    private final java.util.Set<DestinationName> known = ConcurrentHashMap.newKeySet();

    ClientSession(Channel channel, Engine engine, EngineConnection connection, Executor workers,
                  NodeSecurity.Rights rights, long maxStagedBytes) {
        this.channel = channel;
        this.maxStagedBytes = maxStagedBytes;
        this.rights = rights;
        this.engine = engine;
        this.connection = connection;
        this.workers = workers;
    }

    EngineConnection connection() {
        return connection;
    }

    /**
     * Runs a frame where it belongs; {@code done} is called once it has been handled (the
     * front end counts the frames it holds per connection).
     */
    void dispatch(Frame frame, Runnable done) {
        Executor where = switch (frame.op()) {
            case SEND, SEND_ONE_WAY, SEND_ALL, FLUSH, CLOSE_PRODUCER -> producerLane(frame);
            case CREDIT, ACK, FLUSH_ACKS, ACK_ALL, RECOVER, RELEASE, PAUSE, HAND_BACK_COUNTED, CLOSE_CONSUMER ->
                    consumerLane(frame);
            default -> workers;
        };
        where.execute(() -> {
            try {
                handle(frame);
            } catch (ProtocolException e) {
                LOG.warn("Closing the connection of {}: {}", channel.remoteAddress(), e.getMessage());
                channel.close();
            } catch (RuntimeException e) {
                reply(frame, e);
            } finally {
                frame.release();
                done.run();
            }
        });
    }

    private Executor producerLane(Frame frame) {
        ProducerLane producer = producers.get(objectId(frame));
        return producer != null ? producer.lane() : workers;
    }

    private Executor consumerLane(Frame frame) {
        PushConsumer consumer = consumers.get(objectId(frame));
        return consumer != null ? consumer.lane() : workers;
    }

    /** The producer or consumer a pipelined frame is for: the first field of its body. */
    private static long objectId(Frame frame) {
        return frame.body().readableBytes() >= 8 ? frame.body().getLong(frame.body().readerIndex()) : -1;
    }

    private void handle(Frame frame) {
        FrameInput in = frame.input();
        switch (frame.op()) {
            case CLAIM_CLIENT_ID -> {
                String clientId = in.readString();
                in.end();
                connection.claimClientId(clientId);
                ok(frame);
            }
            case CREATE_TEMPORARY -> {
                DestinationKind kind = in.readEnum(DestinationKind.values(), "destination kind");
                in.end();
                rights.check(Right.CREATE, new DestinationName(kind, DestinationName.TEMPORARY_PREFIX + "new"));
                DestinationName name = connection.createTemporary(kind);
                result(frame, out -> out.writeDestination(name));
            }
            case DELETE_TEMPORARY -> {
                DestinationName name = in.readDestination();
                in.end();
                rights.check(Right.DELETE, name);
                connection.deleteTemporary(name);
                ok(frame);
            }
            case UNSUBSCRIBE -> {
                String name = in.readString();
                in.end();
                connection.unsubscribe(name, topic -> rights.check(Right.DELETE, topic));
                ok(frame);
            }
            case STAGE_SENDS -> {
                long token = in.readLong();
                stage(token, frame.body().readableBytes(), in);
                ok(frame);
            }
            case COMMIT -> {
                TransactionWork work = readWork(in);
                connection.commit(work);
                ok(frame);
            }
            case PREPARE -> {
                String xid = in.readString();
                TransactionWork work = readWork(in);
                boolean prepared = connection.prepare(xid, work);
                result(frame, out -> out.writeBoolean(prepared));
            }
            case COMMIT_PREPARED -> {
                String xid = in.readString();
                in.end();
                connection.commitPrepared(xid);
                ok(frame);
            }
            case ROLLBACK_PREPARED -> {
                String xid = in.readString();
                in.end();
                connection.rollbackPrepared(xid);
                ok(frame);
            }
            case PREPARED_TRANSACTIONS -> {
                in.end();
                List<String> ids = connection.preparedTransactions();
                result(frame, out -> {
                    out.writeInt(ids.size());
                    ids.forEach(out::writeString);
                });
            }
            case DECLARE -> {
                DestinationName name = in.readDestination();
                int shards = in.readInt();
                in.end();
                rights.check(Right.CREATE, name);
                DestinationSettings settings = engine.declare(name, new DestinationSettings(shards)).settings();
                result(frame, out -> out.writeInt(settings.shards()));
            }
            case STATS -> {
                DestinationName name = in.readDestination();
                in.end();
                rights.check(Right.MANAGE, name);
                DestinationStats stats = engine.stats(name);
                result(frame, out -> out.writeLong(stats.ready()).writeLong(stats.leased()));
            }
            case EXISTS -> {
                DestinationName name = in.readDestination();
                in.end();
                rights.check(Right.MANAGE, name);
                boolean exists = engine.exists(name);
                result(frame, out -> out.writeBoolean(exists));
            }
            case OPEN_PRODUCER -> {
                long id = in.readLong();
                String identity = in.readString();
                int sendWindow = in.readInt();
                in.end();
                if (producers.containsKey(id)) {
                    throw new ProtocolException("Producer " + id + " is open already");
                }
                producers.put(id, new ProducerLane(id, identity == null ? connection.openProducer()
                        : connection.openProducer(identity), new SerialExecutor(workers), channel, sendWindow));
                ok(frame);
            }
            case SEND -> {
                EngineProducer producer = producer(in.readLong()).producer();
                long number = in.readLong();
                DestinationName destination = in.readDestination();
                MessageRecord message = in.readMessage();
                in.end();
                checkUse(Right.SEND, destination);
                if (number > 0) {
                    producer.sendNumbered(destination, message, number);
                } else {
                    producer.send(destination, message);
                }
                ok(frame);
            }
            case SEND_ONE_WAY -> {
                ProducerLane producer = producer(in.readLong());
                DestinationName destination = in.readDestination();
                MessageRecord message = in.readMessage();
                in.end();
                producer.oneWay(() -> {
                    checkUse(Right.SEND, destination);
                    producer.producer().send(destination, message);
                });
            }
            case SEND_ALL -> {
                EngineProducer producer = producer(in.readLong()).producer();
                DestinationName destination = in.readDestination();
                int count = in.readCount(1);
                List<MessageRecord> messages = new ArrayList<>(count);
                for (int i = 0; i < count; i++) {
                    messages.add(in.readMessage());
                }
                in.end();
                checkUse(Right.SEND, destination);
                producer.sendAll(destination, messages);
                ok(frame);
            }
            case FLUSH -> {
                ProducerLane producer = producer(in.readLong());
                in.end();
                producer.reportHandled();
                producer.producer().flush();
                ok(frame);
            }
            case CLOSE_PRODUCER -> {
                long id = in.readLong();
                in.end();
                ProducerLane producer = producers.remove(id);
                if (producer != null) {
                    producer.reportHandled();
                    producer.producer().close();
                }
                ok(frame);
            }
            case OPEN_CONSUMER -> {
                long id = in.readLong();
                ConsumerSpec spec = in.readConsumerSpec();
                in.end();
                checkUse(Right.CONSUME, spec.destination());
                if (consumers.containsKey(id)) {
                    throw new ProtocolException("Consumer " + id + " is open already");
                }
                EngineConsumer engineConsumer = connection.openConsumer(spec);
                PushConsumer consumer = new PushConsumer(id, engineConsumer, spec.prefetch(), channel,
                        new SerialExecutor(workers));
                consumers.put(id, consumer);
                ok(frame);
                consumer.start();
            }
            case CREDIT -> {
                PushConsumer consumer = consumer(in.readLong());
                int credit = in.readInt();
                in.end();
                consumer.credit(credit);
            }
            case ACK -> {
                PushConsumer consumer = consumer(in.readLong());
                int credit = in.readInt();
                List<Delivery> keys = in.readDeliveryKeys();
                in.end();
                consumer.acknowledge(keys);
                if (credit > 0) {
                    consumer.credit(credit);
                }
            }
            case FLUSH_ACKS, ACK_ALL -> {
                PushConsumer consumer = consumer(in.readLong());
                List<Delivery> keys = in.readDeliveryKeys();
                in.end();
                consumer.acknowledgeAndFlush(keys);
                ok(frame);
            }
            case RECOVER -> {
                PushConsumer consumer = consumer(in.readLong());
                List<Delivery> handedOut = in.readDeliveryKeys();
                in.end();
                int epoch = consumer.recover(handedOut);
                result(frame, out -> out.writeInt(epoch));
            }
            case PAUSE -> {
                PushConsumer consumer = consumer(in.readLong());
                List<Delivery> handedOut = in.readDeliveryKeys();
                in.end();
                int epoch = consumer.pause(handedOut);
                result(frame, out -> out.writeInt(epoch));
            }
            case RELEASE -> {
                PushConsumer consumer = consumer(in.readLong());
                List<Delivery> key = in.readDeliveryKeys();
                in.end();
                key.forEach(consumer::release);
                ok(frame);
            }
            case HAND_BACK_COUNTED -> {
                PushConsumer consumer = consumer(in.readLong());
                List<Delivery> key = in.readDeliveryKeys();
                List<Delivery> handedOut = in.readDeliveryKeys();
                in.end();
                if (key.size() != 1) {
                    throw new ProtocolException("A hand-back names one delivery, not " + key.size());
                }
                int epoch = consumer.handBackCounted(key.get(0), handedOut);
                result(frame, out -> out.writeInt(epoch));
            }
            case CLOSE_CONSUMER -> {
                long id = in.readLong();
                List<Delivery> handedOut = in.readDeliveryKeys();
                in.end();
                PushConsumer consumer = consumers.remove(id);
                if (consumer != null) {
                    consumer.close(handedOut);
                }
                ok(frame);
            }
            case OPEN_BROWSER -> {
                long id = in.readLong();
                DestinationName queue = in.readDestination();
                String selector = in.readString();
                in.end();
                checkUse(Right.BROWSE, queue);
                if (browsers.size() >= MAX_BROWSERS) {
                    throw new ResourceLimitException("A connection may have at most " + MAX_BROWSERS
                            + " queue browsers open; close the ones you no longer use");
                }
                browsers.put(id, connection.browse(queue, selector));
                ok(frame);
            }
            case BROWSE_NEXT -> {
                long id = in.readLong();
                int max = in.readInt();
                in.end();
                EngineBrowser browser = browsers.get(id);
                if (browser == null || max < 1 || max > MAX_BROWSE_PAGE) {
                    throw new ProtocolException("Browse request for browser " + id + " of " + max + " messages");
                }
                List<Delivery> page = new ArrayList<>();
                Delivery next;
                while (page.size() < max && (next = browser.next()) != null) {
                    page.add(next);
                }
                if (page.size() < max) {
                    browsers.remove(id);
                }
                result(frame, out -> {
                    out.writeInt(page.size());
                    page.forEach(out::writeDelivery);
                });
            }
            case CLOSE_BROWSER -> {
                long id = in.readLong();
                in.end();
                browsers.remove(id);
                ok(frame);
            }
            case CLOSE -> {
                in.end();
                closeAll();
                ok(frame);
            }
            default -> throw new ProtocolException("Operation " + frame.op() + " is not a request a client sends");
        }
    }

    /**
     * Keeps a part of a transaction's sends until its commit. A part refused (a right, the limit)
     * drops the whole transaction's staged sends: its commit will not come.
     */
    private void stage(long token, int bytes, FrameInput in) {
        try {
            if (token == 0) {
                throw new ProtocolException("Staged sends need a token");
            }
            if (!staged.containsKey(token) && staged.size() >= MAX_STAGED_TRANSACTIONS) {
                throw new ResourceLimitException("A connection may send at most " + MAX_STAGED_TRANSACTIONS
                        + " transactions in parts at once");
            }
            if (stagedBytes.addAndGet(bytes) > maxStagedBytes) {
                stagedBytes.addAndGet(-bytes);
                throw new ResourceLimitException("The transaction would make this connection hold more than"
                        + " maxTransactionBytes=" + maxStagedBytes + " on the node; commit in smaller transactions");
            }
            Staged part = staged.computeIfAbsent(token, t -> new Staged());
            part.bytes += bytes;
            int count = in.readCount(9);
            for (int i = 0; i < count; i++) {
                EngineProducer producer = producer(in.readLong()).producer();
                DestinationName destination = in.readDestination();
                checkUse(Right.SEND, destination);
                part.sends.add(new TransactionWork.Send(producer, destination, in.readMessage()));
            }
            in.end();
        } catch (RuntimeException e) {
            unstage(token);
            throw e;
        }
    }

    /** Takes a transaction's staged sends out, returning their bytes to the connection's allowance. */
    private List<TransactionWork.Send> unstage(long token) {
        Staged part = staged.remove(token);
        if (part == null) {
            return null;
        }
        stagedBytes.addAndGet(-part.bytes);
        return part.sends;
    }

    /**
     * A transaction's sends (by producer) and acknowledgements (by consumer and delivery); a
     * token other than zero names sends staged before, which come first.
     */
    private TransactionWork readWork(FrameInput in) {
        TransactionWork work = new TransactionWork();
        long token = in.readLong();
        if (token != 0) {
            List<TransactionWork.Send> sends = unstage(token);
            if (sends == null) {
                throw new ProtocolException("No staged sends under token " + token);
            }
            sends.forEach(send -> work.send(send.producer(), send.destination(), send.message()));
        }
        int sends = in.readCount(9);
        for (int i = 0; i < sends; i++) {
            EngineProducer producer = producer(in.readLong()).producer();
            DestinationName destination = in.readDestination();
            checkUse(Right.SEND, destination);
            work.send(producer, destination, in.readMessage());
        }
        int acknowledging = in.readCount(12);
        for (int i = 0; i < acknowledging; i++) {
            PushConsumer consumer = consumer(in.readLong());
            work.acknowledge(consumer.engineConsumer(), consumer.take(in.readDeliveryKeys()));
        }
        in.end();
        return work;
    }

    /**
     * The right to use a destination, and, when the use would create it (its first use), the
     * right to create it. Destinations seen to exist are remembered, so a producer's sends ask
     * the cluster once.
     */
    private void checkUse(Right right, DestinationName destination) {
        rights.check(right, destination);
        if (!rights.checks() || destination.isTemporary() || known.contains(destination)) {
            return;
        }
        if (!engine.exists(destination)) {
            rights.check(Right.CREATE, destination);
        }
        if (known.size() >= MAX_KNOWN_DESTINATIONS) {
            known.clear();
        }
        known.add(destination);
    }

    private ProducerLane producer(long id) {
        ProducerLane producer = producers.get(id);
        if (producer == null) {
            throw new ProtocolException("No producer " + id + " on this connection");
        }
        return producer;
    }

    private PushConsumer consumer(long id) {
        PushConsumer consumer = consumers.get(id);
        if (consumer == null) {
            throw new ProtocolException("No consumer " + id + " on this connection");
        }
        return consumer;
    }

    /** The client can read again: consumers that stopped for a full channel go on. */
    void writable() {
        consumers.values().forEach(c -> c.lane().execute(c::push));
    }

    /** Closes what the client opened; the engine connection gives back what it held. */
    void closeAll() {
        consumers.values().forEach(PushConsumer::abandon);
        consumers.clear();
        producers.clear();
        staged.clear();
        browsers.clear();
        connection.close();
    }

    private void ok(Frame frame) {
        result(frame, out -> { });
    }

    private void result(Frame frame, Consumer<FrameOutput> body) {
        FrameOutput out = FrameOutput.start(channel.alloc(), Op.RESULT, frame.id());
        body.accept(out);
        channel.writeAndFlush(out.finish());
    }

    private void reply(Frame frame, RuntimeException failure) {
        if (!(failure instanceof EngineException)) {
            LOG.error("{} from {} failed on the node", frame.op(), channel.remoteAddress(), failure);
        }
        if (frame.op() == Op.CREDIT || frame.op() == Op.ACK || frame.op() == Op.SEND_ONE_WAY) {
            // One-way: nobody waits for an answer; the consumer's next request learns of it.
            LOG.debug("{} from {} failed: {}", frame.op(), channel.remoteAddress(), failure.toString());
            return;
        }
        FrameOutput out = FrameOutput.start(channel.alloc(), Op.ERROR, frame.id());
        WireErrors.write(out, failure);
        channel.writeAndFlush(out.finish());
    }
}
