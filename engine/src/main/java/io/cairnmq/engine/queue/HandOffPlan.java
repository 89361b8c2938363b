package io.cairnmq.engine.queue;

import io.cairnmq.engine.api.MessageRecord;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The owner's plan for a batch arriving at a shard with waiting consumers: which of its
 * messages go, in delivery order, straight to consumers waiting on the producer's member (the
 * member hands them over without another round trip), and which other waiters are woken for
 * what is left ready. It only reads the waiters; the shard applies the plan.
 *
 * @param handOffs messages leased at once to waiters on the producer's member
 * @param woken    waiters to wake because the batch leaves messages they want
 */
record HandOffPlan(List<HandOff> handOffs, List<Holder> woken) {

    /**
     * Plans a batch whose first message gets {@code firstSequence}. A message whose delivery
     * time is later than {@code nowMillis} is never handed off, and it wakes the waiters that
     * want it so that they learn when it is due.
     *
     * @param waiters       the shard's waiters, in registration order
     * @param handOffMember member whose waiting consumers may take the batch at once; null for none
     */
    static HandOffPlan of(Map<Holder, Waiter> waiters, List<MessageRecord> batch, long firstSequence,
                          String handOffMember, long nowMillis) {
        List<HandOff> handOffs = new ArrayList<>();
        List<Integer> order = deliveryOrder(batch, nowMillis);
        boolean[] taken = new boolean[batch.size()];
        int left = order.size();
        // Plain loops, no streams: this runs on the partition thread for every batch sent to a
        // shard with waiters, and that thread is what a busy queue's throughput comes down to.
        if (handOffMember != null) {
            List<Map.Entry<Holder, Waiter>> local = new ArrayList<>(waiters.size());
            for (Map.Entry<Holder, Waiter> w : waiters.entrySet()) {
                if (w.getKey().memberId().equals(handOffMember)) {
                    local.add(w);
                }
            }
            for (int w = 0; w < local.size() && left > 0; w++) {
                Map.Entry<Holder, Waiter> waiter = local.get(w);
                // An even share for each waiter still to come, so competing consumers all get work.
                int share = (left + local.size() - w - 1) / (local.size() - w);
                int take = Math.min(waiter.getValue().room(), share);
                LongList sequences = new LongList();
                for (int i = 0; i < order.size() && sequences.size() < take; i++) {
                    int index = order.get(i);
                    if (!taken[index] && waiter.getValue().wants(batch.get(index))) {
                        taken[index] = true;
                        sequences.add(firstSequence + index);
                    }
                }
                if (sequences.size() > 0) {
                    left -= sequences.size();
                    handOffs.add(new HandOff(waiter.getKey(), sequences.toArray(),
                            waiter.getValue().room() - sequences.size()));
                }
            }
        }
        List<Holder> woken = new ArrayList<>();
        if (left > 0 || order.size() < batch.size()) {
            for (Map.Entry<Holder, Waiter> waiter : waiters.entrySet()) {
                if (!handedTo(handOffs, waiter.getKey()) && wantsAnyLeft(waiter.getValue(), batch, taken)) {
                    woken.add(waiter.getKey());
                }
            }
        }
        return new HandOffPlan(handOffs, woken);
    }

    private static boolean handedTo(List<HandOff> handOffs, Holder holder) {
        for (HandOff h : handOffs) {
            if (h.holder().equals(holder)) {
                return true;
            }
        }
        return false;
    }

    /**
     * Whether a waiter wants a message of the batch that was not handed off: one it can lease
     * now, or a delayed one it must learn the time of.
     */
    private static boolean wantsAnyLeft(Waiter waiter, List<MessageRecord> batch, boolean[] taken) {
        for (int i = 0; i < batch.size(); i++) {
            if (!taken[i] && waiter.wants(batch.get(i))) {
                return true;
            }
        }
        return false;
    }

    /** Indexes of the batch's messages that are due, in delivery order. */
    private static List<Integer> deliveryOrder(List<MessageRecord> batch, long nowMillis) {
        List<Integer> order = new ArrayList<>(batch.size());
        for (int i = 0; i < batch.size(); i++) {
            if (batch.get(i).deliveryTime() <= nowMillis) {
                order.add(i);
            }
        }
        if (order.size() < 2) {
            return order;
        }
        order.sort((a, b) -> batch.get(b).priority() != batch.get(a).priority()
                ? Integer.compare(batch.get(b).priority(), batch.get(a).priority())
                : Integer.compare(a, b));
        return order;
    }
}
