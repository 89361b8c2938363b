package io.cairnmq.engine.hz.spill;

import io.cairnmq.engine.api.MessageRecord;
import io.cairnmq.engine.hz.HzEngine;
import io.cairnmq.engine.hz.member.MemberServices;
import io.cairnmq.engine.hz.member.PageInScheduler;
import io.cairnmq.engine.hz.member.ShardKey;
import io.cairnmq.engine.hz.member.ChangeReply;
import io.cairnmq.engine.hz.ops.PageIn;
import io.cairnmq.engine.hz.ops.ReadSpillZone;
import io.cairnmq.engine.hz.ops.SpillZoneView;
import io.cairnmq.engine.hz.recovery.OwnedRetries;
import io.cairnmq.engine.queue.BacklogPosition;
import io.cairnmq.engine.queue.StoredMessage;
import io.cairnmq.engine.selector.Selector;
import io.cairnmq.engine.selector.Selectors;
import io.cairnmq.engine.store.Journal;
import io.cairnmq.engine.store.QueueAddress;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Brings spilled messages back from this member's journal into the queues it owns, ahead of
 * demand: when a queue with a disk backlog has fewer than {@link #LOW_WATER} messages ready in
 * memory, its next messages (highest priority first, in sequence order) are read on a thread of
 * the store's own and put back by a {@link PageIn} operation, within the memory the queue may
 * use. One page-in per queue at a time; each one that changes the queue asks for the next.
 */
public final class PageIns implements PageInScheduler {

    private static final Logger LOG = LoggerFactory.getLogger(PageIns.class);
    /** Messages ready in memory below which the owner pages in. */
    static final int LOW_WATER = 1_000;
    /** Most matches one selector scan brings back, and most rows it reads before it yields. */
    static final int MATCHES = 100;
    static final int SCAN_ROWS = 20_000;
    /** Pause before a failed scan goes again. */
    static final long SCAN_RETRY_MILLIS = 1_000;
    /** Most messages one page-in brings back, and (below) most bytes. */
    static final int CHUNK = 1_000;
    /** A thirty-second of the heap, between 256 KiB and 4 MiB: small heaps page in smaller bites. */
    static final long CHUNK_BYTES = Math.max(256L << 10, Math.min(4L << 20, Runtime.getRuntime().maxMemory() / 32));

    private final HzEngine engine;
    private final Journal journal;
    private final ExecutorService executor;
    private final Set<String> inFlight = ConcurrentHashMap.newKeySet();
    /** Most selector scans remembered: selectors are user input, so the map is bounded (oldest out). */
    static final int MAX_SCANS = 1_024;
    /**
     * Where each selector's scan of a disk backlog stopped, per priority: it goes on from there. A
     * scan forgotten starts again from the front, which costs time only.
     */
    private final Map<String, long[]> scanned = Collections.synchronizedMap(
            new LinkedHashMap<>(16, 0.75f, true) {
                @Override
                protected boolean removeEldestEntry(Map.Entry<String, long[]> eldest) {
                    return size() > MAX_SCANS;
                }
            });

    public PageIns(HzEngine engine, Journal journal, ExecutorService executor) {
        this.engine = engine;
        this.journal = journal;
        this.executor = executor;
    }

    /**
     * Called on a partition thread after a change of a queue that has a disk backlog: starts a
     * page-in if the queue runs low. Never blocks.
     */
    @Override
    public void consider(ShardKey key, String subscription, int residentReady) {
        if (residentReady >= LOW_WATER) {
            return;
        }
        String id = key + "|" + subscription;
        if (inFlight.add(id)) {
            try {
                executor.execute(() -> pageIn(key, subscription, id));
            } catch (RuntimeException e) {
                inFlight.remove(id);
            }
        }
    }

    /**
     * Called on a partition thread when a consumer with a selector found nothing it wants in
     * memory while the queue has a disk backlog: scans the backlog for matches and brings them
     * back ahead of the others, whatever the memory limit (a few at a time), so that a rare
     * match behind many others still arrives. Never blocks.
     */
    @Override
    public void findMatches(ShardKey key, String subscription, String selector) {
        String id = key + "|" + subscription + "|" + selector;
        if (inFlight.add(id)) {
            try {
                executor.execute(() -> scan(key, subscription, selector, id));
            } catch (RuntimeException e) {
                inFlight.remove(id);
            }
        }
    }

    private void scan(ShardKey key, String subscription, String selector, String id) {
        boolean more = false;
        try {
            SpillZoneView zone = engine.shards().executeOnKey(key,
                    new ReadSpillZone(subscription).on(engine.member()));
            if (zone.isEmpty()) {
                scanned.remove(id);
                return;
            }
            journal.awaitWritten(journal.lastTicket());
            Selector compiled = Selectors.compile(selector);
            QueueAddress queue = QueueAddress.of(key.destination(), key.index(), subscription);
            long[] from = scanned.computeIfAbsent(id, k -> new long[MessageRecord.MAX_PRIORITY + 1]);
            List<StoredMessage> matches = new ArrayList<>();
            int[] rows = {0};
            for (int p = MessageRecord.MAX_PRIORITY; p >= MessageRecord.MIN_PRIORITY && matches.size() < MATCHES
                    && rows[0] < SCAN_ROWS; p--) {
                if (zone.count(p) == 0) {
                    continue;
                }
                int lane = p;
                from[lane] = Math.max(from[lane], zone.cursor(lane));
                more |= journal.visitSpilled(queue, lane, from[lane], m -> {
                    rows[0]++;
                    from[lane] = m.sequence();
                    if (m.matches(compiled)) {
                        matches.add(m);
                    }
                    return matches.size() < MATCHES && rows[0] < SCAN_ROWS;
                });
            }
            if (!matches.isEmpty()) {
                ChangeReply reply = engine.calls().call(key, new PageIn(matches, BacklogPosition.AHEAD).onSubscription(subscription));
                engine.wakeups().wake(key, reply);
            }
            more &= matches.isEmpty();
        } catch (RuntimeException e) {
            if (engine.isRunning()) {
                // The consumer waiting for a match may wait for nothing else: the scan goes again.
                LOG.warn("Scanning the disk backlog of {} for selector {} failed: {}; retrying", key, selector,
                        e.toString());
                engine.timer().schedule(() -> findMatches(key, subscription, selector), SCAN_RETRY_MILLIS,
                        TimeUnit.MILLISECONDS);
            }
        } finally {
            inFlight.remove(id);
        }
        if (more) {
            // The scan yielded before the end of the backlog without a match: it goes on.
            findMatches(key, subscription, selector);
        }
    }

    private void pageIn(ShardKey key, String subscription, String id) {
        try {
            pageInOnce(key, subscription, id);
        } catch (RuntimeException e) {
            if (engine.isRunning()) {
                // A waiting consumer may depend on it, and no other change of an idle queue may come.
                LOG.warn("Paging in spilled messages of {} failed: {}; retrying", key, e.toString());
                engine.cleanups().retry(id, "page in spilled messages of " + key, OwnedRetries.FIRST_RETRY_MILLIS,
                        () -> pageInOnce(key, subscription, id), () -> { });
            }
        } finally {
            inFlight.remove(id);
        }
    }

    private void pageInOnce(ShardKey key, String subscription, String id) {
        SpillZoneView zone = engine.shards().executeOnKey(key,
                new ReadSpillZone(subscription).on(engine.member()));
        if (zone.isEmpty() || zone.memoryBudget() <= 0) {
            // Nothing to do, or no room: the acknowledgement that frees memory asks again.
            return;
        }
        List<StoredMessage> read = read(QueueAddress.of(key.destination(), key.index(), subscription), zone,
                Math.min(zone.memoryBudget(), CHUNK_BYTES));
        if (read.isEmpty()) {
            MemberServices member = engine.member().services();
            if (member.isAdopting(key) || !member.isJournaledInFull(key)) {
                // Just received: its backlog is (about to be) copied in, and that copy asks again.
                LOG.debug("{} waits for its disk backlog to be copied into this member's journal", key);
            } else {
                LOG.warn("{} counts spilled messages that this member's journal does not hold", key);
            }
            return;
        }
        inFlight.remove(id);
        ChangeReply reply = engine.calls().call(key, new PageIn(read, BacklogPosition.NEXT).onSubscription(subscription));
        engine.wakeups().wake(key, reply);
    }

    /** The next spilled messages, highest priority first, each priority in sequence order. */
    private List<StoredMessage> read(QueueAddress queue, SpillZoneView zone, long maxBytes) {
        journal.awaitWritten(journal.lastTicket());
        List<StoredMessage> read = new ArrayList<>();
        long[] bytes = {0};
        for (int p = MessageRecord.MAX_PRIORITY; p >= MessageRecord.MIN_PRIORITY; p--) {
            boolean full = zone.count(p) > 0 && journal.visitSpilled(queue, p, zone.cursor(p), m -> {
                read.add(m);
                bytes[0] += m.message().estimatedSize();
                return bytes[0] < maxBytes && read.size() < CHUNK;
            });
            if (full) {
                return read;
            }
        }
        return read;
    }
}
