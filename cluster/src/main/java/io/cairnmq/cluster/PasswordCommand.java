package io.cairnmq.cluster;

import io.cairnmq.engine.security.PasswordHash;
import io.cairnmq.engine.security.UserStore;

import java.io.BufferedReader;
import java.io.Console;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;

/**
 * {@code java -jar cairnmq-node.jar hash-password USER [ROLE,ROLE...]}: prints the lines that give
 * USER a password, and roles, in the user store ({@code users=FILE}, see {@link UserStore}), to
 * be pasted there. The password is read from the console without echo, twice to catch a typing
 * mistake; without a console (input piped by a script), from the first line of standard input.
 * Only the lines go to standard output, so that a script can append them to the file.
 */
public final class PasswordCommand {

    static final String USAGE = "usage: java -jar cairnmq-node.jar hash-password USER [ROLE,ROLE...]";

    private PasswordCommand() {
    }

    public static void main(String[] args) {
        int status = run(args, System.console(), System.in, System.out, System.err);
        if (status != 0) {
            System.exit(status);
        }
    }

    /**
     * Runs the command.
     *
     * @param console the console to ask on; null to read standard input
     * @return the exit status: 0 when the lines were printed, 1 without a usable password, 2 for
     *         wrong arguments
     */
    static int run(String[] args, Console console, InputStream in, PrintStream out, PrintStream err) {
        if (args.length < 1 || args.length > 2) {
            err.println(USAGE);
            return 2;
        }
        String user = args[0];
        List<String> roles = args.length == 2 ? Arrays.asList(args[1].split(",", -1)) : List.of();
        try {
            UserStore.checkNames(user, roles);
        } catch (IllegalArgumentException e) {
            err.println(e.getMessage());
            err.println(USAGE);
            return 2;
        }
        char[] password = console != null ? fromConsole(console, user, err) : fromInput(in, err);
        if (password == null) {
            return 1;
        }
        try {
            if (password.length == 0) {
                err.println("An empty password is no password; give one");
                return 1;
            }
            UserStore.fileLines(user, PasswordHash.of(password), roles).forEach(out::println);
            out.flush();
            return 0;
        } finally {
            Arrays.fill(password, '\0');
        }
    }

    private static char[] fromConsole(Console console, String user, PrintStream err) {
        char[] first = console.readPassword("Password for %s: ", user);
        char[] again = first == null ? null : console.readPassword("The same again: ");
        if (first == null || again == null) {
            err.println("No password was given");
            return null;
        }
        boolean same = Arrays.equals(first, again);
        Arrays.fill(again, '\0');
        if (!same) {
            Arrays.fill(first, '\0');
            err.println("The two passwords differ; nothing was printed");
            return null;
        }
        return first;
    }

    private static char[] fromInput(InputStream in, PrintStream err) {
        try {
            String line = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8)).readLine();
            if (line == null) {
                err.println("No password on standard input: pipe it in, or run the command in a terminal");
                return null;
            }
            return line.toCharArray();
        } catch (IOException e) {
            err.println("Cannot read the password from standard input: " + e);
            return null;
        }
    }
}
