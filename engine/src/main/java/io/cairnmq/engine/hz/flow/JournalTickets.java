package io.cairnmq.engine.hz.flow;

import io.cairnmq.engine.hz.member.ShardReply;
import io.cairnmq.engine.hz.recovery.HzDurability;

/**
 * The newest journal ticket a consumer's acknowledgements (or a producer's persistent sends)
 * got on each shard, and whose journal it is, so that acknowledging for good (CLIENT_ACKNOWLEDGE,
 * a commit) or a persistent send can wait until they are durable. A journal writes in order, so
 * waiting for the newest covers the earlier ones.
 */
final class JournalTickets {

    private final String[] members;
    private final long[] tickets;

    JournalTickets(int shards) {
        members = new String[shards];
        tickets = new long[shards];
    }

    /** Notes what a reply from this shard journaled, if anything. */
    synchronized void note(int shard, ShardReply reply) {
        if (reply != null && reply.journalTicket() != 0) {
            if (!reply.journalMember().equals(members[shard]) || reply.journalTicket() > tickets[shard]) {
                members[shard] = reply.journalMember();
                tickets[shard] = reply.journalTicket();
            }
        }
    }

    /** Waits until everything noted is durable. */
    void awaitAll(HzDurability durability) {
        for (int shard = 0; shard < tickets.length; shard++) {
            String member;
            long ticket;
            synchronized (this) {
                member = members[shard];
                ticket = tickets[shard];
            }
            durability.await(member, ticket);
        }
    }
}
