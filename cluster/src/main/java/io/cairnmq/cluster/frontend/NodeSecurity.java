package io.cairnmq.cluster.frontend;

import io.cairnmq.engine.api.BrokerConfig;
import io.cairnmq.engine.api.DestinationName;
import io.cairnmq.engine.security.AccessPolicy;
import io.cairnmq.engine.security.Right;
import io.cairnmq.engine.security.UserStore;

import java.util.Set;

/**
 * Who a node's clients are and what they may do: the node's user store (for the roles of an
 * authenticated user, and the user a connection without credentials acts as) and its access
 * policy. The engine authenticates each connection; the front end checks each act against the
 * policy before it reaches the engine, so a refusal costs no message.
 */
public final class NodeSecurity {

    private final UserStore users;
    private final AccessPolicy policy;
    private final boolean checks;

    private NodeSecurity(UserStore users, AccessPolicy policy, boolean checks) {
        this.users = users;
        this.policy = policy;
        this.checks = checks;
    }

    /** Everyone may do everything: a node without a user store. */
    public static NodeSecurity open() {
        return new NodeSecurity(UserStore.open(), AccessPolicy.allowAll(), false);
    }

    /** The node's user store and access file, as its broker configuration names them. */
    public static NodeSecurity of(BrokerConfig config) {
        if (config.usersFile() == null) {
            return open();
        }
        return new NodeSecurity(UserStore.fromFile(config.usersFile(), config.anonymousUser()),
                AccessPolicy.forBroker(config), config.accessFile() != null);
    }

    /** The rights of a connection the engine has authenticated with these credentials. */
    Rights rightsOf(String user, String password) {
        if (!checks) {
            return Rights.ALL;
        }
        // Only the anonymous case asks the store, which answers it without a password hash.
        String actingAs = user == null && password == null ? users.authenticate(null, null) : user;
        return new Rights(actingAs, users.roles(actingAs), policy);
    }

    /** What one connection may do. */
    static final class Rights {
        static final Rights ALL = new Rights(null, Set.of(), null);

        private final String user;
        private final Set<String> roles;
        private final AccessPolicy policy;

        private Rights(String user, Set<String> roles, AccessPolicy policy) {
            this.user = user;
            this.roles = roles;
            this.policy = policy;
        }

        /** Whether acts are checked at all (the node has an access file). */
        boolean checks() {
            return policy != null;
        }

        /** @throws io.cairnmq.engine.api.AccessDeniedException naming the right and the destination */
        void check(Right right, DestinationName destination) {
            if (policy != null) {
                policy.check(user, roles, right, destination);
            }
        }
    }
}
