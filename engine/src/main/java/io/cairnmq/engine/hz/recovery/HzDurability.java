package io.cairnmq.engine.hz.recovery;

import com.hazelcast.cluster.Member;
import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.core.MemberLeftException;
import io.cairnmq.engine.api.EngineException;
import io.cairnmq.engine.api.WritePolicy;
import io.cairnmq.engine.hz.member.AwaitDurable;
import io.cairnmq.engine.hz.member.JournalWait;
import io.cairnmq.engine.hz.member.MemberContext;
import io.cairnmq.engine.hz.member.MemberTasks;
import io.cairnmq.engine.hz.member.ShardReply;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;


/**
 * Waits until a change is as durable as the write policy promises, in the journal of the member
 * that holds it: directly when that member is this one, through a task on it otherwise.
 */
public final class HzDurability {

    private static final Logger LOG = LoggerFactory.getLogger(HzDurability.class);

    private final HazelcastInstance hz;
    private final String localMemberId;
    /** This member's context: its journal, while its engine serves. */
    private final MemberContext local;
    private final WritePolicy policy;

    public HzDurability(HazelcastInstance hz, String localMemberId, WritePolicy policy) {
        this.hz = hz;
        this.localMemberId = localMemberId;
        this.local = MemberContext.of(hz);
        this.policy = policy;
    }

    /** Waits for what the reply's change journaled, if anything. */
    public void await(ShardReply reply) {
        await(reply.journalMember(), reply.journalTicket());
    }

    public void await(String member, long ticket) {
        if (policy.waits()) {
            await(member, ticket, JournalWait.DURABLE);
        }
    }

    /**
     * Waits until the reply's change is as durable as the write policy promises and, whatever the
     * policy, until it cannot be overtaken on the disk by what comes next: for a step of the
     * two-phase protocol (a decision journaled before the participant's prepared work, or
     * forgotten before a participant's end, would be read back as half a transaction). A member
     * alone has one journal, which writes in the order of appends: there nothing more is needed.
     * In a cluster each member's journal loses its own tail in a crash, so the step must be written.
     */
    public void awaitInOrder(ShardReply reply) {
        if (policy.waits()) {
            await(reply.journalMember(), reply.journalTicket(), JournalWait.DURABLE);
        } else if (hz.getCluster().getMembers().size() > 1) {
            await(reply.journalMember(), reply.journalTicket(), JournalWait.WRITTEN);
        }
    }

    /** Waits until the member's journal has written the ticket, whatever the write policy. */
    public void awaitWritten(String member, long ticket) {
        await(member, ticket, JournalWait.WRITTEN);
    }

    private void await(String member, long ticket, JournalWait wait) {
        if (ticket == 0 || member == null) {
            return;
        }
        if (member.equals(localMemberId)) {
            wait.awaitIn(local.services().journal(), ticket);
            return;
        }
        Member target = hz.getCluster().getMembers().stream()
                .filter(m -> m.getUuid().toString().equals(member)).findFirst().orElse(null);
        if (target == null) {
            // The holder left: its backups hold the change in memory and journal it themselves.
            LOG.debug("Member {} left before its journal confirmed ticket {}", member, ticket);
            return;
        }
        try {
            MemberTasks.call(hz, target, new AwaitDurable(ticket, wait), "wait for the journal of member " + member);
        } catch (EngineException e) {
            if (!(e.getCause() instanceof MemberLeftException)) {
                throw e;
            }
            // It left while we waited: as above, its backups hold the change.
        }
    }
}
