package io.cairnmq.engine.hz;

import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.core.LifecycleEvent;
import com.hazelcast.map.IMap;
import io.cairnmq.engine.hz.member.DestinationCatalog;
import io.cairnmq.engine.hz.member.EngineThreads;
import io.cairnmq.engine.hz.member.HzErrors;
import io.cairnmq.engine.hz.member.MemberContext;
import io.cairnmq.engine.hz.member.MemberServices;
import io.cairnmq.engine.hz.member.ShardCalls;
import io.cairnmq.engine.hz.member.LeaseReply;
import io.cairnmq.engine.hz.member.ShardKey;
import io.cairnmq.engine.queue.Holder;
import io.cairnmq.engine.hz.member.StatsReply;
import io.cairnmq.engine.hz.member.WakeupBus;
import io.cairnmq.engine.hz.recovery.GoneMemberReaper;
import io.cairnmq.engine.hz.recovery.HzDurability;
import io.cairnmq.engine.hz.recovery.JournalRecovery;
import io.cairnmq.engine.hz.recovery.OwnedRetries;
import io.cairnmq.engine.hz.replica.ReplicaFollower;
import io.cairnmq.engine.hz.spill.PageIns;
import io.cairnmq.engine.queue.ShardEntry;
import io.cairnmq.engine.store.Journal;
import io.cairnmq.engine.store.h2.H2Journal;
import io.cairnmq.engine.api.BrokerConfig;
import io.cairnmq.engine.api.ConnectionListener;
import io.cairnmq.engine.api.DestinationInfo;
import io.cairnmq.engine.api.DestinationName;
import io.cairnmq.engine.api.DestinationSettings;
import io.cairnmq.engine.api.DestinationStats;
import io.cairnmq.engine.api.Engine;
import io.cairnmq.engine.api.EngineClosedException;
import io.cairnmq.engine.api.EngineConnection;
import io.cairnmq.engine.api.Redelivery;
import io.cairnmq.engine.security.UserStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/** The engine on one Hazelcast member. */
public final class HzEngine implements Engine {

    private static final Logger LOG = LoggerFactory.getLogger(HzEngine.class);

    private final BrokerConfig config;
    private final HazelcastInstance hz;
    private final String memberId;
    /** What the engine's code running on this member finds of it: services, wake-up bus, injected failures. */
    private final MemberContext member;
    private final ExecutorService executor;
    private final ExecutorService callers;
    private final java.util.concurrent.ScheduledExecutorService timer;
    private final IMap<ShardKey, ShardEntry> shards;
    private final HzTransactions transactions;
    private final DestinationCatalog catalog;
    private final ShardCalls calls;
    private final WakeupBus wakeups;
    private final HzSubscriptions subscriptions;
    private final Journal journal;
    private final HzDurability durability;
    /** Moves messages to dead-letter and expiry queues. */
    private final MessageMover mover;
    /** Drops or moves the expired messages of the shards this member owns, now and then. */
    private final ExpiryScanner expiryScanner;
    /** Releases and other housekeeping that failed once: retried until done. */
    private final OwnedRetries cleanups;
    private final ExecutorService pageInThread;
    private final ReplicaFollower replicas;
    private final ExecutorService replicaThread;
    private final ExecutorService handOverThread;
    /** Set when this member leaves a cluster that takes its shards over: its journal's messages are void. */
    private volatile boolean handsOver;
    private final AtomicBoolean journalClosed = new AtomicBoolean();
    private final Set<HzConnection> connections = ConcurrentHashMap.newKeySet();
    private final UserStore users;
    /** Client id to {@code memberId/connectionId} of the connection that holds it. */
    private final IMap<String, String> clientIds;
    private volatile boolean closed;

    HzEngine(BrokerConfig config, HazelcastInstance hz, UserStore users, ReplicaFollower replicas) {
        this.config = config;
        this.hz = hz;
        this.users = users;
        this.clientIds = hz.getMap(HzConfigFactory.CLIENT_IDS_MAP);
        this.memberId = hz.getCluster().getLocalMember().getUuid().toString();
        this.member = MemberContext.of(hz);
        this.executor = EngineThreads.pool("cairnmq-" + config.name());
        this.callers = EngineThreads.callers("cairnmq-" + config.name());
        this.timer = EngineThreads.timer("cairnmq-" + config.name());
        this.shards = hz.getMap(HzConfigFactory.SHARDS_MAP);
        this.calls = new ShardCalls(shards, callers, memberId, member);
        this.catalog = new DestinationCatalog(hz.getMap(HzConfigFactory.DESTINATIONS_MAP), config.defaultShards());
        this.wakeups = new WakeupBus(hz, memberId, this::giveBack);
        this.subscriptions = new HzSubscriptions(this, hz.getMap(HzConfigFactory.SUBSCRIPTIONS_MAP));
        this.transactions = new HzTransactions(this);
        this.mover = new MessageMover(this, transactions);
        this.expiryScanner = new ExpiryScanner(this, mover);
        this.cleanups = new OwnedRetries(this, "Cleanup");
        this.journal = new H2Journal(config.dataDirectory(), config.writePolicy(), config.journalGroupMillis(),
                config.name());
        this.durability = new HzDurability(hz, memberId, config.writePolicy());
        this.pageInThread = EngineThreads.single("cairnmq-pagein-" + config.name());
        this.replicas = replicas;
        this.replicaThread = EngineThreads.single("cairnmq-replicas-" + config.name());
        this.handOverThread = EngineThreads.single("cairnmq-handover-" + config.name());
        member.serve(new MemberServices(journal, config.memoryLimit(), config.destinationMemoryLimit(),
                catalog::cachedShards, destination -> config.limitsFor(DestinationName.parseQualified(destination)),
                config::policyFor,
                new PageIns(this, journal, pageInThread), replicas));
        member.deliverThrough(wakeups);
        hz.getCluster().addMembershipListener(new GoneMemberReaper(this, transactions.recovery()));
        hz.getLifecycleService().addLifecycleListener(event -> {
            if (event.getState() == LifecycleEvent.LifecycleState.SHUTTING_DOWN) {
                failConnections();
            } else if (event.getState() == LifecycleEvent.LifecycleState.SHUTDOWN) {
                closeJournal();
                // The member went without close() (terminated, or Hazelcast gave up): its threads go too.
                stopThreads(false);
            }
        });
        Set<ShardKey> recovered = new JournalRecovery(this, journal).run();
        transactions.recovery().finishRecovered(config.joinsCluster());
        // Recorded from here on: what recovery declared came from the journal already.
        catalog.recordDeclarationsIn(journal);
        replicas.start(this, replicaThread, handOverThread, recovered);
        expiryScanner.start();
        LOG.info("CairnMQ engine {} started as member {} of cluster {}", config.name(), memberId, config.clusterName());
    }

    @Override
    public String name() {
        return config.name();
    }

    @Override
    public EngineConnection connect(String user, String password, ConnectionListener listener) {
        ensureRunning();
        users.authenticate(user, password);
        HzConnection connection = new HzConnection(this, listener);
        connections.add(connection);
        return connection;
    }

    @Override
    public DestinationInfo declare(DestinationName destination, DestinationSettings settings) {
        ensureRunning();
        try {
            return catalog.declare(destination, settings);
        } catch (RuntimeException e) {
            throw HzErrors.translate(e, "declare " + destination);
        }
    }

    @Override
    public boolean exists(DestinationName destination) {
        ensureRunning();
        try {
            return catalog.exists(destination);
        } catch (RuntimeException e) {
            throw HzErrors.translate(e, "look up " + destination);
        }
    }

    @Override
    public DestinationStats stats(DestinationName destination) {
        ensureRunning();
        long ready = 0;
        long leased = 0;
        try {
            for (ShardKey key : DestinationCatalog.shardKeys(catalog.resolve(destination))) {
                StatsReply reply = shards.executeOnKey(key, new io.cairnmq.engine.hz.ops.ReadShardStats());
                ready += reply.ready();
                leased += reply.leased();
            }
        } catch (RuntimeException e) {
            throw HzErrors.translate(e, "read the counts of " + destination);
        }
        return new DestinationStats(ready, leased);
    }

    @Override
    public boolean isRunning() {
        return !closed && hz.getLifecycleService().isRunning();
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        if (hz.getLifecycleService().isRunning()) {
            EngineClosedException cause = new EngineClosedException("The CairnMQ engine " + config.name()
                    + " was shut down");
            for (HzConnection connection : connections) {
                connection.closeBecause(cause);
            }
        }
        closed = true;
        expiryScanner.stop();
        failConnections();
        member.stopDelivering();
        wakeups.close();
        handsOver = letOthersSettle();
        hz.shutdown();
        closeJournal();
        stopThreads(true);
        LOG.info("CairnMQ engine {} stopped", config.name());
    }

    /** Stops the engine's threads; with {@code wait}, lets running work end first (a bounded time). */
    private void stopThreads(boolean wait) {
        for (ExecutorService pool : List.of(mover.thread(), timer, callers, executor)) {
            pool.shutdown();
            try {
                if (!wait || !pool.awaitTermination(10, TimeUnit.SECONDS)) {
                    pool.shutdownNow();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                pool.shutdownNow();
            }
        }
    }

    /**
     * Before leaving a cluster: waits (a bounded time) until the other members' journals have
     * followed every earlier partition move, since they may be copying from this one.
     *
     * @return whether others take this member's shards over as it leaves
     */
    private boolean letOthersSettle() {
        if (!hz.getLifecycleService().isRunning() || hz.getCluster().getMembers().size() < 2) {
            return false;
        }
        replicas.awaitOthersAdopted();
        return config.backupCount() > 0;
    }

    /** Once the member is down: nothing can add to the journal any more. */
    private void closeJournal() {
        if (!journalClosed.compareAndSet(false, true)) {
            return;
        }
        member.stopServing();
        pageInThread.shutdownNow();
        replicaThread.shutdownNow();
        handOverThread.shutdownNow();
        if (handsOver) {
            // A graceful leave handed every shard to the members that stay; rows left here would
            // come back, stale, if this member's journal were ever read again.
            journal.forgetHeldState();
        }
        journal.close();
    }

    /** The Hazelcast member under this engine; for tests and the cluster module. */
    public HazelcastInstance hazelcast() {
        return hz;
    }

    // ------------------------------------------------------------------ for the engine's parts
    // The public accessors below serve the engine's own packages (hz.flow, hz.recovery,
    // hz.replica, hz.spill), which work on this member's engine; they are no API for others.

    /**
     * Moves, in the background, the messages a lease reply says it handed to a consumer's mover
     * (see {@link MessageMover}); for the engine's own packages.
     */
    public void moveFromLease(ShardKey key, String subscription, Holder consumer, LeaseReply reply) {
        mover.move(key, subscription, consumer.mover(), reply.outOfAttempts(), reply.expired());
    }

    /** The broker's configuration; for the engine's own packages. */
    public BrokerConfig config() {
        return config;
    }

    /** Releases and other housekeeping retried until done; for the engine's own packages. */
    public OwnedRetries cleanups() {
        return cleanups;
    }

    /** This member's id, as holders and journal tickets name it; for the engine's own packages. */
    public String memberId() {
        return memberId;
    }

    /**
     * What the engine's code running on this member finds of it (its services, the wake-up bus
     * of its consumers, the failures tests inject); for the engine's own packages and tests.
     */
    public MemberContext member() {
        return member;
    }

    /** Threads for completions and notifications: work on them never blocks. */
    ExecutorService executor() {
        return executor;
    }

    /**
     * The caller threads: background work that calls shards and waits (retries, re-checks, the
     * release of a departed member's leases) runs there, so that it never holds up completions.
     * For the engine's own packages.
     */
    public ExecutorService callers() {
        return callers;
    }

    /** The timer for re-checks and retries; for the engine's own packages. */
    public java.util.concurrent.ScheduledExecutorService timer() {
        return timer;
    }

    /**
     * Deletes a (temporary) destination: its shards with their messages, then its settings. For
     * the engine's own packages.
     */
    public void deleteDestination(DestinationName destination) {
        try {
            for (ShardKey key : DestinationCatalog.shardKeys(catalog.resolve(destination))) {
                shards.executeOnKey(key, new io.cairnmq.engine.hz.ops.DropShard().on(member));
            }
            catalog.remove(destination);
        } catch (RuntimeException e) {
            throw HzErrors.translate(e, "delete " + destination);
        }
    }

    /** Whether this member's journal has followed every partition move so far (for tests). */
    boolean replicasSettled() {
        return replicas.isSettled() && hz.getPartitionService().isLocalMemberSafe();
    }

    /** Waits for changes to be as durable as the write policy promises; for the engine's own packages. */
    public HzDurability durability() {
        return durability;
    }

    /** Topic subscriptions and their names; for the engine's own packages. */
    public HzSubscriptions subscriptions() {
        return subscriptions;
    }

    HzTransactions transactions() {
        return transactions;
    }

    /** The map of shard entries; for the engine's own packages. */
    public IMap<ShardKey, ShardEntry> shards() {
        return shards;
    }

    /** Client ids and the connections that hold them; for the engine's own packages. */
    public IMap<String, String> clientIds() {
        return clientIds;
    }

    /** Runs shard operations; for the engine's own packages. */
    public ShardCalls calls() {
        return calls;
    }

    /** Destination settings; for the engine's own packages. */
    public DestinationCatalog catalog() {
        return catalog;
    }

    /** Wake-ups and hand-offs to waiting consumers; for the engine's own packages. */
    public WakeupBus wakeups() {
        return wakeups;
    }

    void forget(HzConnection connection) {
        connections.remove(connection);
    }

    void ensureRunning() {
        if (!isRunning()) {
            throw new EngineClosedException("The CairnMQ engine " + config.name() + " is shut down");
        }
    }

    /** Messages handed to a consumer that has gone meanwhile go back, not counted as a delivery. */
    private void giveBack(ShardKey key, io.cairnmq.engine.queue.HandedOff handedOff) {
        long[] sequences = handedOff.messages().stream()
                .mapToLong(io.cairnmq.engine.queue.StoredMessage::sequence).toArray();
        calls.submit(key, new io.cairnmq.engine.hz.ops.ReleaseLeases(handedOff.holder(), sequences, Redelivery.NOT_COUNTED)
                        .onSubscription(handedOff.subscription()),
                (reply, error) -> {
                    if (error == null) {
                        wakeups.wake(key, reply);
                    } else if (isRunning()) {
                        LOG.warn("Could not put back {} message(s) handed to closed consumer {} on {}; they go back"
                                + " when its connection closes", sequences.length, handedOff.holder().consumerId(), key,
                                error);
                    }
                });
    }

    private void failConnections() {
        EngineClosedException cause = new EngineClosedException("The broker member of engine " + config.name()
                + " is shutting down");
        for (HzConnection connection : connections) {
            connection.fail(cause);
        }
    }
}
