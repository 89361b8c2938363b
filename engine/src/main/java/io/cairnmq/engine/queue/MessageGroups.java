package io.cairnmq.engine.queue;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;

/**
 * Which consumer each message group ({@code JMSXGroupID}) of a queue belongs to: a group's
 * messages go to that consumer only, in order, until it leaves or goes (its unacknowledged
 * messages then come again, at their places, to whoever takes the group next) or it is given the
 * group's last message ({@code JMSXGroupSeq} -1).
 *
 * <p>New groups are spread over the consumers: a consumer takes one while it has fewer than its
 * share of the groups (those that have a consumer, and those without one that its lease has
 * met so far) among the consumers of grouped messages that asked lately, and at most
 * {@link #MAX_NEW_PER_LEASE} in one lease. Who asked lately is the owner's own reckoning (not
 * replicated, not part of any decision's replay): after a fail-over the spread starts afresh.
 */
final class MessageGroups {

    /** The property whose value -1 marks a group's last message (section 3.5.9). */
    static final String GROUP_SEQUENCE = "JMSXGroupSeq";
    /** Most groups one lease takes for its requester that nobody had. */
    static final int MAX_NEW_PER_LEASE = 32;
    /** A consumer that asked within this long counts for the spread of new groups. */
    static final long ACTIVE_MILLIS = 2_000;

    final Map<String, Holder> owners = new HashMap<>();
    private final Map<Holder, Integer> counts = new HashMap<>();
    /** When each consumer last asked for messages, by the owner's clock. */
    private final Map<String, Long> lastAsked = new HashMap<>();

    /**
     * What one lease does with groups: the groups nobody had that it takes, the groups whose
     * next message is not deliverable yet (held back, or not due: their later messages wait for
     * it), and whether it left groups for the requester's next lease, at once (it took as many
     * as one lease takes) or soon (its share is full).
     */
    final class Lease {
        private final Holder requester;
        private final long nowMillis;
        private java.util.Set<String> taken;
        /** Groups without a consumer this lease met, taken or not. */
        private java.util.Set<String> unowned;
        private java.util.Set<String> blocked;
        boolean moreAtOnce;
        boolean moreSoon;

        /** Whether the requester was counted as asking: once, at the first grouped message it meets. */
        private boolean counted;

        Lease(Holder requester, long nowMillis) {
            this.requester = requester;
            this.nowMillis = nowMillis;
        }

        /** A message of this group cannot be delivered yet: the group's later messages wait for it. */
        void block(StoredMessage m) {
            String group = m.message().groupId();
            if (group != null) {
                if (blocked == null) {
                    blocked = new java.util.HashSet<>();
                }
                blocked.add(group);
            }
        }

        /**
         * Whether the requester may take this message as far as its group goes: no group, its own
         * group or one it takes now (see {@link #mayTakeNew}), and no earlier message of the group
         * waiting to be deliverable. Another consumer's group is not the requester's.
         */
        boolean mayTake(StoredMessage m) {
            String group = m.message().groupId();
            if (group == null) {
                return true;
            }
            if (!counted) {
                // Only consumers of grouped messages share the groups out.
                asked(requester, nowMillis);
                counted = true;
            }
            if (blocked != null && blocked.contains(group)) {
                return false;
            }
            Holder owner = owners.get(group);
            if (owner != null) {
                return owner.consumerId().equals(requester.consumerId());
            }
            if (taken != null && taken.contains(group)) {
                return true;
            }
            if (unowned == null) {
                unowned = new java.util.HashSet<>();
            }
            unowned.add(group);
            int takenNow = taken == null ? 0 : taken.size();
            if (mayTakeNew(requester, takenNow, unowned.size(), nowMillis)) {
                if (taken == null) {
                    taken = new java.util.HashSet<>();
                }
                taken.add(group);
                return true;
            }
            if (takenNow >= MAX_NEW_PER_LEASE) {
                moreAtOnce = true;
            } else {
                moreSoon = true;
            }
            return false;
        }
    }

    /** A consumer asks for messages now. */
    void asked(Holder holder, long nowMillis) {
        lastAsked.put(holder.consumerId(), nowMillis);
        if (lastAsked.size() > 64) {
            lastAsked.values().removeIf(at -> at < nowMillis - ACTIVE_MILLIS);
        }
    }

    /**
     * Whether the requester may take a group nobody has, having taken {@code takenNow} such in
     * this lease and met {@code unownedMet} (taken or not): fewer than
     * {@link #MAX_NEW_PER_LEASE}, and it has fewer than its share of the groups.
     */
    boolean mayTakeNew(Holder holder, int takenNow, int unownedMet, long nowMillis) {
        if (takenNow >= MAX_NEW_PER_LEASE) {
            return false;
        }
        int active = 0;
        for (long at : lastAsked.values()) {
            if (at >= nowMillis - ACTIVE_MILLIS) {
                active++;
            }
        }
        active = Math.max(1, active);
        int share = (owners.size() + unownedMet + active - 1) / active;
        return counts.getOrDefault(holder, 0) + takenNow < share;
    }

    Holder ownerOf(String group) {
        return owners.get(group);
    }

    /** A leased message's group is its holder's from now on, or, if it was the group's last message, nobody's. */
    void leased(Holder holder, StoredMessage m) {
        String group = m.message().groupId();
        if (group == null) {
            return;
        }
        if (Integer.valueOf(-1).equals(m.message().properties().get(GROUP_SEQUENCE))) {
            Holder owner = owners.remove(group);
            if (owner != null) {
                counts.merge(owner, -1, (a, b) -> a + b == 0 ? null : a + b);
            }
        } else if (owners.putIfAbsent(group, holder) == null) {
            counts.merge(holder, 1, Integer::sum);
        }
    }

    /** The holders among the groups' owners that {@code leaving} matches. */
    List<Holder> ownersAmong(Predicate<Holder> leaving) {
        Set<Holder> found = new LinkedHashSet<>();
        for (Holder owner : owners.values()) {
            if (leaving.test(owner)) {
                found.add(owner);
            }
        }
        return new ArrayList<>(found);
    }

    /** These holders' groups are nobody's now. */
    void leave(Collection<Holder> left) {
        if (!left.isEmpty()) {
            owners.values().removeIf(left::contains);
            left.forEach(counts::remove);
            left.forEach(h -> lastAsked.remove(h.consumerId()));
        }
    }

    /** After the owners were read from a shard's binary form: counts them. */
    void recount() {
        counts.clear();
        owners.values().forEach(h -> counts.merge(h, 1, Integer::sum));
    }
}
