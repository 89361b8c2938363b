package io.cairnmq.cluster;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/**
 * What a node process prints: each line of its standard output and error goes to its log file,
 * to this JVM's output with the node's name in front (so that a test report shows which node said
 * what), and to the lines kept for assertions.
 */
final class NodeOutput implements AutoCloseable {

    private final String prefix;
    private final Writer log;
    private final List<String> stdout = new CopyOnWriteArrayList<>();
    private final List<String> stderr = new CopyOnWriteArrayList<>();

    NodeOutput(String name, Path logFile) throws IOException {
        this.prefix = "[" + name + "] ";
        // Appending: a restarted node's lines follow those of its first run.
        this.log = Files.newBufferedWriter(logFile, StandardCharsets.UTF_8,
                StandardOpenOption.CREATE, StandardOpenOption.APPEND);
    }

    /** Reads standard output on a thread of its own; {@code onLine} sees each line, {@code onEnd} the end. */
    Thread pumpStdout(InputStream in, Consumer<String> onLine, Runnable onEnd) {
        return pump(in, "out", line -> {
            stdout.add(line);
            onLine.accept(line);
        }, onEnd);
    }

    Thread pumpStderr(InputStream in) {
        return pump(in, "err", stderr::add, () -> { });
    }

    List<String> stdout() {
        return List.copyOf(stdout);
    }

    String stderr() {
        return String.join("\n", stderr);
    }

    private Thread pump(InputStream in, String stream, Consumer<String> keep, Runnable onEnd) {
        Thread thread = new Thread(() -> {
            try (BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
                for (String line = reader.readLine(); line != null; line = reader.readLine()) {
                    keep.accept(line);
                    write(line);
                    System.out.println(prefix + line);
                }
            } catch (IOException e) {
                // The process was killed while a line was read: what it printed before is kept.
                write("(" + stream + " ended: " + e + ")");
            } finally {
                onEnd.run();
            }
        }, prefix + stream);
        thread.setDaemon(true);
        thread.start();
        return thread;
    }

    private synchronized void write(String line) {
        try {
            log.write(line);
            log.write('\n');
            log.flush();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public synchronized void close() throws IOException {
        log.close();
    }
}
