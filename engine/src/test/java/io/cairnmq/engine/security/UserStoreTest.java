package io.cairnmq.engine.security;

import io.cairnmq.engine.api.AuthenticationFailedException;
import io.cairnmq.engine.api.EngineConfigException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.function.Supplier;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

@Timeout(60)
class UserStoreTest {

    /** Few iterations: these tests are about the file, not about the cost of a guess. */
    private static final int FAST = 1_000;

    @TempDir
    Path dir;

    @Test
    void aUserWithItsPasswordIsAcceptedAndGetsItsRoles() throws IOException {
        UserStore store = store("alice = " + hash("s3cret"), "alice.roles = app, admin", "bob = " + hash("hunter2"));

        assertEquals("alice", store.authenticate("alice", "s3cret"));
        assertEquals("bob", store.authenticate("bob", "hunter2"));
        assertEquals(Set.of("app", "admin"), store.roles("alice"));
        assertEquals(Set.of(), store.roles("bob"), "a user without a roles line has none");
        assertTrue(store.requiresCredentials());
    }

    @Test
    void aWrongPasswordAndAnUnknownUserAreRefusedAlike() throws IOException {
        UserStore store = store("alice = " + hash("s3cret"));

        AuthenticationFailedException wrong = assertThrows(AuthenticationFailedException.class,
                () -> store.authenticate("alice", "guess"));
        AuthenticationFailedException unknown = assertThrows(AuthenticationFailedException.class,
                () -> store.authenticate("mallory", "s3cret"));

        assertFalse(wrong.getMessage().contains("guess"), "a password never appears in a message");
        assertEquals(wrong.getMessage().replace("alice", "USER"), unknown.getMessage().replace("mallory", "USER"));
        assertThrows(AuthenticationFailedException.class, () -> store.authenticate("alice", null));
        assertThrows(AuthenticationFailedException.class, () -> store.authenticate(null, null),
                "no anonymous user is configured");
        assertEquals(Set.of(), store.roles("mallory"));
    }

    /**
     * Without a hash for unknown users, their refusal would take no time at all against the
     * 20 ms or so of a wrong password; half of it is a bound the noise of a busy machine stays
     * clear of.
     */
    @Test
    void anUnknownUserCostsAsMuchAsAWrongPassword() throws IOException {
        UserStore store = store("alice = " + PasswordHash.of("s3cret".toCharArray()).encoded());

        long wrongPassword = medianNanos(() -> refusal(store, "alice"));
        long unknownUser = medianNanos(() -> refusal(store, "mallory"));

        assertTrue(unknownUser > wrongPassword / 2, "unknown user " + unknownUser / 1_000_000 + " ms, wrong password "
                + wrongPassword / 1_000_000 + " ms");
    }

    @Test
    void theAnonymousUserMayHaveRolesWithoutAPassword() throws IOException {
        UserStore store = UserStore.fromFile(file("alice = " + hash("s3cret"), "guest.roles = reader"), "guest");

        assertEquals("guest", store.authenticate(null, null));
        assertEquals(Set.of("reader"), store.roles("guest"));
        assertThrows(AuthenticationFailedException.class, () -> store.authenticate("guest", ""),
                "the anonymous user is for connections without credentials only");
    }

    @Test
    void aPlainTextPasswordFailsStartUpNamingTheFileTheUserAndTheCommand() throws IOException {
        Path file = file("# users", "alice = " + hash("s3cret"), "bob=hunter2");

        EngineConfigException e = assertThrows(EngineConfigException.class, () -> UserStore.fromFile(file, null));

        assertTrue(e.getMessage().contains(file.toAbsolutePath().toString()), e.getMessage());
        assertTrue(e.getMessage().contains("line 3"), e.getMessage());
        assertTrue(e.getMessage().contains("'bob'") && e.getMessage().contains("plain text"), e.getMessage());
        assertTrue(e.getMessage().contains("hash-password bob"), e.getMessage());
        assertFalse(e.getMessage().contains("hunter2"), "a password never appears in a message");
    }

    @Test
    void aWrongLineFailsStartUpSayingWhatIsWrong() throws IOException {
        assertRefused("damaged (", "alice = pbkdf2-sha256:1000:abc");
        assertRefused("who has no password line", "alice = " + hash("s3cret"), "bob.roles = app");
        assertRefused("not a role name", "alice = " + hash("s3cret"), "alice.roles = app, ad min");
        assertRefused("'*' is not a role name", "alice = " + hash("s3cret"), "alice.roles = *");
        assertRefused("already given on line 1", "alice = " + hash("s3cret"), "alice = " + hash("other"));
        assertRefused("expected KEY = VALUE", "alice " + hash("s3cret"));
        assertRefused("cannot be a user name", "al ice = " + hash("s3cret"));
    }

    @Test
    void aMissingFileFailsStartUpNamingIt() {
        Path missing = dir.resolve("missing.properties");

        EngineConfigException e = assertThrows(EngineConfigException.class, () -> UserStore.fromFile(missing, null));

        assertTrue(e.getMessage().contains("users=" + missing.toAbsolutePath()), e.getMessage());
    }

    @Test
    void theLinesItWritesForAUserAreTheLinesItReads() throws IOException {
        PasswordHash hash = PasswordHash.of("s3cret".toCharArray(), FAST);
        List<String> lines = UserStore.fileLines("carol", hash, List.of("app", "ops"));

        UserStore store = UserStore.fromFile(file(lines.toArray(String[]::new)), null);

        assertEquals("carol", store.authenticate("carol", "s3cret"));
        assertEquals(Set.of("app", "ops"), store.roles("carol"));
        assertEquals(List.of("dave = " + hash.encoded()), UserStore.fileLines("dave", hash, List.of()));
        assertThrows(IllegalArgumentException.class, () -> UserStore.fileLines("x=y", hash, List.of()));
        assertThrows(IllegalArgumentException.class, () -> UserStore.fileLines("eve", hash, List.of("a b")));
    }

    @Test
    void withoutAFileEveryConnectionIsAcceptedAndHasNoRoles() {
        UserStore open = UserStore.open();

        assertFalse(open.requiresCredentials());
        assertEquals("anyone", open.authenticate("anyone", "anything"));
        assertNull(open.authenticate(null, null));
        assertEquals(Set.of(), open.roles("anyone"));
    }

    private void assertRefused(String expected, String... lines) throws IOException {
        Path file = file(lines);
        EngineConfigException e = assertThrows(EngineConfigException.class, () -> UserStore.fromFile(file, null));
        assertTrue(e.getMessage().contains(expected), e.getMessage());
        assertTrue(e.getMessage().contains(file.toAbsolutePath().toString()), e.getMessage());
    }

    private UserStore store(String... lines) throws IOException {
        return UserStore.fromFile(file(lines), null);
    }

    private Path file(String... lines) throws IOException {
        Path file = Files.createTempFile(dir, "users", ".properties");
        Files.write(file, Arrays.asList(lines));
        return file;
    }

    private static String hash(String password) {
        return PasswordHash.of(password.toCharArray(), FAST).encoded();
    }

    private static AuthenticationFailedException refusal(UserStore store, String user) {
        return assertThrows(AuthenticationFailedException.class, () -> store.authenticate(user, "guess"));
    }

    /** The median time of seven refusals, after three that warm the code up. */
    private static long medianNanos(Supplier<?> refusal) {
        long[] times = new long[7];
        for (int i = -3; i < times.length; i++) {
            long start = System.nanoTime();
            refusal.get();
            if (i >= 0) {
                times[i] = System.nanoTime() - start;
            }
        }
        Arrays.sort(times);
        return times[times.length / 2];
    }
}
