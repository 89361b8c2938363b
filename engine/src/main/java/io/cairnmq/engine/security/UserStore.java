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
 * every connection is accepted, with or without credentials. Passwords are compared in
 * constant time and never appear in a message or a log.
 */
public final class UserStore {

    private final Map<String, byte[]> passwords;

    private UserStore(Map<String, byte[]> passwords) {
        this.passwords = passwords;
    }

    /** A store that accepts every connection. */
    public static UserStore open() {
        return new UserStore(null);
    }

    /** Reads the file; a missing or unreadable file fails start-up, naming it. */
    public static UserStore fromFile(Path file) {
        Properties users = new Properties();
        try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            users.load(reader);
        } catch (IOException e) {
            throw new EngineConfigException("Cannot read the user store users=" + file.toAbsolutePath() + ": " + e, e);
        }
        Map<String, byte[]> passwords = new ConcurrentHashMap<>();
        users.stringPropertyNames().forEach(user ->
                passwords.put(user, users.getProperty(user).getBytes(StandardCharsets.UTF_8)));
        return new UserStore(passwords);
    }

    /** Whether connections must present a known user and its password. */
    public boolean requiresCredentials() {
        return passwords != null;
    }

    /**
     * Checks the credentials of a connection.
     *
     * @throws AuthenticationFailedException when a store is configured and they do not match
     */
    public void authenticate(String user, String password) {
        if (passwords == null) {
            return;
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
    }
}
