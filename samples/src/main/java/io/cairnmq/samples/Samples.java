package io.cairnmq.samples;

import io.cairnmq.samples.perf.PerfTool;
import io.cairnmq.samples.perf.SelectorBench;

import java.util.Arrays;

/** {@code java -jar cairnmq-samples.jar [SAMPLE] [options]}: runs one sample, {@code hello} by default. */
public final class Samples {

    private Samples() {
    }

    public static void main(String[] args) throws Exception {
        String sample = args.length == 0 ? "hello" : args[0];
        String[] rest = args.length == 0 ? args : Arrays.copyOfRange(args, 1, args.length);
        switch (sample) {
            case "hello" -> HelloQueue.main(rest);
            case "producer" -> ProducerSample.main(rest);
            case "consumer" -> ConsumerSample.main(rest);
            case "listener" -> ListenerSample.main(rest);
            case "request-reply" -> RequestReplySample.main(rest);
            case "simplified" -> SimplifiedApiSample.main(rest);
            case "legacy" -> LegacyOrderApp.main(rest);
            case "pubsub" -> PubSubSample.main(rest);
            case "durable" -> DurableSubscriberSample.main(rest);
            case "perf" -> PerfTool.main(rest);
            case "selector-perf" -> SelectorBench.main(rest);
            default -> {
                System.err.println("Unknown sample '" + sample + "'. Samples: hello, producer, consumer, listener,"
                        + " request-reply, pubsub, durable, simplified, legacy, perf, selector-perf");
                System.exit(2);
            }
        }
    }
}
