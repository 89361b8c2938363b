package io.cairnmq.engine.hz.member;

import com.hazelcast.config.Config;
import com.hazelcast.core.HazelcastInstance;

/**
 * What the engine's code running on a member finds of that member: its services (journal, memory
 * meter and limits, page-ins), the wake-up bus through which its shard operations deliver to the
 * consumers there, and the failures tests inject into its calls. One per member, kept in the user
 * context of its Hazelcast instance: shard operations and tasks reach it through the instance
 * Hazelcast gives them, the engine's parts through the engine; nothing is looked up by member id
 * in a map of the whole JVM.
 */
public final class MemberContext {

    /** Its key in the user context of the member's Hazelcast instance. */
    private static final String KEY = "io.cairnmq.engine.member";

    private final InjectedFailures failures;
    /** The services of a member no engine serves on: a journal that keeps nothing, no limits. */
    private final MemberServices none = MemberServices.none();
    private volatile MemberServices services = none;
    /** The bus of the engine's consumers on this member; null while no engine serves on it. */
    private volatile WakeupBus bus;

    /** @param memberName the member's name, as injected failures name it */
    public MemberContext(String memberName) {
        this.failures = new InjectedFailures(memberName);
    }

    /**
     * Makes this the context of the member that {@code config} starts. It goes into the
     * configuration, which Hazelcast copies into the instance's user context before the member
     * starts, rather than into the running instance afterwards: a member that joins a cluster
     * receives partitions while it starts, before its engine exists, and the operations and
     * backups it runs on them then must find it already (with the services of a member without
     * an engine). Tests also arm a member's injected failures before it starts.
     */
    public Config addTo(Config config) {
        config.getUserContext().put(KEY, this);
        return config;
    }

    /** The context of the member {@code hz} is, as {@link #addTo} gave it. */
    public static MemberContext of(HazelcastInstance hz) {
        if (hz.getUserContext().get(KEY) instanceof MemberContext member) {
            return member;
        }
        throw new IllegalStateException("Hazelcast member " + hz.getName() + " has no CairnMQ member context:"
                + " it was not started by the CairnMQ engine factory");
    }

    /**
     * The member's services; while no engine serves on it (it is starting, or its journal has
     * closed), those of a member without one: a journal that keeps nothing and no limits.
     */
    public MemberServices services() {
        return services;
    }

    /** The engine serves on this member from now on; for the engine. */
    public void serve(MemberServices engineServices) {
        this.services = engineServices;
    }

    /** The engine's journal has closed: operations still running here get the services of a member without one. */
    public void stopServing() {
        this.services = none;
    }

    /** Shard operations on this member deliver to the consumers of this bus from now on; for the engine. */
    public void deliverThrough(WakeupBus engineBus) {
        this.bus = engineBus;
    }

    /** The engine is closing: operations deliver nothing more here, and leave every waiter to their caller. */
    public void stopDelivering() {
        this.bus = null;
    }

    /**
     * On the shard's owner, while the operation runs: delivers what the reply hands off and wakes
     * the waiters of this member, leaving in the reply only the waiters of other members, for the
     * caller to wake. Nothing happens while no engine's bus is here.
     */
    public void deliverOnOwner(ShardKey key, ShardReply reply) {
        WakeupBus local = bus;
        if (local != null) {
            local.deliverOnOwner(key, reply);
        }
    }

    /** The failures tests inject into the calls this member makes. */
    public InjectedFailures failures() {
        return failures;
    }
}
