package io.cairnmq.jms.remote;

import io.cairnmq.engine.api.ConnectionListener;
import io.cairnmq.engine.api.ConsumerSpec;
import io.cairnmq.engine.api.Delivery;
import io.cairnmq.engine.api.DestinationKind;
import io.cairnmq.engine.api.DestinationName;
import io.cairnmq.engine.api.EngineBrowser;
import io.cairnmq.engine.api.EngineClosedException;
import io.cairnmq.engine.api.EngineConnection;
import io.cairnmq.engine.api.EngineConsumer;
import io.cairnmq.engine.api.EngineException;
import io.cairnmq.engine.api.EngineProducer;
import io.cairnmq.engine.api.InvalidDestinationNameException;
import io.cairnmq.engine.api.TransactionInDoubtException;
import io.cairnmq.engine.api.TransactionRolledBackException;
import io.cairnmq.engine.api.TransactionWork;
import io.cairnmq.engine.api.EngineUnavailableException;
import io.cairnmq.protocol.FrameInput;
import io.cairnmq.protocol.FrameOutput;
import io.cairnmq.protocol.Op;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A connection to one node: every call of the engine API becomes a request to the node's front
 * end, which makes it on its engine. When the network connection is lost, its consumers fail
 * their receivers and the listener is told.
 */
final class RemoteConnection implements EngineConnection, NodeLink.Events {

    private final RemoteConfig config;
    private final RemoteConfig.Node address;
    private final NodeLink link;
    private final ConnectionListener listener;
    private final Executor callbacks;
    private final AtomicLong ids = new AtomicLong();
    /** Tokens of transactions sent in parts. */
    private final AtomicLong stagings = new AtomicLong();
    /** Room a part's frame leaves for its header and counts. */
    private static final int STAGE_HEADROOM_BYTES = 1024;
    private final Map<Long, RemoteConsumer> consumers = new ConcurrentHashMap<>();
    private final Map<Long, RemoteProducer> producers = new ConcurrentHashMap<>();
    private volatile boolean closed;

    private RemoteConnection(RemoteConfig config, RemoteConfig.Node address, NodeLink link, ConnectionListener listener,
                             Executor callbacks) {
        this.config = config;
        this.address = address;
        this.link = link;
        this.listener = listener;
        this.callbacks = callbacks;
    }

    /** Connects to this node; the first failure (unreachable, refused) is thrown. */
    static RemoteConnection open(RemoteConfig config, RemoteConfig.Node node, String user, String password,
                                 ConnectionListener listener, Executor callbacks) {
        RemoteConnection[] connection = new RemoteConnection[1];
        NodeLink.Events events = new NodeLink.Events() {
            @Override
            public void delivery(long consumerId, FrameInput frame) {
                connection[0].delivery(consumerId, frame);
            }

            @Override
            public void sent(long producerId, FrameInput frame) {
                connection[0].sent(producerId, frame);
            }

            @Override
            public void lost(EngineException cause) {
                if (connection[0] != null) {
                    connection[0].lost(cause);
                }
            }
        };
        NodeLink link = NodeLink.open(config, node, user, password, events);
        connection[0] = new RemoteConnection(config, node, link, listener, callbacks);
        if (!link.isOpen()) {
            connection[0].lost(new EngineUnavailableException("The connection to " + node + " was lost at once", null));
        }
        return connection[0];
    }

    @Override
    public void delivery(long consumerId, FrameInput frame) {
        RemoteConsumer consumer = consumers.get(consumerId);
        if (consumer != null) {
            consumer.delivered(frame);
        }
    }

    @Override
    public void sent(long producerId, FrameInput frame) {
        RemoteProducer producer = producers.get(producerId);
        if (producer != null) {
            producer.handled(frame);
        }
    }

    @Override
    public void lost(EngineException cause) {
        EngineClosedException closedBy = new EngineClosedException(
                "The connection to the node was lost: " + cause.getMessage(), cause);
        consumers.values().forEach(c -> c.failed(closedBy));
        producers.values().forEach(p -> p.failed(closedBy));
        if (!closed) {
            callbacks.execute(() -> listener.connectionFailed(cause));
        }
    }

    NodeLink link() {
        return link;
    }

    /** The address this connection reached its node at. */
    RemoteConfig.Node address() {
        return address;
    }

    /** The node this connection is on. */
    String node() {
        return link.welcome().node();
    }

    boolean isOpen() {
        return link.isOpen();
    }

    @Override
    public String id() {
        return link.welcome().connectionId();
    }

    @Override
    public void claimClientId(String clientId) {
        link.callQuietly(Op.CLAIM_CLIENT_ID, out -> out.writeString(clientId));
    }

    @Override
    public EngineProducer openProducer() {
        return openProducer(null);
    }

    @Override
    public RemoteProducer openProducer(String identity) {
        long id = ids.incrementAndGet();
        RemoteProducer producer = new RemoteProducer(link, id, config.sendWindow(), config.callTimeoutMillis(),
                () -> producers.remove(id));
        // Registered first, as a consumer is: the connection may be lost while it opens.
        producers.put(id, producer);
        try {
            link.callQuietly(Op.OPEN_PRODUCER, out -> out.writeLong(id).writeString(identity).writeInt(config.sendWindow()));
        } catch (RuntimeException e) {
            producers.remove(id);
            throw e;
        }
        return producer;
    }

    @Override
    public RemoteConsumer openConsumer(ConsumerSpec spec) {
        long id = ids.incrementAndGet();
        RemoteConsumer consumer = new RemoteConsumer(link, id, spec, callbacks, () -> consumers.remove(id));
        // Registered first: the node pushes as soon as it has opened the consumer.
        consumers.put(id, consumer);
        try {
            link.callQuietly(Op.OPEN_CONSUMER, out -> out.writeLong(id).writeConsumerSpec(spec));
        } catch (RuntimeException e) {
            consumers.remove(id);
            throw e;
        }
        return consumer;
    }

    @Override
    public DestinationName createTemporary(DestinationKind kind) {
        return link.call(Op.CREATE_TEMPORARY, out -> out.writeByte(kind.ordinal()), FrameInput::readDestination);
    }

    @Override
    public void deleteTemporary(DestinationName destination) {
        link.callQuietly(Op.DELETE_TEMPORARY, out -> out.writeDestination(destination));
    }

    @Override
    public EngineBrowser browse(DestinationName queue, String selector) {
        long id = ids.incrementAndGet();
        link.callQuietly(Op.OPEN_BROWSER, out -> out.writeLong(id).writeDestination(queue).writeString(selector));
        return new RemoteBrowser(link, id);
    }

    /** Not offered here: the node checks a remote client's right to delete a subscription. */
    @Override
    public void unsubscribe(String subscriptionName, java.util.function.Consumer<DestinationName> mayDelete) {
        throw new UnsupportedOperationException("A remote connection's unsubscribe is authorized by its node");
    }

    @Override
    public void unsubscribe(String subscriptionName) {
        link.callQuietly(Op.UNSUBSCRIBE, out -> out.writeString(subscriptionName));
    }

    @Override
    public void commit(TransactionWork work) {
        List<Acknowledging> acknowledging = acknowledging(work);
        try {
            inOneFrameOrStaged(work, (token, sends) -> link.callQuietly(Op.COMMIT,
                    out -> writeWork(out.writeLong(token), sends, acknowledging)));
        } catch (EngineClosedException e) {
            // Never sent: the node dropped the transaction with the connection.
            throw new TransactionRolledBackException("The connection to the node was lost before the commit: "
                    + e.getMessage(), e);
        } catch (EngineUnavailableException e) {
            // The request may have reached the node: what it did is not known here.
            throw new TransactionInDoubtException("The connection to the node failed during the commit: "
                    + e.getMessage(), e);
        }
    }

    @Override
    public boolean prepare(String transactionId, TransactionWork work) {
        List<Acknowledging> acknowledging = acknowledging(work);
        boolean[] prepared = new boolean[1];
        inOneFrameOrStaged(work, (token, sends) -> prepared[0] = link.call(Op.PREPARE,
                out -> writeWork(out.writeString(transactionId).writeLong(token), sends, acknowledging),
                FrameInput::readBoolean));
        return prepared[0];
    }

    /** Sends a commit or prepare, given the token of staged sends (0: none) and the sends it carries itself. */
    private interface Completion {
        void send(long token, List<TransactionWork.Send> sends);
    }

    /**
     * Sends the transaction in one frame when it fits the node's limit; otherwise its messages go
     * ahead in parts of a frame each, kept by the node under a token the completion then names.
     * A part that fails means the completion never went: the transaction is rolled back.
     */
    private void inOneFrameOrStaged(TransactionWork work, Completion completion) {
        try {
            completion.send(0, work.sends());
            return;
        } catch (NodeLink.FrameTooLargeException tooLarge) {
            // Cut into parts below.
        }
        long token = stagings.incrementAndGet();
        int room = link.frameLimit() - STAGE_HEADROOM_BYTES;
        List<TransactionWork.Send> part = new ArrayList<>();
        long partBytes = 0;
        for (TransactionWork.Send send : work.sends()) {
            RemoteProducer producer = remoteProducerOf(send);
            int bytes = link.encodedSize(out -> out.writeLong(producer.id()).writeDestination(send.destination())
                    .writeMessage(send.message()));
            if (!part.isEmpty() && partBytes + bytes > room) {
                stage(token, part);
                part = new ArrayList<>();
                partBytes = 0;
            }
            part.add(send);
            partBytes += bytes;
        }
        stage(token, part);
        completion.send(token, List.of());
    }

    private void stage(long token, List<TransactionWork.Send> sends) {
        try {
            link.callQuietly(Op.STAGE_SENDS, out -> {
                out.writeLong(token).writeInt(sends.size());
                for (TransactionWork.Send send : sends) {
                    out.writeLong(remoteProducerOf(send).id()).writeDestination(send.destination())
                            .writeMessage(send.message());
                }
            });
        } catch (EngineClosedException | EngineUnavailableException e) {
            throw new TransactionRolledBackException("The connection to the node failed while the transaction's"
                    + " messages went ahead of its commit, which was not sent: " + e.getMessage(), e);
        } catch (EngineException e) {
            // The node refused a part and dropped the others: nothing of the transaction happened.
            throw new TransactionRolledBackException("The transaction was rolled back: " + e.getMessage(), e);
        }
    }

    @Override
    public void commitPrepared(String transactionId) {
        link.callQuietly(Op.COMMIT_PREPARED, out -> out.writeString(transactionId));
    }

    @Override
    public void rollbackPrepared(String transactionId) {
        link.callQuietly(Op.ROLLBACK_PREPARED, out -> out.writeString(transactionId));
    }

    @Override
    public List<String> preparedTransactions() {
        return link.call(Op.PREPARED_TRANSACTIONS, out -> { }, in -> {
            int count = in.readCount(1);
            List<String> ids = new ArrayList<>(count);
            for (int i = 0; i < count; i++) {
                ids.add(in.readString());
            }
            return ids;
        });
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        try {
            if (link.isOpen()) {
                link.callQuietly(Op.CLOSE, out -> { });
            }
        } catch (EngineException e) {
            // Closing anyway: the node releases what this connection held when the channel closes.
        } finally {
            link.close();
        }
    }

    private record Acknowledging(long consumer, List<Delivery> deliveries) {
    }

    /** What each consumer of the transaction hands to it: the deliveries its application has. */
    private static List<Acknowledging> acknowledging(TransactionWork work) {
        List<Acknowledging> acknowledging = new ArrayList<>();
        for (EngineConsumer c : work.consumers()) {
            RemoteConsumer consumer = (RemoteConsumer) c;
            List<Delivery> only = work.acknowledgedOf(c);
            acknowledging.add(new Acknowledging(consumer.id(),
                    only == null ? consumer.takeHandedOut() : consumer.takeHandedOut(only)));
        }
        return acknowledging;
    }

    private static RemoteProducer remoteProducerOf(TransactionWork.Send send) {
        if (!(send.producer() instanceof RemoteProducer producer)) {
            throw new InvalidDestinationNameException("A transaction on a node sends through that node's producers");
        }
        return producer;
    }

    private static void writeWork(FrameOutput out, List<TransactionWork.Send> sends, List<Acknowledging> acknowledging) {
        out.writeInt(sends.size());
        for (TransactionWork.Send send : sends) {
            out.writeLong(remoteProducerOf(send).id()).writeDestination(send.destination()).writeMessage(send.message());
        }
        out.writeInt(acknowledging.size());
        for (Acknowledging a : acknowledging) {
            out.writeLong(a.consumer()).writeDeliveryKeys(a.deliveries());
        }
    }
}
