package io.cairnmq.engine.security;

import io.cairnmq.engine.api.AuthenticationFailedException;
import io.cairnmq.engine.api.EngineConfigException;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Users and passwords, from a properties file of {@code user=password} lines. Without a file
 * every connection is accepted, with or without credentials; with one, a connection without
 * credentials is accepted only as the anonymous user, if one is configured. Passwords are
 * compared in constant time and never appear in a message or a log.
 */
public final class UserStore {

    private final Map<String, byte[]> passwords;
    private final String anonymousUser;

    private UserStore(Map<String, byte[]> passwords, String anonymousUser) {
        this.passwords = passwords;
        this.anonymousUser = anonymousUser;
    }

    /** A store that accepts every connection. */
    public static UserStore open() {
        return new UserStore(null, null);
    }

    /**
     * Reads the file; a missing or unreadable file fails start-up, naming it.
     *
     * @param anonymousUser the user that connections without credentials are accepted as; null
     *                      to refuse them
     */
    public static UserStore fromFile(Path file, String anonymousUser) {
        Properties users = new Properties();
        try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            users.load(reader);
        } catch (IOException e) {
            throw new EngineConfigException("Cannot read the user store users=" + file.toAbsolutePath() + ": " + e, e);
        }
        Map<String, byte[]> passwords = new ConcurrentHashMap<>();
        users.stringPropertyNames().forEach(user ->
                passwords.put(user, users.getProperty(user).getBytes(StandardCharsets.UTF_8)));
        return new UserStore(passwords, anonymousUser);
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
        byte[] expected = passwords.get(user);
        byte[] given = password.getBytes(StandardCharsets.UTF_8);
        if (expected == null | !MessageDigest.isEqual(expected == null ? given : expected, given)) {
            throw new AuthenticationFailedException("Unknown user or wrong password for user '" + user + "'");
        }
        return user;
    }
}
