package io.cairnmq.engine.store.h2;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.cairnmq.engine.api.StoreFailureException;
import io.cairnmq.engine.api.SubscriptionKind;
import io.cairnmq.engine.api.WritePolicy;
import io.cairnmq.engine.queue.StoredMessage;
import io.cairnmq.engine.store.Journal;
import io.cairnmq.engine.store.JournalBatch;
import io.cairnmq.engine.store.JournalRecord;
import io.cairnmq.engine.store.QueueAddress;
import io.cairnmq.engine.store.RecoveredSubscription;
import io.cairnmq.engine.topic.SubscriptionDefinition;
import io.cairnmq.engine.tx.PreparedWork;
import io.cairnmq.engine.tx.TransactionCodec;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.BiConsumer;

/**
 * The journal in {@code DATADIR/journal.mv.db}. Records queue up in memory; one writer thread
 * takes everything queued, writes it as one transaction (a message stored and removed within
 * the same group never reaches the disk), then makes it as durable as the policy says and
 * wakes whoever waits. When a write fails, its waiters get the error and the records stay
 * queued for the next attempt, a second later.
 */
public final class H2Journal implements Journal {

    private static final Logger LOG = LoggerFactory.getLogger(H2Journal.class);
    /** Pause before writing again after a failure (a full disk rarely frees itself at once). */
    private static final long RETRY_MILLIS = 1_000;
    /**
     * Bytes of queued records past which senders wait for the disk (see {@link #isBehind()}): an
     * eighth of the heap, at most 64 MiB. The records hold their messages until written, and a
     * fixed 64 MiB let a small heap fill with them while spilling a backlog.
     */
    static final long BEHIND_BYTES = Math.min(64L << 20, Runtime.getRuntime().maxMemory() / 8);
    /** H2's JDBC value for its SNAPSHOT isolation level (org.h2.engine.Constants.TRANSACTION_SNAPSHOT). */
    private static final int SNAPSHOT_ISOLATION = 6;
    /** What a record costs in the queue besides a message it carries. */
    private static final int RECORD_OVERHEAD = 64;

    private final String file;
    private final HikariDataSource pool;
    private final WritePolicy policy;
    private final long groupMillis;
    private final Thread writer;
    /** Which packs exist and what they hold; the writer changes it under its monitor (see {@link H2Packs}). */
    private final H2Packs packs = new H2Packs();
    private final H2Reads reads = new H2Reads(packs);
    /** The writer thread's connection and statements, kept from group to group; replaced after a failure. */
    private H2Statements writerStatements;
    /**
     * Where an acknowledgement is written while it waits for a group commit (see
     * {@link AcknowledgementLog}); null under the async policy, whose acknowledgements wait for nothing.
     */
    private final AcknowledgementLog acknowledgementLog;
    /** Group sizes and times, logged at debug level (see {@link GroupStatistics}). */
    private final GroupStatistics statistics = new GroupStatistics();
    private static final long STATISTICS_INTERVAL_NANOS = 10_000_000_000L;

    private final Object lock = new Object();
    /**
     * One append waiting to be written: its ticket, its records and their estimated bytes, and
     * whether it only acknowledges (its waiter is served by the acknowledgement log).
     */
    private record Append(long ticket, List<JournalRecord> records, long bytes, boolean acknowledgement) {
    }

    /** Bytes of acknowledgements past which they are written without lingering further. */
    private static final long ACKNOWLEDGEMENT_LINGER_BYTES = 1L << 20;

    /**
     * Most bytes of records one group takes (at least one append): a thirty-second of the heap,
     * between 512 KiB and 16 MiB. H2 serializes a group's changes into one buffer that grows by
     * doubling, and an unbounded group of a fast spill made it too large for a small heap.
     */
    static final long GROUP_BYTES = Math.max(512L << 10, Math.min(16L << 20, Runtime.getRuntime().maxMemory() / 32));

    private final java.util.ArrayDeque<Append> pending = new java.util.ArrayDeque<>();
    /** Estimated bytes of the records pending, and of those in the write under way. */
    private volatile long pendingBytes;
    private volatile long writingBytes;
    /** Row versions left over from a group that changed nothing else: written with the next group, or at close. */
    private final List<JournalRecord> deferredVersions = new ArrayList<>();
    private long appended;
    /** The newest ticket the writer committed (read without the lock by {@link #awaitDurable}). */
    private volatile long written;
    /** Callers waiting in {@link #awaitWritten}: an async group is not held back while there are any. */
    private int writtenWaiters;
    private long failedUpTo;
    private StoreFailureException failure;
    private boolean closing;
    /** The writer waits for records; an append has to wake it (otherwise it will look by itself). */
    private boolean writerIdle;
    /** The writer lets acknowledgements gather: anything else appended has to wake it. */
    private boolean writerLingering;
    /** Appends pending that are not acknowledgements served by the acknowledgement log. */
    private int pendingOthers;

    /**
     * Opens (creating if needed) the journal in {@code directory}.
     *
     * @param groupMillis how long records nobody waits for may wait to be grouped: under
     *                    {@link WritePolicy#ASYNC} all of them, otherwise acknowledgements the
     *                    acknowledgement log holds
     * @throws StoreFailureException when the file cannot be opened or has a newer schema
     */
    public H2Journal(Path directory, WritePolicy policy, long groupMillis, String name) {
        this(directory, policy, groupMillis, name, "file:");
    }

    /** @param fileSystem H2's file system prefix ({@code file:}; tests wrap it to watch the writes) */
    H2Journal(Path directory, WritePolicy policy, long groupMillis, String name, String fileSystem) {
        Path path = directory.toAbsolutePath().resolve("journal");
        this.file = path + ".mv.db";
        this.policy = policy;
        this.groupMillis = groupMillis;
        HikariConfig config = new HikariConfig();
        // WRITE_DELAY=0: a commit reaches the file at once instead of up to half a second later.
        // QUERY_CACHE_SIZE: a group commit prepares some twenty statements; with H2's default of
        // eight parsed statements per connection it would parse most of them again every time.
        // The page cache follows the heap: a thirty-second of it, at most H2's default of 16 MiB.
        long cacheKb = Math.min(16 * 1024, Runtime.getRuntime().maxMemory() / 32 / 1024);
        // retry: an interrupt closes a FileChannel under whoever uses it, and H2 then closes the
        // database for every thread; H2's retry file system reopens the channel instead. Client
        // threads reach the journal (declaring a destination) and frameworks interrupt them.
        // H2's RETENTION_TIME stays at its default (45 s): with chunks kept for less (0 or a few
        // seconds, which made q-tx a quarter faster since H2 then tracks far fewer chunks), a kill -9
        // after H2 had begun to reuse their space lost the last commits, forced or not, in about one
        // run in four of a test that commits and forces in a loop.
        // MAX_COMPACT_TIME=0: no compaction when the journal closes. After a close that compacted
        // the file, an acknowledgement committed and forced in the next run was missing once that
        // run was killed (three times in three; with this setting, or REUSE_SPACE=FALSE, it was
        // there). H2 still reuses space freed within a run, after RETENTION_TIME.
        config.setJdbcUrl("jdbc:h2:retry:" + fileSystem + path + ";WRITE_DELAY=0;DB_CLOSE_ON_EXIT=FALSE;QUERY_CACHE_SIZE=64;CACHE_SIZE="
                + cacheKb + ";MAX_COMPACT_TIME=0");
        config.setUsername("cairnmq");
        config.setPassword("");
        config.setAutoCommit(false);
        // The writer keeps one connection; page-ins, browsers and declarations share the others.
        config.setMaximumPoolSize(3);
        config.setMinimumIdle(1);
        config.setPoolName("cairnmq-journal-" + name);
        HikariDataSource opened = null;
        try {
            opened = new HikariDataSource(config);
            this.pool = opened;
            try (Connection c = pool.getConnection()) {
                H2Schema.prepare(c, file);
                try (Statement s = c.createStatement()) {
                    // Spilled bodies of non-persistent messages do not outlive their member.
                    s.executeUpdate("DELETE FROM cairn_message WHERE durable = FALSE");
                    s.executeUpdate("DELETE FROM cairn_pack_body WHERE id IN (SELECT id FROM cairn_pack"
                            + " WHERE durable = FALSE)");
                    s.executeUpdate("DELETE FROM cairn_pack WHERE durable = FALSE");
                }
                c.commit();
            }
            replayAcknowledgements(directory.toAbsolutePath());
            this.acknowledgementLog = policy.waits() ? new AcknowledgementLog(directory.toAbsolutePath()) : null;
        } catch (RuntimeException | SQLException e) {
            closeWriterStatements();
            if (opened != null) {
                opened.close();
            }
            throw new StoreFailureException("Cannot open the journal " + file + ": " + rootMessage(e), e);
        }
        this.writer = new Thread(this::writeLoop, "cairnmq-journal-" + name);
        writer.setDaemon(true);
        writer.start();
    }

    @Override
    public long append(List<JournalRecord> records) {
        if (records.isEmpty()) {
            return 0;
        }
        long bytes = bytesOf(records);
        List<JournalRecord> copy = List.copyOf(records);
        boolean acknowledgement = acknowledgementLog != null && AcknowledgementLog.holdsOnlyAcknowledgements(copy);
        synchronized (lock) {
            appended++;
            if (acknowledgement) {
                acknowledgementLog.appended(appended, copy);
            }
            pending.add(new Append(appended, copy, bytes, acknowledgement));
            pendingBytes += bytes;
            if (!acknowledgement) {
                pendingOthers++;
            }
            if (writerIdle || (writerLingering && !acknowledgement)) {
                writerIdle = false;
                writerLingering = false;
                lock.notifyAll();
            }
            return appended;
        }
    }

    @Override
    public boolean isBehind() {
        return pendingBytes + writingBytes > BEHIND_BYTES;
    }

    private static long bytesOf(Collection<JournalRecord> records) {
        long bytes = 0;
        for (JournalRecord r : records) {
            bytes += RECORD_OVERHEAD + (r instanceof JournalRecord.Stored stored ? stored.message().estimatedSize() : 0);
        }
        return bytes;
    }

    /**
     * An append that only acknowledges is written to the acknowledgement log by its waiter and
     * returns then, surviving a crash of the process; any other waits for its group commit. So
     * does an acknowledgement while the journal is behind: what waits for the disk stays bounded.
     */
    @Override
    public void awaitDurable(long ticket) {
        if (!policy.waits() || ticket == 0) {
            return;
        }
        if (acknowledgementLog != null && written < ticket && !isBehind()) {
            try {
                if (acknowledgementLog.logThrough(ticket)) {
                    return;
                }
            } catch (java.io.UncheckedIOException e) {
                LOG.warn("{}; the acknowledgement waits for the journal's commit instead", rootMessage(e));
            }
        }
        awaitWritten(ticket);
    }

    @Override
    public long lastTicket() {
        synchronized (lock) {
            return appended;
        }
    }

    @Override
    public void awaitWritten(long ticket) {
        if (ticket == 0) {
            return;
        }
        synchronized (lock) {
            if (written >= ticket) {
                return;
            }
            // Somebody waits: a group gathering (async, or acknowledgements lingering) is written
            // now rather than at its end.
            if (writtenWaiters++ == 0 && (policy == WritePolicy.ASYNC || writerLingering)) {
                lock.notifyAll();
            }
            try {
                while (written < ticket) {
                    if (failure != null && failedUpTo >= ticket) {
                        throw new StoreFailureException(failure.getMessage(), failure.getCause());
                    }
                    if (closing && !writer.isAlive()) {
                        throw new StoreFailureException("The journal " + file + " is closed", null);
                    }
                    try {
                        lock.wait();
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        throw new StoreFailureException("Interrupted while waiting for the journal " + file, e);
                    }
                }
            } finally {
                writtenWaiters--;
            }
        }
    }

    @Override
    public void load(int chunkSize, BiConsumer<QueueAddress, List<StoredMessage>> chunk) {
        try (Connection c = pool.getConnection()) {
            // One snapshot for the whole read: what it hands out is put back and written again
            // while it reads, and a queue whose rows are replaced is cleared first. Read committed,
            // the rest of such a queue was read after its clear, and was gone (H2's own JDBC
            // value for SNAPSHOT; the pool sets the connection back when it is returned).
            c.setTransactionIsolation(SNAPSHOT_ISOLATION);
            reads.load(c, chunkSize, chunk);
            c.commit();
        } catch (SQLException e) {
            throw new StoreFailureException("Cannot read the journal " + file + ": " + rootMessage(e), e);
        }
    }

    @Override
    public List<StoredMessage> readSpilled(QueueAddress queue, int priority, long afterSequence, int max) {
        try (Connection c = pool.getConnection()) {
            List<StoredMessage> result = reads.spilled(c, queue, priority, afterSequence, max);
            c.commit();
            return result;
        } catch (SQLException e) {
            throw new StoreFailureException("Cannot read spilled messages of " + queue.destination() + " from the journal "
                    + file + ": " + rootMessage(e), e);
        }
    }

    @Override
    public Map<QueueAddress, Long> versions() {
        Map<QueueAddress, Long> result = new LinkedHashMap<>();
        try (Connection c = pool.getConnection();
             Statement s = c.createStatement();
             ResultSet r = s.executeQuery("SELECT destination, shard, subscription, version FROM cairn_version")) {
            while (r.next()) {
                result.put(new QueueAddress(r.getString(1), r.getInt(2), r.getString(3)), r.getLong(4));
            }
        } catch (SQLException e) {
            throw new StoreFailureException("Cannot read the queue versions in the journal " + file + ": "
                    + rootMessage(e), e);
        }
        return result;
    }

    @Override
    public Map<QueueAddress, Map<String, PreparedWork>> preparedTransactions() {
        Map<QueueAddress, Map<String, PreparedWork>> result = new LinkedHashMap<>();
        try (Connection c = pool.getConnection();
             Statement s = c.createStatement();
             ResultSet r = s.executeQuery("SELECT destination, shard, tx, work FROM cairn_prepared"
                     + " ORDER BY destination, shard, tx")) {
            while (r.next()) {
                result.computeIfAbsent(QueueAddress.of(r.getString(1), r.getInt(2), null), a -> new LinkedHashMap<>())
                        .put(r.getString(3), TransactionCodec.fromBytes(r.getBytes(4)));
            }
        } catch (SQLException e) {
            throw new StoreFailureException("Cannot read the prepared transactions in the journal " + file + ": "
                    + rootMessage(e), e);
        }
        return result;
    }

    @Override
    public Map<QueueAddress, Map<String, List<String>>> committedTransactions() {
        Map<QueueAddress, Map<String, List<String>>> result = new LinkedHashMap<>();
        try (Connection c = pool.getConnection();
             Statement s = c.createStatement();
             ResultSet r = s.executeQuery("SELECT destination, shard, tx, participants FROM cairn_decision"
                     + " ORDER BY destination, shard")) {
            while (r.next()) {
                String participants = r.getString(4);
                result.computeIfAbsent(QueueAddress.of(r.getString(1), r.getInt(2), null), a -> new LinkedHashMap<>())
                        .put(r.getString(3), participants.isEmpty() ? List.of() : List.of(participants.split("\n")));
            }
        } catch (SQLException e) {
            throw new StoreFailureException("Cannot read the transaction decisions in the journal " + file + ": "
                    + rootMessage(e), e);
        }
        return result;
    }

    @Override
    public List<RecoveredSubscription> subscriptions() {
        List<RecoveredSubscription> result = new ArrayList<>();
        try (Connection c = pool.getConnection();
             Statement s = c.createStatement();
             ResultSet r = s.executeQuery("SELECT destination, id, shared, selector, no_local, no_local_scope"
                     + " FROM cairn_subscription ORDER BY destination, id")) {
            while (r.next()) {
                result.add(new RecoveredSubscription(QueueAddress.of(r.getString(1), 0, r.getString(2)),
                        new SubscriptionDefinition(SubscriptionKind.of(true, r.getBoolean(3)), r.getString(4),
                                r.getBoolean(5), r.getString(6))));
            }
        } catch (SQLException e) {
            throw new StoreFailureException("Cannot read the subscriptions in the journal " + file + ": "
                    + rootMessage(e), e);
        }
        return result;
    }

    @Override
    public void declare(String destination, int shards) {
        try (Connection c = pool.getConnection();
             PreparedStatement p = c.prepareStatement("MERGE INTO cairn_destination (name, shards) KEY (name) VALUES (?, ?)")) {
            p.setString(1, destination);
            p.setInt(2, shards);
            p.executeUpdate();
            c.commit();
        } catch (SQLException e) {
            throw new StoreFailureException("Cannot record destination " + destination + " in the journal " + file
                    + ": " + rootMessage(e), e);
        }
    }

    @Override
    public Map<String, Integer> destinations() {
        Map<String, Integer> result = new LinkedHashMap<>();
        try (Connection c = pool.getConnection();
             Statement s = c.createStatement();
             ResultSet r = s.executeQuery("SELECT name, shards FROM cairn_destination ORDER BY name")) {
            while (r.next()) {
                result.put(r.getString(1), r.getInt(2));
            }
        } catch (SQLException e) {
            throw new StoreFailureException("Cannot read the destinations in the journal " + file + ": "
                    + rootMessage(e), e);
        }
        return result;
    }

    @Override
    public void forgetHeldState() {
        try (Connection c = pool.getConnection();
             Statement s = c.createStatement()) {
            awaitWritten(lastTicket());
            synchronized (lock) {
                deferredVersions.clear();
            }
            s.execute("TRUNCATE TABLE cairn_message");
            s.execute("TRUNCATE TABLE cairn_subscription");
            s.execute("TRUNCATE TABLE cairn_version");
            s.execute("TRUNCATE TABLE cairn_prepared");
            s.execute("TRUNCATE TABLE cairn_decision");
            synchronized (packs) {
                s.execute("TRUNCATE TABLE cairn_pack");
                s.execute("TRUNCATE TABLE cairn_pack_body");
                c.commit();
                packs.reread();
            }
            if (acknowledgementLog != null) {
                acknowledgementLog.committed(lastTicket());
            }
        } catch (SQLException | StoreFailureException e) {
            LOG.warn("Could not clear the journal {} of what this member handed over: {}", file, rootMessage(e));
        }
    }

    @Override
    public void close() {
        synchronized (lock) {
            closing = true;
            lock.notifyAll();
        }
        try {
            writer.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (acknowledgementLog != null) {
            boolean allWritten;
            synchronized (lock) {
                allWritten = written == appended && pending.isEmpty();
            }
            if (allWritten) {
                acknowledgementLog.delete();
            } else {
                // The journal failed to write some: the log keeps them for the next start.
                acknowledgementLog.close();
            }
        }
        pool.close();
    }

    /** Rows in one of the journal's tables, for tests that look at how records are kept. */
    long rows(String table) {
        try (Connection c = pool.getConnection();
             Statement s = c.createStatement();
             ResultSet r = s.executeQuery("SELECT COUNT(*) FROM " + table)) {
            r.next();
            return r.getLong(1);
        } catch (SQLException e) {
            throw new StoreFailureException("Cannot count the rows of " + table + ": " + rootMessage(e), e);
        }
    }

    /** The journal file, for messages and tests. */
    public String file() {
        return file;
    }

    // ------------------------------------------------------------------ writer

    private void writeLoop() {
        try {
            writeGroups();
        } finally {
            closeWriterStatements();
        }
    }

    private void writeGroups() {
        while (true) {
            List<JournalRecord> batch;
            List<JournalRecord> versionsTaken;
            List<Append> taken = new ArrayList<>();
            long upTo;
            synchronized (lock) {
                while (pending.isEmpty() && !closing) {
                    writerIdle = true;
                    waitQuietly(0);
                }
                writerIdle = false;
                if (pending.isEmpty() && deferredVersions.isEmpty()) {
                    return;
                }
                if (policy == WritePolicy.ASYNC) {
                    // Nobody waits: let records gather for the group interval, so that messages
                    // stored and removed within it never reach the disk. Once somebody waits for
                    // the write (a page-in, a step of a transaction), the group is written at once.
                    long deadline = System.nanoTime() + groupMillis * 1_000_000;
                    for (long left = groupMillis; left > 0 && !closing && writtenWaiters == 0;
                         left = (deadline - System.nanoTime()) / 1_000_000) {
                        waitQuietly(left);
                    }
                } else if (acknowledgementLog != null) {
                    lingerForAcknowledgements();
                }
                versionsTaken = new ArrayList<>(deferredVersions);
                deferredVersions.clear();
                long takenBytes = 0;
                while (!pending.isEmpty() && (taken.isEmpty() || takenBytes + pending.peek().bytes() <= GROUP_BYTES)) {
                    Append next = pending.poll();
                    taken.add(next);
                    takenBytes += next.bytes();
                    if (!next.acknowledgement()) {
                        pendingOthers--;
                    }
                }
                batch = new ArrayList<>(versionsTaken);
                taken.forEach(a -> batch.addAll(a.records()));
                writingBytes = takenBytes;
                pendingBytes -= takenBytes;
                upTo = taken.isEmpty() ? written : taken.get(taken.size() - 1).ticket();
            }
            try {
                Collection<JournalRecord> net = JournalBatch.coalesce(batch);
                if (!closing && net.stream().allMatch(r -> r instanceof JournalRecord.QueueVersion)) {
                    // Only new row versions (what was stored was also removed within the group):
                    // they go with the next write instead of costing a commit and a sync of their own.
                    synchronized (lock) {
                        deferredVersions.addAll(net);
                        written = upTo;
                        writingBytes = 0;
                        lock.notifyAll();
                    }
                    committedAcknowledgements(upTo);
                    continue;
                }
                write(net, taken.size());
                synchronized (lock) {
                    written = upTo;
                    writingBytes = 0;
                    lock.notifyAll();
                }
                committedAcknowledgements(upTo);

            } catch (SQLException | RuntimeException e) {
                StoreFailureException f = new StoreFailureException("Cannot write the journal " + file + ": "
                        + rootMessage(e), e);
                LOG.error("{}; persistent sends and acknowledgements waiting for it fail, the journal retries",
                        f.getMessage());
                // H2 closes a database whose file it could not write: the next attempt opens it again
                // (from its last good state) on new connections. The packs are read again from that
                // state too: the failed group may have changed them in memory, or even committed.
                closeWriterStatements();
                pool.getHikariPoolMXBean().softEvictConnections();
                synchronized (packs) {
                    packs.writeFailed();
                }
                synchronized (lock) {
                    failure = f;
                    failedUpTo = upTo;
                    // The group goes again first, as it was.
                    for (int i = taken.size() - 1; i >= 0; i--) {
                        pending.addFirst(taken.get(i));
                        if (!taken.get(i).acknowledgement()) {
                            pendingOthers++;
                        }
                    }
                    deferredVersions.addAll(0, versionsTaken);
                    pendingBytes += writingBytes;
                    writingBytes = 0;
                    lock.notifyAll();
                    if (closing) {
                        return;
                    }
                    waitQuietly(RETRY_MILLIS);
                }
            }
        }
    }

    /**
     * Under the lock, with appends pending: while they are all acknowledgements the log holds (or
     * will, before their waiters return) and nobody waits for the journal, lets more gather, for
     * the group interval at most. Committing each as it came cost an H2 commit per
     * acknowledgement: on a consumer acknowledging every message, the writer's commits took more
     * processor than the consumer itself. Anything else appended (a send, a transaction's step) or
     * anybody waiting for the journal ends the wait at once.
     */
    private void lingerForAcknowledgements() {
        long deadline = System.nanoTime() + groupMillis * 1_000_000;
        try {
            for (long left = deadline - System.nanoTime(); left > 0 && pendingOthers == 0 && writtenWaiters == 0
                    && !closing && pendingBytes < ACKNOWLEDGEMENT_LINGER_BYTES; left = deadline - System.nanoTime()) {
                writerLingering = true;
                waitQuietly(Math.max(1, left / 1_000_000));
            }
        } finally {
            writerLingering = false;
        }
    }

    private void write(Collection<JournalRecord> records, int appends) throws SQLException {
        long start = System.nanoTime();
        H2Statements statements = writerStatements();
        commitGroup(statements, records);
        long committed = System.nanoTime();
        statistics.recordGroup(appends, records.size(), committed - start);
        if (policy == WritePolicy.SYNC) {
            // Forced by the writer itself, after the commit: a second thread forcing while the writer
            // commits the next group was measured slower on two cores (q-p-8x8 6,900 against 8,600
            // msgs/s): the groups came out smaller and each commit costs the processor the senders need.
            statements.force();
            statistics.recordForce(System.nanoTime() - committed);
        }
        if (LOG.isDebugEnabled()) {
            String line = statistics.intervalLine(STATISTICS_INTERVAL_NANOS);
            if (line != null) {
                LOG.debug("Journal {}: {}", file, line);
            }
        }
    }

    /** Writes the group's records and commits them, the packs' index changing with them. */
    private void commitGroup(H2Statements statements, Collection<JournalRecord> records) throws SQLException {
        Connection c = statements.connection();
        synchronized (packs) {
            try {
                packs.ensureLoaded(c);
                List<PackPlan> packed = packable(records);
                Set<JournalRecord> inPacks = java.util.Collections.newSetFromMap(new java.util.IdentityHashMap<>());
                packed.forEach(plan -> inPacks.addAll(plan.stored()));
                for (JournalRecord record : records) {
                    if (!inPacks.contains(record)) {
                        statements.add(record);
                    }
                }
                statements.flush();
                packed.forEach(plan -> packs.add(plan.queue(), plan.durable(), plan.stored()));
                packs.write(statements);
                c.commit();
                packs.committed();
            } catch (SQLException | RuntimeException e) {
                rollbackQuietly(c);
                throw e;
            }
        }
    }

    private H2Statements writerStatements() throws SQLException {
        if (writerStatements == null) {
            writerStatements = new H2Statements(pool.getConnection(), packs);
        }
        return writerStatements;
    }

    /** Gives the writer's connection back (at the end, or after a failure: the next group takes a new one). */
    private void closeWriterStatements() {
        if (writerStatements != null) {
            try {
                writerStatements.close();
            } catch (SQLException | RuntimeException e) {
                LOG.debug("Closing the journal writer's connection to {} failed: {}", file, rootMessage(e));
            }
            writerStatements = null;
        }
    }

    /** The group commits so far, for tests and the debug log. */
    GroupStatistics statistics() {
        return statistics;
    }

    /**
     * The group's acknowledgements are the journal's now: nobody needs to write those still
     * unclaimed to the log, and what the log holds of them may go.
     */
    private void committedAcknowledgements(long upTo) {
        if (acknowledgementLog == null) {
            return;
        }
        try {
            acknowledgementLog.committed(upTo);
        } catch (java.io.UncheckedIOException e) {
            LOG.warn("{}; its entries are replayed at the next start", rootMessage(e));
        }
    }

    /**
     * Writes what a previous run's acknowledgement log holds into the journal as one forced group,
     * before anything else reads it: those acknowledgements returned to their consumers. A row
     * version older than the journal's (a later group committed a newer one) is left out.
     */
    private void replayAcknowledgements(Path directory) throws SQLException {
        List<JournalRecord> logged = AcknowledgementLog.read(directory);
        if (logged.isEmpty()) {
            return;
        }
        Map<QueueAddress, Long> versions = versions();
        List<JournalRecord> replay = new ArrayList<>();
        for (JournalRecord r : JournalBatch.coalesce(logged)) {
            if (!(r instanceof JournalRecord.QueueVersion v) || v.version() > versions.getOrDefault(v.queue(), -1L)) {
                replay.add(r);
            }
        }
        write(replay, 0);
        LOG.info("Replayed {} acknowledgement records from the acknowledgement log of {}", replay.size(), file);
        if (!policy.waits()) {
            AcknowledgementLog.deleteFiles(directory);
        }
    }

    /** Messages of one queue, all durable or all spilled bodies, to be stored as one pack. */
    private record PackPlan(QueueAddress queue, boolean durable, List<JournalRecord.Stored> stored) {
    }

    /**
     * The messages just enqueued that are stored as packs: those of a queue with enough of them in
     * the group, cut into packs of about {@link H2Packs#BYTES} each.
     */
    private static List<PackPlan> packable(Collection<JournalRecord> records) {
        record Lane(QueueAddress queue, boolean durable) {
        }
        Map<Lane, List<JournalRecord.Stored>> open = new LinkedHashMap<>();
        Map<Lane, Long> bytes = new java.util.HashMap<>();
        List<PackPlan> plans = new ArrayList<>();
        for (JournalRecord r : records) {
            if (r instanceof JournalRecord.Stored s && s.firstWrite()) {
                Lane lane = new Lane(s.queue(), s.durable());
                open.computeIfAbsent(lane, k -> new ArrayList<>()).add(s);
                if (bytes.merge(lane, (long) s.message().estimatedSize(), Long::sum) >= H2Packs.BYTES) {
                    plans.add(new PackPlan(lane.queue(), lane.durable(), open.remove(lane)));
                    bytes.remove(lane);
                }
            }
        }
        open.forEach((lane, stored) -> plans.add(new PackPlan(lane.queue(), lane.durable(), stored)));
        plans.removeIf(plan -> plan.stored().size() < H2Packs.MIN_MESSAGES);
        return plans;
    }

    private static void rollbackQuietly(Connection c) {
        try {
            c.rollback();
        } catch (SQLException ignored) {
            // The connection is broken: H2 rolls back what it did not commit, and the pool replaces it.
        }
    }

    private void waitQuietly(long millis) {
        try {
            lock.wait(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            closing = true;
        }
    }

    private static String rootMessage(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
        }
        return t == e ? String.valueOf(e.getMessage()) : e.getMessage() + " (" + t + ")";
    }
}
