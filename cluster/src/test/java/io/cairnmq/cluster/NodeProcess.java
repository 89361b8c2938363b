package io.cairnmq.cluster;

import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A broker node run as an operator runs it, for tests: a {@code node.properties} in a directory
 * of its own and {@code java -jar cairnmq-node.jar node.properties} started there. Its output goes
 * to {@code NAME.log} in that directory and to the test's output, each line after the node's name.
 *
 * <p>The jar is the one the build packaged: the system property {@value #JAR_PROPERTY} (the
 * failsafe configuration of a module sets it), else {@code target/cairnmq-node.jar} or
 * {@code ../cluster/target/cairnmq-node.jar} from the module's directory.
 *
 * <p>{@link #close()} kills the process whatever state it is in; use it in a finally block or an
 * {@code @AfterEach} so that no node outlives its test.
 */
public final class NodeProcess implements AutoCloseable {

    public static final String JAR_PROPERTY = "cairnmq.node.jar";
    /** A node may wait several seconds for the members it was told to join. */
    public static final Duration START_TIMEOUT = Duration.ofSeconds(60);

    private static final Pattern READY = Pattern.compile("READY CairnMQ node \\S+(.*)");
    private static final Pattern CLIENTS = Pattern.compile("(?:^| )clients=(\\S+):(\\d+)(?: |$)");
    /** Small heaps and the quick compiler: several nodes share the test machine and live seconds. */
    private static final List<String> JVM_OPTIONS = List.of("-Xmx256m", "-XX:+UseSerialGC",
            "-XX:TieredStopAtLevel=1");

    private final String name;
    private final Path directory;
    private final NodeOutput output;
    private Process process;
    private CompletableFuture<String> ready;
    private List<Thread> pumps = List.of();

    private NodeProcess(String name, Path directory, NodeOutput output) {
        this.name = name;
        this.directory = directory;
        this.output = output;
    }

    /**
     * Writes {@code node.properties} into {@code directory} and starts the node there, without
     * waiting for it to be ready. The properties need {@code name}; unless given, the node binds
     * to 127.0.0.1, keeps its data in {@code directory/data} and takes clients on a free port of
     * 127.0.0.1.
     */
    public static NodeProcess launch(Path directory, Map<String, String> properties) throws IOException {
        String name = properties.get("name");
        if (name == null) {
            throw new IllegalArgumentException("A node needs name=... in " + properties);
        }
        Map<String, String> all = new LinkedHashMap<>();
        all.put("bind", "127.0.0.1");
        all.put("dataDir", directory.resolve("data").toString());
        all.put("clientHost", "127.0.0.1");
        all.put("clientPort", "0");
        all.putAll(properties);
        Files.createDirectories(directory);
        Files.writeString(directory.resolve("node.properties"), propertiesText(all));
        NodeProcess node = new NodeProcess(name, directory, new NodeOutput(name, directory.resolve(name + ".log")));
        node.startProcess();
        return node;
    }

    /** Launches the node and waits until it is ready. */
    public static NodeProcess start(Path directory, Map<String, String> properties) throws IOException {
        NodeProcess node = launch(directory, properties);
        try {
            node.awaitReady(START_TIMEOUT);
        } catch (RuntimeException | Error e) {
            node.close();
            throw e;
        }
        return node;
    }

    /** Waits for its READY line and returns it; fails at once if it exits first. */
    public String awaitReady(Duration atMost) {
        try {
            return ready.get(atMost.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            throw new AssertionError(name + " is not ready after " + atMost.toSeconds() + " s" + report(), e);
        } catch (ExecutionException e) {
            throw new AssertionError(e.getCause().getMessage() + report(), e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("Interrupted waiting for " + name, e);
        }
    }

    /** Where clients connect, as its READY line says; empty when the node runs no client listener. */
    public Optional<InetSocketAddress> clientAddress() {
        Matcher clients = CLIENTS.matcher(awaitReady(Duration.ZERO));
        return clients.find()
                ? Optional.of(new InetSocketAddress(clients.group(1), Integer.parseInt(clients.group(2))))
                : Optional.empty();
    }

    public String name() {
        return name;
    }

    public long pid() {
        return process.pid();
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    /**
     * Asks it to leave, as {@code kill PID} does (SIGTERM on Linux and macOS). Through its
     * ProcessHandle: Process.destroy would also close the pipes of its output, and so lose what
     * it prints while it leaves.
     */
    public void sigterm() {
        process.toHandle().destroy();
    }

    /** Kills it at once, as {@code kill -9 PID} does; what it printed before is kept. */
    public void sigkill() {
        process.toHandle().destroyForcibly();
    }

    /** Freezes it ({@code kill -STOP}): to the other members it is a member that stopped answering. */
    public void freeze() {
        signal("STOP");
    }

    /** Lets a frozen node run again ({@code kill -CONT}). */
    public void thaw() {
        signal("CONT");
    }

    /** Waits for it to end and returns its exit status; fails, with what it printed, if it runs longer. */
    public int awaitExit(Duration atMost) throws InterruptedException {
        if (!process.waitFor(atMost.toMillis(), TimeUnit.MILLISECONDS)) {
            throw new AssertionError(name + " still runs after " + atMost.toSeconds() + " s" + report());
        }
        joinPumps();
        return process.exitValue();
    }

    /** Starts it again, once it has exited, with the same properties and data directory; waits until ready. */
    public void restart() {
        if (process.isAlive()) {
            throw new IllegalStateException(name + " still runs (pid " + pid() + ")");
        }
        joinPumps();
        startProcess();
        awaitReady(START_TIMEOUT);
    }

    /** Its standard output so far, line by line. */
    public List<String> stdout() {
        return output.stdout();
    }

    /** Its standard error so far (its log). */
    public String stderr() {
        return output.stderr();
    }

    /** Where it runs and what it printed, for a failure message. */
    public String report() {
        return "\n--- " + name + " in " + directory + " (log " + name + ".log)\n--- stdout:\n"
                + String.join("\n", stdout()) + "\n--- stderr:\n" + stderr();
    }

    /** Kills it if it still runs and waits (bounded) until it is gone. */
    @Override
    public void close() {
        try {
            if (process != null) {
                sigkill();
                process.waitFor(30, TimeUnit.SECONDS);
                joinPumps();
            }
            output.close();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void startProcess() {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(JVM_OPTIONS);
        command.addAll(List.of("-jar", jar().toString(), "node.properties"));
        try {
            process = new ProcessBuilder(command).directory(directory.toFile()).start();
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot start " + name + ": " + command, e);
        }
        // Nothing is typed into it: an open pipe would only hold a descriptor.
        try {
            process.getOutputStream().close();
        } catch (IOException ignored) {
            // Closing a pipe nobody reads from cannot lose anything.
        }
        CompletableFuture<String> started = new CompletableFuture<>();
        ready = started;
        Process running = process;
        pumps = List.of(
                output.pumpStdout(process.getInputStream(), line -> {
                    if (READY.matcher(line).matches()) {
                        started.complete(line);
                    }
                }, () -> started.completeExceptionally(new IllegalStateException(name + " exited with status "
                        + running.onExit().join().exitValue() + " before it was ready"))),
                output.pumpStderr(process.getErrorStream()));
    }

    private void joinPumps() {
        for (Thread pump : pumps) {
            try {
                // Its process has ended, so the pipe is at its end: this is quick.
                pump.join(10_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    private void signal(String signal) {
        try {
            Process kill = new ProcessBuilder("kill", "-" + signal, String.valueOf(pid())).inheritIO().start();
            if (!kill.waitFor(10, TimeUnit.SECONDS) || kill.exitValue() != 0) {
                throw new IllegalStateException("kill -" + signal + " " + pid() + " failed");
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted signalling " + name, e);
        }
    }

    private static Path jar() {
        String configured = System.getProperty(JAR_PROPERTY);
        List<Path> candidates = configured != null ? List.of(Path.of(configured))
                : List.of(Path.of("target", "cairnmq-node.jar"), Path.of("..", "cluster", "target", "cairnmq-node.jar"));
        return candidates.stream().filter(Files::isRegularFile).findFirst().map(Path::toAbsolutePath)
                .orElseThrow(() -> new IllegalStateException("No node jar at " + candidates
                        + ": package the cluster module first (or set -D" + JAR_PROPERTY + "=...)"));
    }

    private static String propertiesText(Map<String, String> properties) {
        Properties file = new Properties();
        file.putAll(properties);
        StringWriter text = new StringWriter();
        try {
            file.store(text, null);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return text.toString();
    }
}
