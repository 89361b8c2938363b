package io.cairnmq.tck.durability;

import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * A {@link CrashClient} in a JVM of its own, with this JVM's class path and module options:
 * read its output line by line, and kill it with SIGKILL whenever a line says so.
 */
final class ChildJvm implements AutoCloseable {

    private final Process process;
    private final BufferedReader output;
    private final List<String> lines = new ArrayList<>();

    ChildJvm(String... args) throws IOException {
        this("256m", List.of(args));
    }

    /** A child with the given maximum heap ({@code -Xmx}). */
    static ChildJvm withHeap(String heap, String... args) throws IOException {
        return new ChildJvm(heap, List.of(args));
    }

    private ChildJvm(String heap, List<String> args) throws IOException {
        List<String> command = new ArrayList<>();
        command.add(System.getProperty("java.home") + File.separator + "bin" + File.separator + "java");
        for (String option : ManagementFactory.getRuntimeMXBean().getInputArguments()) {
            if (option.startsWith("--add-")) {
                command.add(option);
            }
        }
        command.add("-Xmx" + heap);
        command.add("-XX:+ExitOnOutOfMemoryError");
        command.add("-Dorg.slf4j.simpleLogger.defaultLogLevel=warn");
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add(CrashClient.class.getName());
        command.addAll(args);
        process = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT).start();
        output = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
    }

    /**
     * Reads lines until one matches {@code killAt} (then kills the JVM with SIGKILL) or the
     * output ends; returns every line the JVM wrote, including those it wrote after the line
     * that decided the kill and before it died: each says a step was confirmed.
     */
    List<String> runUntil(Predicate<String> killAt) throws IOException, InterruptedException {
        String line;
        boolean killed = false;
        while ((line = output.readLine()) != null) {
            lines.add(line);
            if (!killed && killAt.test(line)) {
                // SIGKILL through the process handle: unlike Process.destroyForcibly it leaves the
                // output open, so that what the JVM wrote before it died can still be read.
                process.toHandle().destroyForcibly();
                killed = true;
            }
        }
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new IllegalStateException("the child JVM did not end: " + lines);
        }
        return lines;
    }

    /** Runs to the end of its output. */
    List<String> runToEnd() throws IOException, InterruptedException {
        List<String> all = runUntil(line -> false);
        if (all.isEmpty() || !all.get(all.size() - 1).equals("END")) {
            throw new IllegalStateException("the child JVM did not finish its work (exit " + process.exitValue()
                    + "): " + (all.size() > 20 ? all.subList(all.size() - 20, all.size()) : all));
        }
        return all;
    }

    @Override
    public void close() {
        process.destroyForcibly();
    }
}
