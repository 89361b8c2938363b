package io.cairnmq.cluster.frontend;

import io.cairnmq.engine.api.Delivery;
import io.cairnmq.engine.api.EngineConsumer;
import io.cairnmq.engine.api.Redelivery;
import io.cairnmq.protocol.FrameOutput;
import io.cairnmq.protocol.Op;
import io.cairnmq.protocol.SerialExecutor;
import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.ListIterator;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The node's side of a remote consumer: it takes deliveries from the engine consumer and pushes
 * them to the client while the client has credit (its buffer has room), without a request per
 * message.
 *
 * <p>Everything pushed counts as handed out for the engine. The client tells which of those its
 * application really has (the ones it handed out and has not settled); where the difference
 * matters (a commit, recover, pause, close) the others are handed back to the engine unchanged
 * first, so that they count as never delivered. A reset of the client's buffer starts a new
 * epoch: deliveries pushed before it are dropped by the client.
 *
 * <p>Its work runs on its lane, except {@link #take} for a commit and a push the engine's word
 * that deliveries wait can run at once, hence the lock.
 */
final class PushConsumer {

    /** A pushed delivery, named as the client names it. */
    record Key(int shard, long sequence) {
        static Key of(Delivery d) {
            return new Key(d.shard(), d.sequence());
        }
    }

    private final long id;
    private final EngineConsumer consumer;
    private final int prefetch;
    private final Channel channel;
    private final SerialExecutor lane;
    private final Map<Key, Delivery> pushed = new LinkedHashMap<>();
    private final ReentrantLock lock = new ReentrantLock();
    private int credit;
    private int epoch;
    private boolean stopped;

    PushConsumer(long id, EngineConsumer consumer, int prefetch, Channel channel, SerialExecutor lane) {
        this.id = id;
        this.consumer = consumer;
        this.prefetch = prefetch;
        this.channel = channel;
        this.lane = lane;
        this.credit = prefetch;
    }

    SerialExecutor lane() {
        return lane;
    }

    EngineConsumer engineConsumer() {
        return consumer;
    }

    void start() {
        consumer.onAvailable(this::available);
        lane.execute(this::push);
    }

    /**
     * The engine's word that deliveries wait, on an engine thread: pushed from there, saving a
     * hand-off per delivery, unless the lane holds the consumer (a recover, a close), which may
     * wait for that very engine thread; then the lane pushes after it.
     */
    private void available() {
        if (lock.tryLock()) {
            try {
                push();
            } finally {
                lock.unlock();
            }
        } else {
            lane.execute(this::push);
        }
    }

    /**
     * Pushes what the engine consumer has, while the client has credit and reads. The frames go
     * to the network thread as one task: a task per frame would wake it once per delivery.
     */
    void push() {
        lock.lock();
        try {
            List<ByteBuf> frames = null;
            while (!stopped && credit > 0 && channel.isWritable()) {
                Delivery delivery = consumer.poll();
                if (delivery == null) {
                    break;
                }
                pushed.put(Key.of(delivery), delivery);
                credit--;
                if (frames == null) {
                    frames = new ArrayList<>();
                }
                frames.add(FrameOutput.start(channel.alloc(), Op.DELIVER, id).writeInt(epoch).writeDelivery(delivery)
                        .finish());
            }
            if (frames != null) {
                // Queued under the lock, so that pushes reach the wire in the order they were taken.
                List<ByteBuf> batch = frames;
                try {
                    channel.eventLoop().execute(() -> {
                        batch.forEach(channel::write);
                        channel.flush();
                    });
                } catch (java.util.concurrent.RejectedExecutionException closing) {
                    // The front end is closing: the connection goes, and the engine's close gives back what it held.
                    batch.forEach(ByteBuf::release);
                }
            }
        } finally {
            lock.unlock();
        }
    }

    void credit(int more) {
        lock.lock();
        try {
            credit = Math.min(prefetch, credit + Math.max(0, more));
            push();
        } finally {
            lock.unlock();
        }
    }

    /** Lazy acknowledgements of deliveries the client's application consumed. */
    void acknowledge(Collection<Delivery> keys) {
        lock.lock();
        try {
            for (Delivery key : keys) {
                Delivery delivery = pushed.remove(new Key(key.shard(), key.sequence()));
                if (delivery != null) {
                    consumer.acknowledge(delivery);
                }
            }
        } finally {
            lock.unlock();
        }
    }

    /** The client's application consumed these: acknowledged, and confirmed by the shards. */
    void acknowledgeAndFlush(Collection<Delivery> keys) {
        lock.lock();
        try {
            acknowledge(keys);
            consumer.flushAcknowledgements();
        } finally {
            lock.unlock();
        }
    }

    /**
     * Takes these deliveries for a transaction to acknowledge: from now on they are the
     * transaction's, which acknowledges them or gives them back.
     */
    List<Delivery> take(Collection<Delivery> keys) {
        lock.lock();
        try {
            List<Delivery> taken = new ArrayList<>(keys.size());
            for (Delivery key : keys) {
                Delivery delivery = pushed.remove(new Key(key.shard(), key.sequence()));
                if (delivery != null) {
                    taken.add(delivery);
                }
            }
            return taken;
        } finally {
            lock.unlock();
        }
    }

    /** The client's recover: what it holds comes again, in order. @return the new epoch */
    int recover(Collection<Delivery> handedOut) {
        lock.lock();
        try {
            handBackUnused(handedOut);
            consumer.recover();
            pushed.clear();
            return restart();
        } finally {
            lock.unlock();
        }
    }

    /** Stops pushing; what the application has stays with it until settled. @return the new epoch */
    int pause(Collection<Delivery> handedOut) {
        lock.lock();
        try {
            handBackUnused(handedOut);
            consumer.pause();
            stopped = true;
            return ++epoch;
        } finally {
            lock.unlock();
        }
    }

    void release(Delivery key) {
        lock.lock();
        try {
            Delivery delivery = pushed.remove(Key.of(key));
            if (delivery != null) {
                consumer.release(delivery);
            }
        } finally {
            lock.unlock();
        }
    }

    /**
     * The application's listener threw on this delivery: it comes next again, counted, before
     * what the client had buffered behind it. @return the new epoch
     */
    int handBackCounted(Delivery key, Collection<Delivery> handedOut) {
        lock.lock();
        try {
            Set<Key> keep = keys(handedOut);
            keep.add(Key.of(key));
            handBackUnused(keep);
            Delivery delivery = pushed.remove(Key.of(key));
            if (delivery != null) {
                consumer.handBack(delivery, Redelivery.COUNTED);
            }
            return restart();
        } finally {
            lock.unlock();
        }
    }

    void close(Collection<Delivery> handedOut) {
        lock.lock();
        try {
            stopped = true;
            consumer.onAvailable(null);
            handBackUnused(handedOut);
            pushed.clear();
            consumer.close();
        } finally {
            lock.unlock();
        }
    }

    /** The connection went away: the engine connection's close gives everything back. */
    void abandon() {
        lock.lock();
        try {
            stopped = true;
            consumer.onAvailable(null);
        } finally {
            lock.unlock();
        }
    }

    private int restart() {
        credit = prefetch;
        epoch++;
        lane.execute(this::push);
        return epoch;
    }

    private void handBackUnused(Collection<Delivery> handedOut) {
        handBackUnused(keys(handedOut));
    }

    /** Hands back, newest first, what was pushed and not handed out by the client. */
    private void handBackUnused(Set<Key> handedOut) {
        List<Map.Entry<Key, Delivery>> entries = new ArrayList<>(pushed.entrySet());
        ListIterator<Map.Entry<Key, Delivery>> newestFirst = entries.listIterator(entries.size());
        while (newestFirst.hasPrevious()) {
            Map.Entry<Key, Delivery> e = newestFirst.previous();
            if (!handedOut.contains(e.getKey())) {
                pushed.remove(e.getKey());
                consumer.handBack(e.getValue(), Redelivery.NOT_COUNTED);
            }
        }
    }

    private static Set<Key> keys(Collection<Delivery> deliveries) {
        Set<Key> keys = new HashSet<>();
        for (Delivery d : deliveries) {
            keys.add(Key.of(d));
        }
        return keys;
    }
}
