package io.cairnmq.cluster;

import io.cairnmq.engine.security.PasswordHash;
import io.cairnmq.engine.security.UserStore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The command that prints a user's lines for the user store, run with its password piped in. */
@Timeout(60)
class PasswordCommandTest {

    @TempDir
    Path dir;

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    @Test
    void theLinePrintedForAUserIsAcceptedByTheUserStore() throws IOException {
        assertEquals(0, run("s3cret pass\n", "alice"));

        List<String> lines = printed();
        assertEquals(1, lines.size(), lines.toString());
        String[] line = lines.get(0).split(" = ", 2);
        assertEquals("alice", line[0]);
        PasswordHash hash = PasswordHash.parse(line[1]);
        assertTrue(hash.verify("s3cret pass".toCharArray()));
        assertEquals(PasswordHash.DEFAULT_ITERATIONS, hash.iterations());
        UserStore store = UserStore.fromFile(Files.write(dir.resolve("users"), lines), null);
        assertEquals("alice", store.authenticate("alice", "s3cret pass"));
        assertEquals("", err.toString(StandardCharsets.UTF_8), "nothing but the lines is printed");
    }

    @Test
    void rolesGivenAfterTheUserArePrintedAsItsRolesLine() throws IOException {
        assertEquals(0, run("s3cret\n", "bob", "app,admin"));

        List<String> lines = printed();
        assertEquals(2, lines.size(), lines.toString());
        assertEquals("bob.roles = app,admin", lines.get(1));
        UserStore store = UserStore.fromFile(Files.write(dir.resolve("users"), lines), null);
        assertEquals("bob", store.authenticate("bob", "s3cret"));
        assertEquals(Set.of("app", "admin"), store.roles("bob"));
    }

    @Test
    void wrongArgumentsPrintTheUsageAndNoLine() {
        assertEquals(2, run("s3cret\n"));
        assertEquals(2, run("s3cret\n", "a", "b", "c"));
        assertEquals(2, run("s3cret\n", "x=y"));
        assertEquals(2, run("s3cret\n", "carol", "app,,admin"));

        assertEquals(List.of(), printed());
        assertTrue(err.toString(StandardCharsets.UTF_8).contains(PasswordCommand.USAGE));
        assertTrue(err.toString(StandardCharsets.UTF_8).contains("'x=y' cannot be a user name"));
    }

    @Test
    void noPasswordOrAnEmptyOneIsRefused() {
        assertEquals(1, run("", "alice"));
        assertEquals(1, run("\n", "alice"));

        assertEquals(List.of(), printed());
        assertTrue(err.toString(StandardCharsets.UTF_8).contains("No password on standard input"));
        assertTrue(err.toString(StandardCharsets.UTF_8).contains("empty password"));
    }

    private int run(String input, String... args) {
        return PasswordCommand.run(args, null, new ByteArrayInputStream(input.getBytes(StandardCharsets.UTF_8)),
                new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    private List<String> printed() {
        return out.toString(StandardCharsets.UTF_8).lines().toList();
    }
}
