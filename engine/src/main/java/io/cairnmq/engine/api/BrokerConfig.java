package io.cairnmq.engine.api;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * How to start (or join) a broker member. Immutable; {@link BrokerConfigParser} builds it from
 * string options such as the query of a {@code vm://NAME?...} URL.
 *
 * @param name             the member's engine name ({@code NAME} in {@code vm://NAME})
 * @param clusterName      members with the same cluster name form one cluster
 * @param dataDirectory    where this member keeps its files
 * @param bindAddress      interface the member listens on for other members
 * @param port             port for other members; 0 picks a free one
 * @param members          {@code host:port} of members to join; empty to join nobody
 * @param backupCount      synchronous backups of each shard on other members
 * @param defaultShards    shards of a destination created on first use
 * @param maxMessageBytes  largest message (estimated size) a producer may send
 * @param sendWindowBytes  bytes a producer may have in flight before a send blocks
 * @param usersFile        the user store: users, their password hashes and roles (see
 *                         {@code security.UserStore}); null accepts everyone
 * @param anonymousUser    with a user store: the user a connection without credentials is
 *                         accepted as; null refuses such connections
 * @param accessFile       with a user store: the rights of roles per destination pattern (see
 *                         {@code security.AccessPolicy}); null gives every user every right
 * @param writePolicy      when persistent sends and their acknowledgements count as done,
 *                         relative to the disk journal
 * @param journalGroupMillis with {@link WritePolicy#ASYNC}: how long journal records may wait to
 *                         be written together
 * @param memoryLimit      bytes of messages this member keeps in memory (its own shards and the
 *                         backups it holds) before new ones spill to disk
 * @param destinationMemoryLimit bytes of messages one destination keeps in memory on a member
 *                         before new ones spill to disk
 * @param destinationLimits limits of every queue (key {@code *}) and of named queues and topics (by
 *                         qualified name)
 * @param policies         what each destination does with failed deliveries and expired messages
 * @param expiryScanMillis how often each member looks for expired messages in the queues it owns
 *                         (in memory), so that nobody needs to consume them; 0 never
 */
public record BrokerConfig(
        String name,
        String clusterName,
        Path dataDirectory,
        String bindAddress,
        int port,
        List<String> members,
        int backupCount,
        int defaultShards,
        int maxMessageBytes,
        int sendWindowBytes,
        Path usersFile,
        String anonymousUser,
        Path accessFile,
        WritePolicy writePolicy,
        int journalGroupMillis,
        long memoryLimit,
        long destinationMemoryLimit,
        Map<String, DestinationLimits> destinationLimits,
        DestinationPolicies policies,
        long expiryScanMillis) {

    public BrokerConfig {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(clusterName, "clusterName");
        Objects.requireNonNull(dataDirectory, "dataDirectory");
        Objects.requireNonNull(bindAddress, "bindAddress");
        Objects.requireNonNull(writePolicy, "writePolicy");
        members = List.copyOf(members);
        destinationLimits = Map.copyOf(destinationLimits);
        Objects.requireNonNull(policies, "policies");
    }

    /** Key of {@link #destinationLimits()} for the limits of every queue not named there. */
    public static final String EVERY_QUEUE = "*";

    /** The limits of a destination: its own, or every queue's; a topic without its own is not limited. */
    public DestinationLimits limitsFor(DestinationName destination) {
        DestinationLimits own = destinationLimits.get(destination.qualified());
        if (own != null) {
            return own;
        }
        return destination.kind() == DestinationKind.QUEUE
                ? destinationLimits.getOrDefault(EVERY_QUEUE, DestinationLimits.unlimited(maxMessageBytes))
                : DestinationLimits.unlimited(maxMessageBytes);
    }

    /** What a destination does with failed deliveries and expired messages. */
    public DeliveryPolicy policyFor(DestinationName destination) {
        return policies.policyFor(destination);
    }

    /** As {@link #policyFor(DestinationName)}, by the destination's qualified name. */
    public DeliveryPolicy policyFor(String qualifiedName) {
        return policies.policyFor(qualifiedName);
    }

    /** The embedded default for {@code vm://NAME}: one member, joins nobody, data in {@code ./data/NAME}. */
    public static BrokerConfig embedded(String name) {
        return BrokerConfigParser.parse(name, java.util.Map.of());
    }

    /** Whether this member looks for others to form a cluster with. */
    public boolean joinsCluster() {
        return !members.isEmpty();
    }
}
