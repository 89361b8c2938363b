package io.cairnmq.engine.security;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;

/**
 * The contents of a user store file (the format is described on {@link UserStore}), checked line
 * by line: every mistake fails start-up naming the file, the line and the user.
 *
 * @param passwords the hashed password of each user
 * @param roles     the roles of the users that have a roles line
 */
record UserFile(Map<String, PasswordHash> passwords, Map<String, Set<String>> roles) {

    /** The command an operator runs to get the line of a user, named wherever a line is wrong. */
    static String hashCommand(String user) {
        return "java -jar cairnmq-node.jar hash-password " + user;
    }

    static UserFile read(Path path, String anonymousUser) {
        SecurityFile file = SecurityFile.read("users", path);
        Map<String, PasswordHash> passwords = new HashMap<>();
        Map<String, SecurityFile.Entry> roleLines = new HashMap<>();
        for (SecurityFile.Entry entry : file.entries()) {
            String key = entry.key();
            String user = key.endsWith(UserStore.ROLES_SUFFIX)
                    ? key.substring(0, key.length() - UserStore.ROLES_SUFFIX.length()) : key;
            try {
                checkUserName(user);
            } catch (IllegalArgumentException e) {
                throw file.error(entry, e.getMessage());
            }
            if (user.equals(key)) {
                passwords.put(user, password(file, entry));
            } else {
                roleLines.put(user, entry);
            }
        }
        Map<String, Set<String>> roles = new HashMap<>();
        roleLines.forEach((user, entry) -> {
            if (!passwords.containsKey(user) && !user.equals(anonymousUser)) {
                throw file.error(entry, "roles for '" + user + "', who has no password line; add the line that `"
                        + hashCommand(user) + "` prints (only the anonymous user has roles without a password)");
            }
            try {
                roles.put(user, RoleNames.parse(entry.value(), false));
            } catch (IllegalArgumentException e) {
                throw file.error(entry, e.getMessage());
            }
        });
        return new UserFile(Map.copyOf(passwords), Map.copyOf(roles));
    }

    /**
     * Refuses a name that a line of the file would not read back as that user.
     *
     * @throws IllegalArgumentException saying why
     */
    static void checkUserName(String user) {
        if (user.isEmpty() || user.startsWith("#") || user.endsWith(UserStore.ROLES_SUFFIX)
                || user.chars().anyMatch(c -> c == '=' || Character.isWhitespace(c))) {
            throw new IllegalArgumentException("'" + user + "' cannot be a user name in the user store: a name has"
                    + " no blanks and no '=', does not start with '#' and does not end with " + UserStore.ROLES_SUFFIX);
        }
    }

    private static PasswordHash password(SecurityFile file, SecurityFile.Entry entry) {
        String user = entry.key();
        if (!PasswordHash.looksHashed(entry.value())) {
            // The password itself stays out of the message: it may be a real one.
            throw file.error(entry, "the password of user '" + user + "' is plain text; the file holds salted hashes"
                    + " only: replace the line with the one that `" + hashCommand(user) + "` prints");
        }
        try {
            return PasswordHash.parse(entry.value());
        } catch (IllegalArgumentException e) {
            throw file.error(entry, "the password hash of user '" + user + "' is damaged (" + e.getMessage()
                    + "); replace the line with the one that `" + hashCommand(user) + "` prints");
        }
    }
}
