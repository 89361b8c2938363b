package io.cairnmq.engine.security;

import io.cairnmq.engine.api.AuthenticationFailedException;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * Users, their salted password hashes and their roles, from the file of the broker option
 * {@code users=FILE}. Without a file every connection is accepted, with or without credentials;
 * with one, a connection without credentials is accepted only as the anonymous user, if one is
 * configured.
 *
 * <p>The file is plain text an operator edits, one {@code KEY = VALUE} per line; blank lines and
 * lines starting with {@code #} are ignored:
 * <pre>
 * # USER = the line `java -jar cairnmq-node.jar hash-password USER` prints
 * alice = pbkdf2-sha256:100000:q2v0...:Xc8f...
 * # USER.roles = ROLE, ROLE, ...  (optional; used by the access file)
 * alice.roles = app, admin
 * # the anonymous user (anonymousUser=guest) may have roles without a password
 * guest.roles = reader
 * </pre>
 * A password is stored only as a {@link PasswordHash}: a line holding plain text fails start-up,
 * naming the file, the user and the command that hashes it. A user name has no blanks and no
 * {@code =}, and does not end with {@code .roles}; a role name is letters, digits, {@code -},
 * {@code _} and {@code .}. A key given twice, or roles for a user without a password line, fail
 * start-up too.
 *
 * <p>Passwords never appear in a message or a log. An unknown user costs the same hash as a wrong
 * password, so that which user names exist cannot be learnt by timing the refusals.
 */
public final class UserStore {

    /** How the key of a roles line ends: {@code USER.roles}. */
    public static final String ROLES_SUFFIX = ".roles";

    private final Map<String, PasswordHash> passwords;
    private final Map<String, Set<String>> roles;
    private final PasswordHash unknownUser;
    private final String anonymousUser;

    private UserStore(Map<String, PasswordHash> passwords, Map<String, Set<String>> roles, String anonymousUser) {
        this.passwords = passwords;
        this.roles = roles;
        this.anonymousUser = anonymousUser;
        this.unknownUser = passwords == null ? null : decoy(passwords.values());
    }

    /**
     * The hash an unknown user's password is checked against: of a password nobody knows, and as
     * strong as the strongest stored hash, so that an unknown user is never the quicker refusal.
     */
    private static PasswordHash decoy(Collection<PasswordHash> stored) {
        int iterations = stored.stream().mapToInt(PasswordHash::iterations).max()
                .orElse(PasswordHash.DEFAULT_ITERATIONS);
        return PasswordHash.of(UUID.randomUUID().toString().toCharArray(), iterations);
    }

    /** A store that accepts every connection. */
    public static UserStore open() {
        return new UserStore(null, Map.of(), null);
    }

    /**
     * Reads the file; a missing or unreadable file, or any wrong line, fails start-up naming the
     * file and the line.
     *
     * @param anonymousUser the user that connections without credentials are accepted as; null
     *                      to refuse them
     * @throws io.cairnmq.engine.api.EngineConfigException for a file that cannot be used
     */
    public static UserStore fromFile(Path file, String anonymousUser) {
        UserFile users = UserFile.read(file, anonymousUser);
        return new UserStore(users.passwords(), users.roles(), anonymousUser);
    }

    /**
     * The lines that give a user this password hash and these roles in the file.
     *
     * @throws IllegalArgumentException when the user name or a role name cannot be written there
     */
    public static List<String> fileLines(String user, PasswordHash password, Collection<String> roles) {
        checkNames(user, roles);
        List<String> lines = new ArrayList<>();
        lines.add(user + " = " + password.encoded());
        if (!roles.isEmpty()) {
            lines.add(user + ROLES_SUFFIX + " = " + RoleNames.format(roles));
        }
        return lines;
    }

    /**
     * Refuses a user name or role names that the file cannot hold.
     *
     * @throws IllegalArgumentException naming the name and what a name may be
     */
    public static void checkNames(String user, Collection<String> roles) {
        UserFile.checkUserName(user);
        if (!roles.isEmpty()) {
            RoleNames.parse(RoleNames.format(roles), false);
        }
    }

    /** Whether connections must present a known user and its password. */
    public boolean requiresCredentials() {
        return passwords != null;
    }

    /**
     * Checks the credentials of a connection.
     *
     * @return the user the connection acts as: the one it named, the anonymous user for a
     *         connection without credentials, or null when the broker has no user store
     * @throws AuthenticationFailedException when a store is configured and they do not match
     */
    public String authenticate(String user, String password) {
        if (passwords == null) {
            return user;
        }
        if (user == null && password == null && anonymousUser != null) {
            return anonymousUser;
        }
        if (user == null || password == null) {
            throw new AuthenticationFailedException("This broker requires a user name and a password;"
                    + " use createConnection(user, password)");
        }
        PasswordHash stored = passwords.get(user);
        boolean matches = (stored == null ? unknownUser : stored).verify(password.toCharArray());
        if (stored == null || !matches) {
            throw new AuthenticationFailedException("Unknown user or wrong password for user '" + user + "'");
        }
        return user;
    }

    /** The roles of a user (the anonymous user included); none for a user without a roles line. */
    public Set<String> roles(String user) {
        return user == null ? Set.of() : roles.getOrDefault(user, Set.of());
    }
}
