package io.cairnmq.engine.hz;

import io.cairnmq.engine.api.Delivery;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/**
 * A consumer's prefetched deliveries, in the order they are handed out, with what a shard
 * handed off while a lease request to it was in flight (it joins after the request's reply), and
 * whether and whom to tell that deliveries are available. Not thread-safe: the consumer guards
 * it with its lock.
 */
final class DeliveryBuffer {

    private final ArrayDeque<Delivery> deliveries = new ArrayDeque<>();
    /** Messages handed off by the shard of the request in flight, to append after its reply. */
    private final List<Delivery> handedOffDuringRequest = new ArrayList<>();
    private Runnable availableCallback;
    /** Nothing is handed out while set (a stopped JMS connection); leasing goes on. */
    private boolean held;

    /** The next delivery to hand out; null when there is none or the consumer is held. */
    Delivery next() {
        return held ? null : deliveries.poll();
    }

    boolean isEmpty() {
        return deliveries.isEmpty();
    }

    int size() {
        return deliveries.size();
    }

    void add(Delivery delivery) {
        deliveries.add(delivery);
    }

    void addAll(Collection<Delivery> more) {
        deliveries.addAll(more);
    }

    /** A delivery handed back: it goes out again first. */
    void putFirst(Delivery delivery) {
        deliveries.addFirst(delivery);
    }

    /** Everything buffered, taken out. */
    ArrayDeque<Delivery> takeAll() {
        ArrayDeque<Delivery> all = new ArrayDeque<>(deliveries);
        deliveries.clear();
        return all;
    }

    void clear() {
        deliveries.clear();
    }

    /** A hand-off from the shard of the request in flight: it joins after the request's reply. */
    void handedOffDuringRequest(Delivery delivery) {
        handedOffDuringRequest.add(delivery);
    }

    /** The hand-offs that came while the request was in flight, taken out. */
    List<Delivery> takeHandedOffDuringRequest() {
        List<Delivery> handedOff = List.copyOf(handedOffDuringRequest);
        handedOffDuringRequest.clear();
        return handedOff;
    }

    /** The request was never sent: what was handed off meanwhile joins the buffer. */
    void keepHandedOffDuringRequest() {
        deliveries.addAll(handedOffDuringRequest);
        handedOffDuringRequest.clear();
    }

    /** Sets whom to tell; returns whether deliveries wait for it already. */
    boolean onAvailable(Runnable callback) {
        availableCallback = callback;
        return callback != null && !held && !deliveries.isEmpty();
    }

    /** Holds or resumes handing out; on resuming, the callback to tell if deliveries wait (or null). */
    Runnable hold(boolean hold) {
        held = hold;
        return hold || deliveries.isEmpty() ? null : availableCallback;
    }

    /** The callback to tell when deliveries wait and can be handed out (the window reopened); or null. */
    Runnable waiting() {
        return !held && !deliveries.isEmpty() ? availableCallback : null;
    }

    /** The callback to tell, when the buffer was empty before deliveries came and they can be handed out; or null. */
    Runnable becameAvailable(boolean wasEmpty) {
        return !held && wasEmpty && !deliveries.isEmpty() ? availableCallback : null;
    }
}
