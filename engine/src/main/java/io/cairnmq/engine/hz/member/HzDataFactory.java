package io.cairnmq.engine.hz.member;

import com.hazelcast.nio.serialization.DataSerializableFactory;
import com.hazelcast.nio.serialization.IdentifiedDataSerializable;
import io.cairnmq.engine.hz.ops.AcknowledgeMessages;
import io.cairnmq.engine.hz.ops.BrowseMessages;
import io.cairnmq.engine.hz.ops.EnqueueBatch;
import io.cairnmq.engine.hz.ops.LeaseMessages;
import io.cairnmq.engine.hz.ops.ReadShardStats;
import io.cairnmq.engine.hz.ops.Detach;
import io.cairnmq.engine.hz.ops.RecoverMessages;
import io.cairnmq.engine.hz.ops.ReleaseGoneHolders;
import io.cairnmq.engine.hz.ops.ReleaseGoneSubscribers;
import io.cairnmq.engine.hz.ops.RestoreSubscription;
import io.cairnmq.engine.hz.ops.Subscribe;
import io.cairnmq.engine.hz.ops.Unsubscribe;
import io.cairnmq.engine.hz.ops.ReleaseLeases;
import io.cairnmq.engine.hz.ops.ReleaseReplay;

/** Creates the engine's serializable types by id, so no class names travel between members. */
public final class HzDataFactory implements DataSerializableFactory {

    public static final int FACTORY_ID = 7_300;

    public static final int SHARD_KEY = 1;
    public static final int CHANGE_REPLY = 2;
    public static final int ENQUEUE_BATCH = 3;
    public static final int LEASE_MESSAGES = 4;
    public static final int ACKNOWLEDGE_MESSAGES = 5;
    public static final int RELEASE_LEASES = 6;
    public static final int RELEASE_GONE_HOLDERS = 7;
    public static final int RELEASE_REPLAY = 8;
    public static final int READ_SHARD_STATS = 9;
    public static final int BROWSE_MESSAGES = 10;
    public static final int RELEASE_GONE_SUBSCRIBERS = 11;
    public static final int SUBSCRIBE = 12;
    public static final int DETACH = 13;
    public static final int UNSUBSCRIBE = 14;
    public static final int RECOVER_MESSAGES = 15;
    public static final int AWAIT_DURABLE = 16;
    public static final int RESTORE_SUBSCRIPTION = 17;
    public static final int PAGE_IN = 18;
    public static final int READ_SPILL_ZONE = 19;
    public static final int SPILL_ZONE_VIEW = 20;
    public static final int BROWSE_SPILLED = 21;
    public static final int ADOPT_REPLICA = 22;
    public static final int ADOPT_SPILLED = 23;
    public static final int AWAIT_REPLICAS_SETTLED = 24;
    public static final int DROP_SHARD = 25;
    public static final int COMMIT_TRANSACTION = 26;
    public static final int PREPARE_TRANSACTION = 27;
    public static final int COMPLETE_TRANSACTION = 28;
    public static final int RESOLVE_TRANSACTION = 29;
    public static final int FORGET_TRANSACTION = 30;
    public static final int RESTORE_TRANSACTIONS = 31;
    public static final int READ_TRANSACTIONS = 32;
    public static final int SEND_REPLY = 33;
    public static final int LEASE_REPLY = 34;
    public static final int TOPIC_REPLY = 35;
    public static final int RESTORE_REPLY = 36;
    public static final int RESOLVE_REPLY = 37;
    public static final int REPLICA_CHECK_REPLY = 38;
    public static final int STATS_REPLY = 39;
    public static final int BROWSE_REPLY = 40;
    public static final int TRANSACTIONS_REPLY = 41;
    public static final int EXPIRE_MESSAGES = 42;
    public static final int EXPIRY_REPLY = 43;

    @Override
    public IdentifiedDataSerializable create(int typeId) {
        return switch (typeId) {
            case SHARD_KEY -> new ShardKey();
            case CHANGE_REPLY -> new ChangeReply();
            case ENQUEUE_BATCH -> new EnqueueBatch();
            case LEASE_MESSAGES -> new LeaseMessages();
            case ACKNOWLEDGE_MESSAGES -> new AcknowledgeMessages();
            case RELEASE_LEASES -> new ReleaseLeases();
            case RELEASE_GONE_HOLDERS -> new ReleaseGoneHolders();
            case RELEASE_REPLAY -> new ReleaseReplay();
            case READ_SHARD_STATS -> new ReadShardStats();
            case BROWSE_MESSAGES -> new BrowseMessages();
            case RELEASE_GONE_SUBSCRIBERS -> new ReleaseGoneSubscribers();
            case SUBSCRIBE -> new Subscribe();
            case DETACH -> new Detach();
            case UNSUBSCRIBE -> new Unsubscribe();
            case RECOVER_MESSAGES -> new RecoverMessages();
            case AWAIT_DURABLE -> new AwaitDurable();
            case RESTORE_SUBSCRIPTION -> new RestoreSubscription();
            case PAGE_IN -> new io.cairnmq.engine.hz.ops.PageIn();
            case READ_SPILL_ZONE -> new io.cairnmq.engine.hz.ops.ReadSpillZone();
            case SPILL_ZONE_VIEW -> new io.cairnmq.engine.hz.ops.SpillZoneView();
            case BROWSE_SPILLED -> new BrowseSpilled();
            case ADOPT_REPLICA -> new io.cairnmq.engine.hz.ops.AdoptReplica();
            case ADOPT_SPILLED -> new io.cairnmq.engine.hz.ops.AdoptSpilled();
            case AWAIT_REPLICAS_SETTLED -> new AwaitReplicasSettled();
            case DROP_SHARD -> new io.cairnmq.engine.hz.ops.DropShard();
            case COMMIT_TRANSACTION -> new io.cairnmq.engine.hz.ops.CommitTransaction();
            case PREPARE_TRANSACTION -> new io.cairnmq.engine.hz.ops.PrepareTransaction();
            case COMPLETE_TRANSACTION -> new io.cairnmq.engine.hz.ops.CompleteTransaction();
            case RESOLVE_TRANSACTION -> new io.cairnmq.engine.hz.ops.ResolveTransaction();
            case FORGET_TRANSACTION -> new io.cairnmq.engine.hz.ops.ForgetTransaction();
            case RESTORE_TRANSACTIONS -> new io.cairnmq.engine.hz.ops.RestoreTransactions();
            case READ_TRANSACTIONS -> new io.cairnmq.engine.hz.ops.ReadTransactions();
            case SEND_REPLY -> new SendReply();
            case LEASE_REPLY -> new LeaseReply();
            case TOPIC_REPLY -> new TopicReply();
            case RESTORE_REPLY -> new RestoreReply();
            case RESOLVE_REPLY -> new ResolveReply();
            case REPLICA_CHECK_REPLY -> new ReplicaCheckReply();
            case STATS_REPLY -> new StatsReply();
            case BROWSE_REPLY -> new BrowseReply();
            case TRANSACTIONS_REPLY -> new TransactionsReply();
            case EXPIRE_MESSAGES -> new io.cairnmq.engine.hz.ops.ExpireMessages();
            case EXPIRY_REPLY -> new ExpiryReply();
            default -> throw new IllegalArgumentException("Unknown CairnMQ data type id " + typeId);
        };
    }
}
