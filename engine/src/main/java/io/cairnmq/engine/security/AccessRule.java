package io.cairnmq.engine.security;

import io.cairnmq.engine.api.DestinationPattern;

import java.util.EnumMap;
import java.util.Map;
import java.util.Set;

/**
 * One line of the access file: the destinations it is about and the roles each right is given
 * to there. A right it does not name is given to nobody on those destinations.
 *
 * @param pattern the destinations
 * @param roles   the roles of each right it names; {@code *} among them means any authenticated user
 */
record AccessRule(DestinationPattern pattern, Map<Right, Set<String>> roles) {

    AccessRule {
        roles = Map.copyOf(roles);
    }

    /**
     * Reads the value of a line: {@code RIGHT=ROLE,ROLE; RIGHT=ROLE; ...}.
     *
     * @throws IllegalArgumentException saying what is expected
     */
    static AccessRule parse(DestinationPattern pattern, String value) {
        Map<Right, Set<String>> roles = new EnumMap<>(Right.class);
        for (String part : value.split(";")) {
            if (part.isBlank()) {
                continue;
            }
            int equals = part.indexOf('=');
            if (equals < 0) {
                throw new IllegalArgumentException("expected RIGHT=ROLE,ROLE; RIGHT=ROLE ..., found '" + part.strip()
                        + "'");
            }
            Right right = Right.ofKey(part.substring(0, equals).strip());
            if (roles.put(right, RoleNames.parse(part.substring(equals + 1), true)) != null) {
                throw new IllegalArgumentException("the right " + right.key() + " is given twice");
            }
        }
        if (roles.isEmpty()) {
            throw new IllegalArgumentException("expected RIGHT=ROLE,ROLE; RIGHT=ROLE ... (rights: send, consume,"
                    + " browse, create, delete, manage)");
        }
        return new AccessRule(pattern, roles);
    }

    /** Whether a user with these roles has the right here. */
    boolean grants(Right right, Set<String> userRoles) {
        Set<String> granted = roles.getOrDefault(right, Set.of());
        return granted.contains(RoleNames.ANY) || granted.stream().anyMatch(userRoles::contains);
    }
}
