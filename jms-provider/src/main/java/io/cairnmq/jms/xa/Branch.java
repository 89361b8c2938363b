package io.cairnmq.jms.xa;

import io.cairnmq.engine.api.Delivery;
import io.cairnmq.engine.api.EngineConsumer;
import io.cairnmq.engine.api.EngineProducer;
import io.cairnmq.engine.api.TransactionWork;

import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ScheduledFuture;

/**
 * One branch a connection works in and has not prepared yet: the sessions associated with it
 * now and those suspended from it, what it sent and received, and the producers and consumers
 * it keeps open because its work uses them. {@link Branches} guards it with its own lock.
 */
final class Branch {

    final BranchId id;
    /** The sessions working in the branch now, and those suspended from it (TMSUSPEND). */
    final Set<Association> associated = new LinkedHashSet<>();
    final Set<Association> suspended = new LinkedHashSet<>();
    /** What the branch sends, in send order. */
    final List<TransactionWork.Send> sends = new ArrayList<>();
    /** What its sessions received while associated with it, by consumer: its acknowledgements. */
    final Map<EngineConsumer, List<Delivery>> delivered = new IdentityHashMap<>();
    /** Closed by the application while the branch still needed them: they close when it ends. */
    final Set<EngineProducer> producersToClose = java.util.Collections.newSetFromMap(new IdentityHashMap<>());
    final Set<EngineConsumer> consumersToClose = java.util.Collections.newSetFromMap(new IdentityHashMap<>());
    /** A session ended its association with TMFAIL: the branch can only roll back. */
    boolean rollbackOnly;
    /**
     * Rolled back while sessions were still associated or before the manager came back (its
     * timeout, or a rollback from the manager): the XA code every later call on it answers with,
     * 0 while it lives.
     */
    int rolledBack;
    String rolledBackWhy;
    ScheduledFuture<?> timeout;

    Branch(BranchId id) {
        this.id = id;
    }

    boolean inUse() {
        return !associated.isEmpty() || !suspended.isEmpty();
    }

    /** The engine's view of the work: the sends, and exactly the deliveries received in the branch. */
    TransactionWork work() {
        TransactionWork work = new TransactionWork();
        for (TransactionWork.Send send : sends) {
            work.send(send.producer(), send.destination(), send.message());
        }
        delivered.forEach(work::acknowledge);
        return work;
    }

    boolean uses(EngineProducer producer) {
        for (TransactionWork.Send send : sends) {
            if (send.producer() == producer) {
                return true;
            }
        }
        return false;
    }
}
