package io.cairnmq.samples;

import org.awaitility.core.ConditionTimeoutException;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.awaitility.Awaitility.await;

/**
 * A JVM started the way a user starts one from a shell ({@code java ARGS} in a working
 * directory), with the same {@code java} as this one. Its standard output and error go to files
 * in that directory, so that they outlive the test for whoever reads a failure.
 */
final class ChildJvm {

    /** How long a JVM asked to stop may take before it is killed. */
    private static final Duration STOP_GRACE = Duration.ofSeconds(15);

    private final String name;
    private final List<String> command;
    private final Path stdout;
    private final Path stderr;
    private final Process process;

    private ChildJvm(String name, List<String> command, Path stdout, Path stderr, Process process) {
        this.name = name;
        this.command = command;
        this.stdout = stdout;
        this.stderr = stderr;
        this.process = process;
    }

    static ChildJvm start(String name, Path workingDirectory, List<String> args) throws IOException {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(args);
        Path stdout = workingDirectory.resolve(name + ".out");
        Path stderr = workingDirectory.resolve(name + ".err");
        Process process = new ProcessBuilder(command)
                .directory(workingDirectory.toFile())
                .redirectOutput(stdout.toFile())
                .redirectError(stderr.toFile())
                .start();
        // Nothing is typed into it: an open pipe would only hold a descriptor.
        process.getOutputStream().close();
        return new ChildJvm(name, List.copyOf(command), stdout, stderr, process);
    }

    String stdout() {
        return read(stdout);
    }

    String stderr() {
        return read(stderr);
    }

    List<String> stdoutLines() {
        return stdout().lines().toList();
    }

    /** Waits until its standard output holds {@code text}; fails at once if it exits without printing it. */
    void awaitStdout(String text, Duration atMost) {
        awaitPrinted(stdout, text, atMost);
    }

    /** Waits until its standard error (where its log goes) holds {@code text}; fails at once if it exits first. */
    void awaitStderr(String text, Duration atMost) {
        awaitPrinted(stderr, text, atMost);
    }

    /** Waits for it to end and returns its exit status; fails, with what it printed, if it runs longer. */
    int awaitExit(Duration atMost) throws InterruptedException {
        if (!process.waitFor(atMost.toMillis(), TimeUnit.MILLISECONDS)) {
            throw new AssertionError(name + " still runs after " + atMost.toSeconds() + " s" + report());
        }
        return process.exitValue();
    }

    /** Asks it to stop: SIGTERM on Linux and macOS, as {@code kill PID} or a service manager sends. */
    void terminate() {
        process.destroy();
    }

    /** What it ran and what it printed, for a failure message. */
    String report() {
        return "\n--- " + name + ": " + String.join(" ", command)
                + "\n--- stdout (" + stdout + "):\n" + stdout()
                + "\n--- stderr (" + stderr + "):\n" + stderr();
    }

    /** Stops it if it still runs: politely first, then by force, so that no JVM outlives its test. */
    void stop() throws InterruptedException {
        if (!process.isAlive()) {
            return;
        }
        process.destroy();
        if (!process.waitFor(STOP_GRACE.toMillis(), TimeUnit.MILLISECONDS)) {
            process.destroyForcibly().waitFor(STOP_GRACE.toMillis(), TimeUnit.MILLISECONDS);
        }
    }

    private void awaitPrinted(Path file, String text, Duration atMost) {
        try {
            await(name + " prints '" + text + "'").atMost(atMost).pollInterval(Duration.ofMillis(100)).until(() -> {
                boolean exited = !process.isAlive();
                // Read after looking at the process: what a JVM printed before it exited is in the file by then.
                if (read(file).contains(text)) {
                    return true;
                }
                if (exited) {
                    throw new IllegalStateException(name + " exited with status " + process.exitValue()
                            + " without printing '" + text + "'" + report());
                }
                return false;
            });
        } catch (ConditionTimeoutException e) {
            throw new AssertionError(e.getMessage() + report(), e);
        }
    }

    private static String read(Path file) {
        try {
            // Not readString: a character half written when the file is read must not fail the read.
            return Files.exists(file) ? new String(Files.readAllBytes(file), StandardCharsets.UTF_8) : "";
        } catch (IOException e) {
            throw new IllegalStateException("Cannot read " + file + ": " + e, e);
        }
    }
}
