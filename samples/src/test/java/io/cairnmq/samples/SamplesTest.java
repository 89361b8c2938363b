package io.cairnmq.samples;

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

/**
 * Every sample runs to its end against an embedded broker; the legacy application does so with
 * nothing but its JNDI environment ({@code jndi.properties} of the test class path).
 */
@Timeout(60)
class SamplesTest {

    @AfterAll
    static void stopBroker() throws IOException {
        Engines.shutdown("samples-test");
        Path data = Path.of("target/samples-test-data");
        if (Files.exists(data)) {
            try (Stream<Path> files = Files.walk(data)) {
                files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    @Test
    void helloSendsAndReceives() throws Exception {
        assertTrue(run("hello").contains("received: order 10"));
    }

    @Test
    void listenerReceivesEverything() throws Exception {
        assertTrue(run("listener", "--count", "20").contains("listener received 20 messages"));
    }

    @Test
    void requestReplyMatchesEveryReply() throws Exception {
        assertTrue(run("request-reply", "--count", "3").contains("requester got 3 replies"));
    }

    @Test
    void simplifiedApiReceivesBodies() throws Exception {
        assertTrue(run("simplified", "--count", "2").contains("receiveBody: simplified 2"));
    }

    @Test
    void legacyApplicationRunsOnItsJndiPropertiesAlone() throws Exception {
        assertTrue(run("legacy").contains("legacy app processed <order id='3'/> for legacy-3"));
    }

    @Test
    void pubSubDeliversToEverySubscriberItsSelectorAccepts() throws Exception {
        assertTrue(run("pubsub", "--count", "6").contains("subscribers got 6 and 4 prices"));
    }

    @Test
    void durableSubscriberCatchesUp() throws Exception {
        assertTrue(run("durable", "--count", "3").contains("durable subscriber caught up on 3 messages"));
    }

    @Test
    void producerThenConsumer() throws Exception {
        assertTrue(run("producer", "--count", "4").contains("sent 4 messages"));
        assertTrue(run("consumer", "--count", "4", "--idle-seconds", "5").contains("received 4 messages"));
    }

    /** Runs a sample through the launcher and returns what it printed. */
    private static synchronized String run(String... args) throws Exception {
        PrintStream original = System.out;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
        try {
            Samples.main(args);
        } finally {
            System.setOut(original);
        }
        String output = captured.toString(StandardCharsets.UTF_8);
        original.print(output);
        return output;
    }
}
