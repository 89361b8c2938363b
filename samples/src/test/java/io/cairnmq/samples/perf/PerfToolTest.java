package io.cairnmq.samples.perf;

import io.cairnmq.engine.api.Engines;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertTrue;

/** The benchmark tools run to their end and count every delivery (their figures are not checked here). */
@Timeout(120)
class PerfToolTest {

    private static final String URL = "vm://perf-test?dataDir=target/perf-test-data";

    @AfterAll
    static void stopBroker() throws IOException {
        Engines.shutdown("perf-test");
        Path data = Path.of("target/perf-test-data");
        if (Files.exists(data)) {
            try (Stream<Path> files = Files.walk(data)) {
                files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    @Test
    void topicFanOutCountsEveryDelivery() throws Exception {
        String out = run(() -> PerfTool.main(new String[] {"--url", URL, "--topic", "fan", "--consumers", "4",
                "--count", "2000", "--warmup", "0"}));
        assertTrue(out.contains("result: 8,000 deliveries"), out);
    }

    @Test
    void aBacklogIsProducedFirstThenDrained() throws Exception {
        String out = run(() -> PerfTool.main(new String[] {"--url", URL, "--queue", "backlog", "--backlog",
                "--persistent", "--tx", "100", "--count", "3000", "--warmup", "0"}));
        assertTrue(out.contains("backlog: produced 3,000 in"), out);
        assertTrue(out.contains("drained 3,000 in"), out);
        assertTrue(out.contains("result: 3,000 msgs"), out);
    }

    @Test
    void selectorBenchReceivesEveryMatch() throws Exception {
        String out = run(() -> SelectorBench.main(new String[] {"--url", URL, "--backlog", "2000", "--match", "1",
                "--size", "16"}));
        assertTrue(out.contains("result: all 20 matching messages received"), out);
        assertTrue(out.contains("the other 1,980 messages drained"), out);
    }

    private interface Main {
        void run() throws Exception;
    }

    private static synchronized String run(Main main) throws Exception {
        PrintStream original = System.out;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
        try {
            main.run();
        } finally {
            System.setOut(original);
        }
        String output = captured.toString(StandardCharsets.UTF_8);
        original.print(output);
        return output;
    }
}
