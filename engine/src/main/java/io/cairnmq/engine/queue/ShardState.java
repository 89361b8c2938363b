package io.cairnmq.engine.queue;

import io.cairnmq.engine.api.DeliveryPolicy;
import io.cairnmq.engine.api.MessageRecord;
import io.cairnmq.engine.api.Redelivery;
import io.cairnmq.engine.tx.EntryTransactions;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.IntToLongFunction;
import java.util.function.Predicate;
import java.util.function.ToLongFunction;

import io.cairnmq.engine.selector.Selector;
import io.cairnmq.engine.selector.Selectors;

/**
 * One shard of a queue. Not thread-safe: Hazelcast runs every change of one shard on its
 * partition's thread, one at a time.
 *
 * <p>Each change has a {@code decide…} step (owner only; reads the state and the owner's
 * clock) and an {@code apply…} step (owner and backups; changes the state exactly as
 * decided). Changes are idempotent under Hazelcast's at-least-once retries: a batch is
 * recognised by its producer's batch number, a lease request by its token, and acknowledging
 * or releasing what is no longer leased does nothing.
 *
 * <p>It owns what is ready, what is leased and who waits, and is the one door to the shard;
 * its other jobs are parts of their own: the memory of applied requests that answers retries
 * ({@link RetryMemory}), the planning of hand-offs to waiting consumers ({@link HandOffPlan}),
 * recovery from journals and the versions of its rows ({@link ShardRecovery}), the view of
 * its messages on disk ({@link DiskView}) and the producers waiting for room
 * ({@link RoomWaiters}).
 */
public final class ShardState implements ShardEntry {

    /**
     * Most messages one lease hands to its requester's mover: the reply and the mover's work stay
     * bounded, and a requester that met more does not wait but asks again.
     */
    static final int MAX_MOVES_PER_LEASE = 64;

    long nextSequence = 1;
    final PriorityLanes ready = new PriorityLanes();
    final Map<Long, LeasedMessage> leased = new LinkedHashMap<>();
    /** The batches and lease requests applied, to answer their retries as the first time. */
    final RetryMemory retries = new RetryMemory();
    /**
     * Counts the decisions that may change who waits. Every wake-up, hand-off and lease reply
     * carries it, so that a consumer receiving them out of order keeps the newest word on
     * whether it is still registered here.
     */
    long waiterVersion;
    /** Consumers waiting for a wake-up, with how many messages each has room for and its selector. */
    final Map<Holder, Waiter> waiters = new LinkedHashMap<>();
    /** Messages only on disk (a backlog past the memory limits), as counts. */
    final SpillZone zone = new SpillZone();
    /** Bytes of the messages this shard holds in memory, ready or leased. */
    long residentBytes;
    /** Producers refused for lack of room that wait to be told when there is some. */
    final RoomWaiters roomWaiters = new RoomWaiters();
    /** The versions of its journal rows, and what recovery from journals puts back. */
    final ShardRecovery recovery = new ShardRecovery(this);
    /** Its messages as the member's journal sees them. */
    private final DiskView disk = new DiskView(zone, ready, leased);
    /** A client changed it since it was created or recovered: see {@link ShardEntry#isLive()}. */
    boolean live;
    /** The transactions it takes part in (as an entry of its own, not as a topic's subscription queue). */
    final EntryTransactions transactions = new EntryTransactions();
    /** On an exclusive queue: the one consumer it delivers to until it goes; null for none yet. */
    Holder exclusive;
    /** On a last-value queue: the newest waiting message of each value. */
    final LastValues lastValues = new LastValues();
    /** The consumer of each message group. */
    final MessageGroups groups = new MessageGroups();

    // ------------------------------------------------------------------ enqueue

    /**
     * Decides where a batch goes. Waiters exist only while nothing is ready, so the batch can
     * go, in delivery order, straight to consumers waiting on {@code handOffMember} (the
     * producer's member, which hands the messages over without another round trip); whatever
     * is left stays ready and wakes the remaining waiters.
     *
     * @param handOffMember member whose waiting consumers may take the batch at once; null for none
     */
    public EnqueueDecision decideEnqueue(String producerId, long batchNumber, List<MessageRecord> batch,
                                         String handOffMember) {
        return decideEnqueue(producerId, batchNumber, batch, handOffMember, System.currentTimeMillis());
    }

    /**
     * As {@link #decideEnqueue(String, long, List, String)}, at the owner's time {@code nowMillis}:
     * a message whose delivery time is later is never handed off, and it wakes the waiters so
     * that they learn when it is due.
     */
    public EnqueueDecision decideEnqueue(String producerId, long batchNumber, List<MessageRecord> batch,
                                         String handOffMember, long nowMillis) {
        return decideEnqueue(producerId, batchNumber, batch, handOffMember, nowMillis, Long.MAX_VALUE);
    }

    /**
     * As {@link #decideEnqueue(String, long, List, String, long)} with a memory limit: the batch's
     * messages stay in memory while their bytes fit {@code memoryBudget}, the rest go to disk
     * (and once some are on disk, every new one follows them there until the disk backlog is
     * drained, so that none overtakes them). Nothing is handed off when anything spills.
     */
    public EnqueueDecision decideEnqueue(String producerId, long batchNumber, List<MessageRecord> batch,
                                         String handOffMember, long nowMillis, long memoryBudget) {
        return decideEnqueue(producerId, batchNumber, batch, handOffMember, nowMillis, memoryBudget,
                DeliveryPolicy.KEEP);
    }

    /**
     * As {@link #decideEnqueue(String, long, List, String, long, long)} under the destination's
     * policy: on an exclusive queue only its consumer is handed messages (while it has none, the
     * waiters are woken to ask, and the first becomes it); on a last-value queue the batch
     * replaces the waiting messages with the same value, and goes to nobody before it is stored.
     */
    public EnqueueDecision decideEnqueue(String producerId, long batchNumber, List<MessageRecord> batch,
                                         String handOffMember, long nowMillis, long memoryBudget,
                                         DeliveryPolicy policy) {
        if (retries.isApplied(producerId, batchNumber)) {
            return new EnqueueDecision(nextSequence, true, List.of(), List.of(), waiterVersion, batch.size());
        }
        int resident = residentPrefix(batch, MessageRecord::estimatedSize, memoryBudget);
        String keyProperty = policy.lastValueProperty();
        if (keyProperty != null) {
            // Derived from the waiting messages; a backup builds the same when it applies.
            lastValues.indexBy(keyProperty, ready);
        }
        long[] replaced = keyProperty == null ? new long[0]
                : lastValues.replacedBy(keyProperty, batch, nextSequence, resident, s -> ready.get(s) != null);
        boolean noConsumerYet = policy.exclusive() && exclusive == null;
        // A grouped message goes to its group's consumer, which a lease finds.
        boolean handOff = resident == batch.size() && keyProperty == null && !noConsumerYet && !anyGrouped(batch);
        HandOffPlan plan = HandOffPlan.of(policy.exclusive() && exclusive != null ? exclusiveWaiter() : waiters, batch,
                nextSequence, handOff ? handOffMember : null, nowMillis);
        return new EnqueueDecision(nextSequence, false, plan.handOffs(), plan.woken(), waiterVersion + 1, resident,
                keyProperty, replaced);
    }

    private static boolean anyGrouped(List<MessageRecord> batch) {
        for (MessageRecord m : batch) {
            if (m.groupId() != null) {
                return true;
            }
        }
        return false;
    }

    /** The exclusive consumer's registration as a waiter, alone (none when it does not wait). */
    private Map<Holder, Waiter> exclusiveWaiter() {
        Waiter waiter = waiters.get(exclusive);
        return waiter == null ? Map.of() : Map.of(exclusive, waiter);
    }

    /**
     * How many of the first messages (a batch, or messages recovered from a journal) fit in
     * memory; none while a disk backlog exists.
     */
    <T> int residentPrefix(List<T> messages, ToLongFunction<T> size, long memoryBudget) {
        if (!zone.isEmpty()) {
            return 0;
        }
        long used = 0;
        for (int i = 0; i < messages.size(); i++) {
            used += size.applyAsLong(messages.get(i));
            if (used > memoryBudget) {
                return i;
            }
        }
        return messages.size();
    }

    /** Applies an enqueue decision; returns the handed-off messages, for the owner's reply. */
    public List<HandedOff> applyEnqueue(String producerId, long batchNumber, List<MessageRecord> batch,
                                        EnqueueDecision d) {
        if (d.duplicate()) {
            return List.of();
        }
        long sequence = d.firstSequence();
        for (int i = 0; i < batch.size(); i++, sequence++) {
            MessageRecord m = batch.get(i);
            if (i < d.resident()) {
                addReady(new StoredMessage(sequence, m, 0));
            } else {
                addSpilled(sequence, m);
            }
        }
        nextSequence = Math.max(nextSequence, sequence);
        for (long replaced : d.replaced()) {
            forget(takeReady(replaced));
        }
        if (d.lastValueProperty() != null) {
            lastValues.indexBy(d.lastValueProperty(), ready);
            lastValues.stored(d.lastValueProperty(), batch, d.firstSequence(), d.resident());
        }
        retries.recordBatch(producerId, batchNumber);
        waiterVersion = Math.max(waiterVersion, d.waiterVersion());
        List<HandedOff> handedOff = new ArrayList<>(d.handOffs().size());
        for (HandOff h : d.handOffs()) {
            handedOff.add(applyHandOff("handoff:" + producerId + ":" + batchNumber + ":" + h.holder().consumerId(), h));
        }
        d.woken().forEach(waiters::remove);
        return handedOff;
    }

    /** Leases a hand-off's messages to its waiter under {@code token}; its wait goes on while it has room. */
    private HandedOff applyHandOff(String token, HandOff h) {
        List<StoredMessage> messages = new ArrayList<>(h.sequences().length);
        for (long s : h.sequences()) {
            StoredMessage m = takeReady(s);
            if (m != null) {
                leased.put(s, new LeasedMessage(m, h.holder(), token));
                messages.add(m);
            }
        }
        // Re-inserted at the end: the next hand-off starts with another waiter.
        Waiter waiter = waiters.remove(h.holder());
        if (h.remainingRoom() > 0 && waiter != null) {
            waiters.put(h.holder(), waiter.withRoom(h.remainingRoom()));
        }
        return new HandedOff(h.holder(), messages, h.remainingRoom() > 0, waiterVersion, null);
    }

    /** Keeps a message in memory, ready. */
    void addReady(StoredMessage m) {
        putReady(m);
        residentBytes += m.message().estimatedSize();
    }

    /**
     * The one way into the ready messages (its memory counted by the caller): the last-value
     * index learns of it.
     */
    private void putReady(StoredMessage m) {
        ready.add(m);
        lastValues.waiting(m);
    }

    /**
     * The one way out of the ready messages (leased, dropped, replaced): the last-value index
     * forgets it. Returns the message, or null when it was not ready.
     */
    private StoredMessage takeReady(long sequence) {
        StoredMessage m = ready.remove(sequence);
        lastValues.left(m);
        return m;
    }

    /** Adds a message at this sequence to the disk backlog, which starts above it when it was empty. */
    void addSpilled(long sequence, MessageRecord m) {
        if (zone.isEmpty()) {
            zone.open(sequence - 1);
        }
        zone.add(m);
    }

    // ------------------------------------------------------------------ lease (+ acknowledge)

    public LeaseDecision decideLease(Holder holder, String token, int max, long[] acknowledgements,
                                     boolean waitIfEmpty, long nowMillis) {
        return decideLease(holder, token, max, acknowledgements, waitIfEmpty, nowMillis, null);
    }

    /**
     * Decides a lease of up to {@code max} ready messages that match {@code selector} (null for
     * all), in delivery order. Messages that do not match stay ready for other consumers; a
     * requester that found fewer than it asked for waits, and only a matching arrival wakes it.
     */
    public LeaseDecision decideLease(Holder holder, String token, int max, long[] acknowledgements,
                                     boolean waitIfEmpty, long nowMillis, String selector) {
        return decideLease(holder, token, max, acknowledgements, waitIfEmpty, nowMillis, selector, DeliveryPolicy.KEEP);
    }

    /**
     * As {@link #decideLease(Holder, String, int, long[], boolean, long, String)} under the
     * destination's delivery policy: a message that had every delivery the policy allows, or
     * that expired while the policy has an expiry queue, goes to the requester's
     * {@link Holder#mover() mover} (whatever the selector: it is not delivered to anybody any
     * more); a message held back after a failed delivery is skipped until its hold ends.
     */
    public LeaseDecision decideLease(Holder holder, String token, int max, long[] acknowledgements,
                                     boolean waitIfEmpty, long nowMillis, String selector, DeliveryPolicy policy) {
        long[] acknowledged = ownedBy(holder, acknowledgements);
        long[] granted = retries.granted(token);
        if (granted != null) {
            return retriedLease(holder, token, acknowledged, granted, nowMillis, selector, policy);
        }
        Selector compiled = Selectors.compile(selector);
        boolean claimsExclusive = policy.exclusive() && exclusive == null;
        if (policy.exclusive() && !claimsExclusive && !exclusive.consumerId().equals(holder.consumerId())) {
            // Another consumer has the exclusive queue: this one waits, woken when that one goes.
            return new LeaseDecision(acknowledged, new long[0], new long[0], waitIfEmpty ? Math.max(1, max) : 0,
                    waiterVersion + 1, 0, selector);
        }
        LongList expired = new LongList();
        LongList picked = new LongList();
        LongList outOfAttempts = new LongList();
        LongList expiredMoves = new LongList();
        long[] notDue = {0, Long.MAX_VALUE}; // count, earliest time one falls due
        MessageGroups.Lease groupLease = groups.new Lease(holder, nowMillis);
        ready.visitInOrder(m -> {
            if (picked.size() >= max) {
                return false;
            }
            if (m.heldUntil() > nowMillis) {
                // Held back after a failed delivery, or after a move that was refused: nothing
                // happens to it before the hold ends, and its group's later messages wait for it.
                notDue[0]++;
                notDue[1] = Math.min(notDue[1], m.heldUntil());
                groupLease.block(m);
                return true;
            }
            boolean movable = outOfAttempts.size() + expiredMoves.size() < MAX_MOVES_PER_LEASE;
            if (m.message().isExpired(nowMillis)) {
                if (!policy.movesExpired()) {
                    expired.add(m.sequence());
                } else if (movable) {
                    expiredMoves.add(m.sequence());
                }
                return true;
            }
            if (policy.exhausted(m.failedDeliveries())) {
                if (movable) {
                    outOfAttempts.add(m.sequence());
                }
                return true;
            }
            if (!m.matches(compiled)) {
                return true;
            }
            if (!m.deliverableAt(nowMillis)) {
                notDue[0]++;
                notDue[1] = Math.min(notDue[1], m.dueAt());
                groupLease.block(m);
                return true;
            }
            if (!groupLease.mayTake(m)) {
                return true;
            }
            picked.add(m.sequence());
            return true;
        });
        // Fewer than asked means the whole shard was visited: the requester took everything
        // deliverable it wants and waits, woken by the next arrival it wants, and comes back by
        // itself when the earliest delayed message it wants is due. One that met more messages
        // to move than one lease takes comes back at once for the rest.
        boolean movesLeft = outOfAttempts.size() + expiredMoves.size() >= MAX_MOVES_PER_LEASE;
        boolean wait = waitIfEmpty && picked.size() < max && !movesLeft && !groupLease.moreAtOnce;
        int room = wait ? max - picked.size() : 0;
        long nextDue = notDue[0] > 0 ? notDue[1] : 0;
        if (groupLease.moreSoon) {
            // Groups wait for the other consumers to take them; if they do not, this one comes back.
            long soon = nowMillis + MessageGroups.ACTIVE_MILLIS / 4;
            nextDue = nextDue == 0 ? soon : Math.min(nextDue, soon);
        }
        return new LeaseDecision(acknowledged, expired.toArray(), picked.toArray(), room, waiterVersion + 1, nextDue,
                selector, new LeaseDecision.Moves(outOfAttempts.toArray(), expiredMoves.toArray()), claimsExclusive);
    }

    /**
     * Decides what a scan for expired messages does at the owner's time {@code nowMillis}: expired
     * ready messages are dropped, or, when the policy has an expiry queue, leased to the
     * scanner's {@link Holder#mover() mover} (at most {@link #MAX_MOVES_PER_LEASE}; the next scan
     * takes the rest). Applied with {@link #applyLease}; a retried scan (same token) hands the
     * mover the same messages again.
     */
    public LeaseDecision decideExpiry(Holder scanner, String token, long nowMillis, DeliveryPolicy policy) {
        long[] granted = retries.granted(token);
        if (granted != null) {
            return retriedLease(scanner, token, new long[0], granted, nowMillis, null, policy);
        }
        if (!ready.mayHaveExpired(nowMillis)) {
            return new LeaseDecision(new long[0], new long[0], new long[0], 0, waiterVersion, 0, null);
        }
        LongList expired = new LongList();
        LongList moves = new LongList();
        long[] earliestLeft = {0};
        ready.visitInOrder(m -> {
            long expiration = m.message().expiration();
            boolean goes = m.message().isExpired(nowMillis) && m.heldUntil() <= nowMillis
                    && (!policy.movesExpired() || moves.size() < MAX_MOVES_PER_LEASE);
            if (goes) {
                (policy.movesExpired() ? moves : expired).add(m.sequence());
            } else if (expiration > 0 && (earliestLeft[0] == 0 || expiration < earliestLeft[0])) {
                earliestLeft[0] = expiration;
            }
            return true;
        });
        // Derived, not replicated: only the owner looks, and a backup's own bound is never later.
        ready.earliestExpirationIs(earliestLeft[0]);
        return new LeaseDecision(new long[0], expired.toArray(), new long[0], 0, waiterVersion, 0, null,
                new LeaseDecision.Moves(new long[0], moves.toArray()), false);
    }

    /**
     * A retried request: hands out again what the first attempt leased, to the requester or to
     * its mover as the first attempt did (what the mover holds is sorted again by why).
     */
    private LeaseDecision retriedLease(Holder holder, String token, long[] acknowledged, long[] granted,
                                       long nowMillis, String selector, DeliveryPolicy policy) {
        LongList own = new LongList();
        LongList outOfAttempts = new LongList();
        LongList expiredMoves = new LongList();
        for (long sequence : stillLeased(granted, token)) {
            LeasedMessage l = leased.get(sequence);
            if (!l.holder().isMover()) {
                own.add(sequence);
            } else if (policy.movesExpired() && l.message().message().isExpired(nowMillis)) {
                expiredMoves.add(sequence);
            } else {
                outOfAttempts.add(sequence);
            }
        }
        return new LeaseDecision(acknowledged, new long[0], own.toArray(), 0, waiterVersion + 1, 0, selector,
                new LeaseDecision.Moves(outOfAttempts.toArray(), expiredMoves.toArray()), false);
    }

    /** Applies a lease decision and returns the messages it leased, in delivery order. */
    public List<StoredMessage> applyLease(Holder holder, String token, LeaseDecision d) {
        applyAcknowledge(d.acknowledged());
        for (long sequence : d.expired()) {
            forget(takeReady(sequence));
        }
        if (d.claimsExclusive()) {
            exclusive = holder;
        }
        List<StoredMessage> result = leaseTo(holder, token, d.leased());
        leaseTo(holder.mover(), token, d.moves().outOfAttempts());
        leaseTo(holder.mover(), token, d.moves().expired());
        retries.recordGrant(token, d.moves().isEmpty() ? d.leased() : concat(d.leased(), d.moves()));
        // A request supersedes the requester's earlier registration, so that a hand-off never
        // races a lease of the same consumer on this shard.
        waiters.remove(holder);
        waiterVersion = Math.max(waiterVersion, d.waiterVersion());
        if (d.waiterRegistered()) {
            waiters.put(holder, new Waiter(d.waitingRoom(), d.selector()));
        }
        return result;
    }

    /** Leases ready messages to a holder (or finds them leased under this token already: a retry); returns them. */
    private List<StoredMessage> leaseTo(Holder holder, String token, long[] sequences) {
        List<StoredMessage> result = new ArrayList<>(sequences.length);
        for (long sequence : sequences) {
            StoredMessage m = takeReady(sequence);
            if (m != null) {
                if (!holder.isMover()) {
                    groups.leased(holder, m);
                }
                leased.put(sequence, new LeasedMessage(m, holder, token));
                result.add(m);
            } else {
                LeasedMessage again = leased.get(sequence);
                if (again != null && again.token().equals(token)) {
                    result.add(again.message());
                }
            }
        }
        return result;
    }

    private static long[] concat(long[] leased, LeaseDecision.Moves moves) {
        LongList all = new LongList();
        for (long[] part : new long[][] {leased, moves.outOfAttempts(), moves.expired()}) {
            for (long sequence : part) {
                all.add(sequence);
            }
        }
        return all.toArray();
    }

    /** The messages a lease decision handed to the requester's mover, as they are held now. */
    public List<StoredMessage> heldForMoving(long[] sequences) {
        List<StoredMessage> result = new ArrayList<>(sequences.length);
        for (long sequence : sequences) {
            LeasedMessage l = leased.get(sequence);
            if (l != null && l.holder().isMover()) {
                result.add(l.message());
            }
        }
        return result;
    }

    // ------------------------------------------------------------------ acknowledge

    public long[] decideAcknowledge(Holder holder, long[] sequences) {
        return ownedBy(holder, sequences);
    }

    public void applyAcknowledge(long[] sequences) {
        for (long sequence : sequences) {
            LeasedMessage l = leased.remove(sequence);
            if (l != null) {
                forget(l.message());
            }
        }
    }

    /** A message leaves the shard: its memory is free. */
    private void forget(StoredMessage m) {
        if (m != null) {
            residentBytes -= m.message().estimatedSize();
        }
    }

    // ------------------------------------------------------------------ release

    /** Puts back messages a consumer leased (on close, recover, rollback, a failed listener). */
    public ReleaseDecision decideRelease(Holder holder, long[] sequences, Redelivery redelivery) {
        return decideRelease(holder, sequences, redelivery, failures -> 0);
    }

    /**
     * As {@link #decideRelease(Holder, long[], Redelivery)}, each message held back until
     * {@code heldUntil} says, given how many of its deliveries will have failed (the owner's
     * decision, see {@link #holdsAfterFailure}).
     */
    public ReleaseDecision decideRelease(Holder holder, long[] sequences, Redelivery redelivery,
                                         IntToLongFunction heldUntil) {
        return decideRelease(holder, sequences, redelivery, heldUntil, 0);
    }

    /**
     * As {@link #decideRelease(Holder, long[], Redelivery, IntToLongFunction)}; the release
     * leaves each message with at least {@code failedAtLeast} failed deliveries (its consumer
     * redelivered it itself that often before giving it back; 0 for none).
     */
    public ReleaseDecision decideRelease(Holder holder, long[] sequences, Redelivery redelivery,
                                         IntToLongFunction heldUntil, int failedAtLeast) {
        long[] released = ownedBy(holder, sequences);
        if (released.length == 0) {
            return ReleaseDecision.NOTHING;
        }
        return new ReleaseDecision(released, redelivery, List.copyOf(waiters.keySet()), List.of(),
                waiterVersion + 1, holds(released, redelivery, heldUntil, failedAtLeast), failedAtLeast, List.of());
    }

    /**
     * Until when a message released now is held back under a delivery policy, by how many of its
     * deliveries will have failed: the policy's redelivery delay from {@code nowMillis}, or 0.
     */
    public static IntToLongFunction holdsAfterFailure(DeliveryPolicy policy, long nowMillis) {
        return failures -> {
            long hold = policy.holdMillis(failures);
            return hold == 0 ? 0 : nowMillis + hold;
        };
    }

    /** Until when each released message is held; empty when none is. */
    private long[] holds(long[] released, Redelivery redelivery, IntToLongFunction heldUntil, int failedAtLeast) {
        long[] until = null;
        int counted = redelivery == Redelivery.COUNTED ? 1 : 0;
        for (int i = 0; i < released.length; i++) {
            LeasedMessage l = leased.get(released[i]);
            long u = heldUntil.applyAsLong(Math.max(l.message().failedDeliveries() + counted, failedAtLeast));
            if (u != 0) {
                if (until == null) {
                    until = new long[released.length];
                }
                until[i] = u;
            }
        }
        return until == null ? new long[0] : until;
    }

    /**
     * Puts back everything held by holders that are gone (a closed connection, a dead member),
     * counting it as a failed delivery, and forgets their waiters.
     */
    public ReleaseDecision decideReleaseHolders(Predicate<Holder> gone) {
        return decideReleaseHolders(gone, Redelivery.COUNTED);
    }

    /**
     * As {@link #decideReleaseHolders(Predicate)}; NOT_COUNTED puts the messages back as never
     * delivered (a closed consumer's hand-offs still on their way to it).
     */
    public ReleaseDecision decideReleaseHolders(Predicate<Holder> gone, Redelivery redelivery) {
        return decideReleaseHolders(gone, redelivery, failures -> 0);
    }

    /** As {@link #decideReleaseHolders(Predicate, Redelivery)}, holding back as {@link #decideRelease(Holder, long[], Redelivery, IntToLongFunction)} does. */
    public ReleaseDecision decideReleaseHolders(Predicate<Holder> gone, Redelivery redelivery,
                                                IntToLongFunction heldUntil) {
        LongList released = new LongList();
        for (LeasedMessage l : leased.values()) {
            if (gone.test(l.holder())) {
                released.add(l.message().sequence());
            }
        }
        List<Holder> dropped = waiters.keySet().stream().filter(gone).toList();
        List<Holder> left = leaving(gone);
        if (released.size() == 0 && dropped.isEmpty() && left.isEmpty()) {
            return ReleaseDecision.NOTHING;
        }
        // Whoever waits may get what was released, a group, or the exclusive queue.
        List<Holder> woken = released.size() == 0 && left.isEmpty()
                ? List.of() : waiters.keySet().stream().filter(gone.negate()).toList();
        long[] sequences = released.toArray();
        return new ReleaseDecision(sequences, redelivery, woken, dropped, waiterVersion + 1,
                holds(sequences, redelivery, heldUntil, 0), 0, left);
    }

    /**
     * A consumer that stops for good but keeps what it delivered leased (closed by its
     * application, its session's acknowledgement or recover still to come; a topic
     * subscription's consumer that detaches): its wait ends, its message groups are nobody's, and
     * on an exclusive queue the next consumer to ask takes its place (the waiters are woken to ask).
     */
    public ReleaseDecision decideLeave(Predicate<Holder> leaving) {
        List<Holder> dropped = waiters.keySet().stream().filter(leaving).toList();
        List<Holder> left = leaving(leaving);
        if (dropped.isEmpty() && left.isEmpty()) {
            return ReleaseDecision.NOTHING;
        }
        List<Holder> woken = left.isEmpty() ? List.of() : waiters.keySet().stream().filter(leaving.negate()).toList();
        return new ReleaseDecision(new long[0], Redelivery.NOT_COUNTED, woken, dropped, waiterVersion + 1, new long[0],
                0, left);
    }

    /** The exclusive consumer and the groups' consumers that {@code leaving} matches. */
    private List<Holder> leaving(Predicate<Holder> leaving) {
        List<Holder> left = groups.ownersAmong(leaving);
        if (exclusive != null && leaving.test(exclusive) && !left.contains(exclusive)) {
            left.add(exclusive);
        }
        return left;
    }

    public void applyRelease(ReleaseDecision d) {
        long[] released = d.released();
        for (int i = 0; i < released.length; i++) {
            LeasedMessage l = leased.remove(released[i]);
            if (l != null) {
                long until = d.heldUntil(i);
                StoredMessage back = d.countsDelivery() ? l.message().redelivered(until, d.failedAtLeast())
                        : l.message().heldUntil(until, d.failedAtLeast());
                putReady(back);
            }
        }
        d.woken().forEach(waiters::remove);
        d.dropped().forEach(waiters::remove);
        waiterVersion = Math.max(waiterVersion, d.waiterVersion());
        if (exclusive != null && d.left().contains(exclusive)) {
            exclusive = null;
        }
        groups.leave(d.left());
    }

    /** The exclusive queue's consumer now; null when it has none. */
    public Holder exclusiveConsumer() {
        return exclusive;
    }

    // ------------------------------------------------------------------ recovery

    /**
     * Puts back messages read from a journal at their own sequences, the first {@code resident}
     * in memory and the rest on disk: see {@link ShardRecovery#applyRecovered}.
     *
     * @return the messages that were added
     */
    public List<StoredMessage> applyRecovered(List<StoredMessage> messages, int resident) {
        return recovery.applyRecovered(messages, resident);
    }

    /** How many of these recovered messages fit in memory (the owner's decision for a recovery). */
    public int decideRecovered(List<StoredMessage> messages, long memoryBudget) {
        return recovery.decideRecovered(messages, memoryBudget);
    }

    /**
     * How a journal of version {@code version} read at a member's start relates to what was
     * recovered so far: see {@link ShardRecovery#compareRecovered}.
     */
    public int compareRecovered(long version) {
        return recovery.compareRecovered(version);
    }

    /** Forgets what was recovered from journals found stale: see {@link ShardRecovery#applyNewerRecovery}. */
    public void applyNewerRecovery(long version) {
        recovery.applyNewerRecovery(version);
    }

    /** A journal of this version was recovered into it (at the same version as before, or the first). */
    public void applyRecoveredVersion(long version) {
        recovery.applyRecoveredVersion(version);
    }

    /** A change of its journal rows: the version its holders journal with it. */
    public long nextJournalVersion() {
        return recovery.nextJournalVersion();
    }

    /** The version of its journal rows now. */
    public long journalVersion() {
        return recovery.journalVersion();
    }

    /** Forgets every message (they came from stale journals): sequences start again. */
    void forgetMessages() {
        lastValues.newest.clear();
        ready.clear();
        leased.clear();
        zone.clear();
        residentBytes = 0;
        nextSequence = 1;
    }

    @Override
    public boolean isLive() {
        return live;
    }

    @Override
    public void markLive() {
        live = true;
    }

    @Override
    public EntryTransactions transactions() {
        return transactions;
    }

    // ------------------------------------------------------------------ transactions

    /** Whether every one of these sequences is leased to this holder. */
    public boolean holds(Holder holder, long[] sequences) {
        for (long sequence : sequences) {
            LeasedMessage l = leased.get(sequence);
            if (l == null || !l.holder().equals(holder)) {
                return false;
            }
        }
        return true;
    }

    /**
     * Hands leased messages over to another holder (a consumer's, to the transaction that
     * acknowledges them); a sequence not leased to {@code from} is left alone.
     */
    public void applyHandOver(Holder from, Holder to, long[] sequences) {
        for (long sequence : sequences) {
            LeasedMessage l = leased.get(sequence);
            if (l != null && l.holder().equals(from)) {
                leased.put(sequence, new LeasedMessage(l.message(), to, l.token()));
            }
        }
    }

    /**
     * Leases ready messages to a holder (a transaction restored from a journal takes back the
     * messages it acknowledges, which came back ready); a sequence that is not ready is left.
     */
    public void applyHoldReady(Holder holder, long[] sequences) {
        for (long sequence : sequences) {
            StoredMessage m = takeReady(sequence);
            if (m != null) {
                leased.put(sequence, new LeasedMessage(m, holder, "restored"));
            }
        }
    }

    /** The sequences leased to a holder, in sequence order. */
    public long[] heldBy(Holder holder) {
        return leased.values().stream().filter(l -> l.holder().equals(holder))
                .mapToLong(l -> l.message().sequence()).sorted().toArray();
    }

    // ------------------------------------------------------------------ limits

    /** Whether a batch was applied already (a retry): it is never refused. */
    public boolean isApplied(String producerId, long batchNumber) {
        return retries.isApplied(producerId, batchNumber);
    }

    /** Messages held: waiting (in memory or on disk) and delivered but not acknowledged. */
    public long depth() {
        return ready.size() + zone.total() + leased.size();
    }

    /** Bytes of the messages held, in memory and on disk. */
    public long depthBytes() {
        return residentBytes + zone.bytes;
    }

    /** A refused producer waits to be told when messages leave. */
    public void applyWaitForRoom(Holder producer) {
        roomWaiters.add(producer);
    }

    /** Whether a refused producer waits for room here. */
    public boolean hasRoomWaiters() {
        return !roomWaiters.isEmpty();
    }

    /**
     * After messages left (acknowledged, expired): the producers waiting for room, who are told
     * and no longer wait (see {@link RoomWaiters#takeAll()}).
     */
    public List<Holder> takeRoomWaiters() {
        return roomWaiters.takeAll();
    }

    // ------------------------------------------------------------------ page-in

    /**
     * Decides a page-in of messages read back from disk: every waiter is woken (the messages may
     * be what it waits for).
     */
    public PageInDecision decidePageIn() {
        return new PageInDecision(List.copyOf(waiters.keySet()), waiterVersion + 1);
    }

    /**
     * Puts messages read back from disk in memory, ready: in cursor order, or ahead of it (those a
     * selector found); a message that is not in the zone any more is skipped.
     *
     * @return how many were added
     */
    public int applyPageIn(List<StoredMessage> messages, BacklogPosition position, PageInDecision d) {
        int added = 0;
        for (StoredMessage m : messages) {
            if (zone.take(m, position)) {
                // Its row stays until it is acknowledged; a row that does not outlive the member
                // (a non-persistent message, or a non-durable subscription's) is a spilled body.
                addReady(new StoredMessage(m.sequence(), m.message(), m.failedDeliveries(), m.spilled()));
                added++;
            }
        }
        d.woken().forEach(waiters::remove);
        waiterVersion = Math.max(waiterVersion, d.waiterVersion());
        return added;
    }

    /** Recomputes the bytes held in memory (after a whole shard was read from its binary form). */
    void recountResidentBytes() {
        long[] bytes = {0};
        ready.forEach(m -> bytes[0] += m.message().estimatedSize());
        leased.values().forEach(l -> bytes[0] += l.message().message().estimatedSize());
        residentBytes = bytes[0];
    }

    // ------------------------------------------------------------------ on disk (see DiskView)

    /** Whether messages wait on disk. */
    public boolean hasSpilled() {
        return disk.hasSpilled();
    }

    /** Where the disk backlog of one priority starts (sequences above it), and how many it holds. */
    public long spillCursor(int priority) {
        return disk.spillCursor(priority);
    }

    public int spilledCount(int priority) {
        return disk.spilledCount(priority);
    }

    /** Whether this sequence was paged in ahead of its cursor. */
    public boolean pagedInEarly(long sequence) {
        return disk.pagedInEarly(sequence);
    }

    /** The sequences among these whose message is here (leased or ready) and has a journal row. */
    public long[] persistentAmong(long[] sequences) {
        return disk.persistentAmong(sequences);
    }

    /** The sequences among these whose message is here (leased or ready) with a row only for its spilled body. */
    public long[] spilledAmong(long[] sequences) {
        return disk.spilledAmong(sequences);
    }

    /** Whether any of its messages has a row for a spilled body: on disk, or back from there. */
    public boolean hasSpilledRows() {
        return disk.hasSpilledRows();
    }

    /** Every persistent message held in memory, ready or leased: what a new holder of the shard journals. */
    public List<StoredMessage> residentPersistent() {
        return disk.residentPersistent();
    }

    /**
     * Whether a row read from another member's journal belongs in a new holder's journal: its
     * message is still only on disk, or it is persistent and still held in memory (see
     * {@link DiskView#stillNeedsRow}).
     */
    public boolean stillNeedsRow(StoredMessage row) {
        return disk.stillNeedsRow(row);
    }

    // ------------------------------------------------------------------ reading

    /** Messages ready in memory. */
    public int residentReadyCount() {
        return ready.size();
    }

    /** Bytes of the messages held in memory (ready or leased). */
    @Override
    public long residentBytes() {
        return residentBytes;
    }

    /** The ready message at this sequence, or null. */
    public StoredMessage readyMessage(long sequence) {
        return ready.get(sequence);
    }

    @Override
    public ShardState queueOf(String subscription) {
        return subscription == null ? this : null;
    }

    /**
     * A page for a browser: up to {@code max} ready messages that a consumer with the selector
     * could receive now, in delivery order, starting after the position ({@code afterPriority},
     * {@code afterSequence}) where the previous page ended; from the start when
     * {@code afterSequence} is 0. Changes nothing.
     */
    public List<StoredMessage> browse(int afterPriority, long afterSequence, int max, String selector, long nowMillis) {
        Selector compiled = Selectors.compile(selector);
        List<StoredMessage> page = new ArrayList<>(Math.min(max, ready.size()));
        PriorityLanes.Visitor collect = m -> {
            if (!m.message().isExpired(nowMillis) && m.deliverableAt(nowMillis)
                    && m.matches(compiled)) {
                page.add(m);
            }
            return page.size() < max;
        };
        if (afterSequence == 0) {
            ready.visitInOrder(collect);
        } else {
            ready.visitAfter(afterPriority, afterSequence, collect);
        }
        return page;
    }

    /** The version of the latest decision that may have changed who waits. */
    public long waiterVersion() {
        return waiterVersion;
    }

    @Override
    public int readyCount() {
        return ready.size() + zone.total();
    }

    @Override
    public int leasedCount() {
        return leased.size();
    }

    /** Ready messages in delivery order (a copy). */
    public List<StoredMessage> readyInOrder() {
        List<StoredMessage> result = new ArrayList<>(ready.size());
        ready.forEach(result::add);
        return result;
    }

    public Collection<Holder> waiters() {
        return List.copyOf(waiters.keySet());
    }

    private long[] ownedBy(Holder holder, long[] sequences) {
        if (sequences.length == 0) {
            return sequences;
        }
        LongList owned = new LongList();
        for (long sequence : sequences) {
            LeasedMessage l = leased.get(sequence);
            if (l != null && l.holder().consumerId().equals(holder.consumerId())) {
                owned.add(sequence);
            }
        }
        return owned.size() == sequences.length ? sequences : owned.toArray();
    }

    private long[] stillLeased(long[] granted, String token) {
        LongList result = new LongList();
        for (long sequence : granted) {
            LeasedMessage l = leased.get(sequence);
            if (l != null && l.token().equals(token)) {
                result.add(sequence);
            }
        }
        return result.toArray();
    }
}
