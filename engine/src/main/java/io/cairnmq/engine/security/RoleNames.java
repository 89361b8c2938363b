package io.cairnmq.engine.security;

import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.Set;

/** A comma-separated list of role names, as both security files write it. */
final class RoleNames {

    /** In the access file: any authenticated user, whatever its roles. */
    static final String ANY = "*";

    private RoleNames() {
    }

    /**
     * The roles of a list; blanks around names are ignored.
     *
     * @param anyAllowed whether {@link #ANY} may appear (in the access file, not among a user's roles)
     * @throws IllegalArgumentException naming the bad name
     */
    static Set<String> parse(String list, boolean anyAllowed) {
        Set<String> roles = new LinkedHashSet<>();
        for (String raw : list.split(",", -1)) {
            String role = raw.strip();
            if (role.isEmpty()) {
                throw new IllegalArgumentException("expected role names separated by commas, found an empty one in '"
                        + list + "'");
            }
            if (role.equals(ANY) && !anyAllowed) {
                throw new IllegalArgumentException("'" + ANY + "' is not a role name (in the access file it means"
                        + " any authenticated user)");
            }
            if (!role.equals(ANY) && !valid(role)) {
                throw new IllegalArgumentException("'" + role + "' is not a role name: use letters, digits, '-', '_'"
                        + " and '.'");
            }
            roles.add(role);
        }
        return Set.copyOf(roles);
    }

    /** Writes roles back as a list {@link #parse} reads. */
    static String format(Collection<String> roles) {
        return String.join(",", roles);
    }

    /** Whether a name is fit to be a role: nothing a list or a file line would read differently. */
    private static boolean valid(String name) {
        return name.chars().allMatch(c -> Character.isLetterOrDigit(c) || c == '-' || c == '_' || c == '.');
    }
}
