package io.cairnmq.engine.security;

import io.cairnmq.engine.api.DestinationPattern;
import io.cairnmq.engine.api.AccessDeniedException;
import io.cairnmq.engine.api.BrokerConfig;
import io.cairnmq.engine.api.DestinationName;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;

/**
 * Who may do what with which destination, from the file of the broker option
 * {@code access=FILE}; the front end checks it before it acts for a connection, so that a
 * refusal costs no message.
 *
 * <p>Without a file every authenticated user has every right. With one, each line gives rights
 * on the destinations that a {@link DestinationPattern} matches to roles (a user's roles come
 * from the {@link UserStore}):
 * <pre>
 * # KIND:PATTERN = RIGHT=ROLE,ROLE; RIGHT=ROLE ...
 * queue:orders     = send=app,admin; consume=worker; browse=admin
 * queue:orders.&gt;   = send=app; consume=worker; create=app
 * topic:prices.*   = consume=*; send=feed
 * queue:&gt;          = manage=admin
 * </pre>
 * KIND is {@code queue} or {@code topic}; in PATTERN, {@code *} is one dot-separated segment
 * and {@code >} (last) the rest of the name. The rights are {@code send}, {@code consume},
 * {@code browse}, {@code create}, {@code delete} and {@code manage} (see {@link Right}); the
 * role {@code *} is any authenticated user.
 *
 * <p>For a destination, the most specific matching line decides alone (an exact name beats
 * wildcards, a longer literal prefix a shorter one, {@code *} beats {@code >}; see
 * {@link DestinationPattern}): a right it does not name is refused even if a less specific line
 * would give it, and a destination no line matches is refused everything. A right is granted
 * when one of the user's roles, or {@code *}, is listed for it on that line.
 *
 * <p>Temporary destinations ({@link DestinationName#TEMPORARY_PREFIX}) belong to the
 * connection that created them, which the engine already enforces (only it consumes from
 * them); any authenticated user may create, consume from, browse and delete its own, and send
 * to any of them, so that request/reply works without a line for them. Managing them follows
 * the lines like any destination.
 */
public final class AccessPolicy {

    private static final AccessPolicy ALLOW_ALL = new AccessPolicy(null);

    /** Most specific first; null without a file. */
    private final List<AccessRule> rules;

    private AccessPolicy(List<AccessRule> rules) {
        this.rules = rules;
    }

    /** Every authenticated user has every right: the policy without a file. */
    public static AccessPolicy allowAll() {
        return ALLOW_ALL;
    }

    /** The policy of a broker: its {@code access} file, or {@link #allowAll()} without one. */
    public static AccessPolicy forBroker(BrokerConfig config) {
        return config.accessFile() == null ? allowAll() : fromFile(config.accessFile());
    }

    /**
     * Reads the file; a missing or unreadable file, or a wrong line, fails start-up naming the
     * file, the line, its key and what is expected.
     *
     * @throws io.cairnmq.engine.api.EngineConfigException for a file that cannot be used
     */
    public static AccessPolicy fromFile(Path path) {
        SecurityFile file = SecurityFile.read("access", path);
        List<AccessRule> rules = new ArrayList<>();
        for (SecurityFile.Entry entry : file.entries()) {
            try {
                rules.add(AccessRule.parse(DestinationPattern.parse(entry.key()), entry.value()));
            } catch (IllegalArgumentException e) {
                throw file.error(entry, e.getMessage());
            }
        }
        rules.sort(Comparator.comparing(AccessRule::pattern));
        return new AccessPolicy(List.copyOf(rules));
    }

    /** Whether the user may do this; see the class comment for the rules. */
    public boolean allows(String user, Set<String> roles, Right right, DestinationName destination) {
        return refusal(user, roles, right, destination) == null;
    }

    /**
     * Refuses what the user may not do.
     *
     * @param user  the authenticated user
     * @param roles that user's roles
     * @throws AccessDeniedException naming the user, the right and the destination, and why
     */
    public void check(String user, Set<String> roles, Right right, DestinationName destination) {
        String refusal = refusal(user, roles, right, destination);
        if (refusal != null) {
            throw new AccessDeniedException("User '" + user + "' may not " + right.phrase() + " "
                    + destination.qualified() + " (" + refusal + ")");
        }
    }

    /** Why the right is refused; null when it is granted. */
    private String refusal(String user, Set<String> roles, Right right, DestinationName destination) {
        Objects.requireNonNull(user, "user");
        Objects.requireNonNull(roles, "roles");
        Objects.requireNonNull(right, "right");
        if (rules == null || (destination.isTemporary() && right != Right.MANAGE)) {
            return null;
        }
        for (AccessRule rule : rules) {
            if (rule.pattern().matches(destination)) {
                if (rule.grants(right, roles)) {
                    return null;
                }
                Set<String> granted = rule.roles().get(right);
                return rule.pattern() + " gives " + right.key() + " to "
                        + (granted == null ? "no role" : "the roles " + new TreeSet<>(granted) + " only")
                        + "; " + user + " has " + (roles.isEmpty() ? "no role" : "the roles " + new TreeSet<>(roles));
            }
        }
        return "no line of the access file matches " + destination.qualified();
    }
}
