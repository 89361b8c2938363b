package io.cairnmq.samples.perf;

import io.cairnmq.samples.SampleArgs;
import jakarta.jms.BytesMessage;
import jakarta.jms.Connection;
import jakarta.jms.ConnectionFactory;
import jakarta.jms.DeliveryMode;
import jakarta.jms.MessageConsumer;
import jakarta.jms.MessageProducer;
import jakarta.jms.Queue;
import jakarta.jms.Session;

import javax.naming.InitialContext;
import java.util.Hashtable;

/**
 * A rare-match selector on a deep queue: fills a queue with {@code --backlog} messages of which
 * {@code --match} percent carry {@code wanted = TRUE}, then times a consumer with the selector
 * {@code wanted = TRUE} receiving all of them, and a plain consumer draining the rest.
 *
 * <pre>
 * java -jar cairnmq-samples.jar selector-perf [--url vm://perf] [--backlog 100000] [--match 1] [--size 1024]
 * </pre>
 */
public final class SelectorBench {

    private SelectorBench() {
    }

    public static void main(String[] args) throws Exception {
        SampleArgs a = new SampleArgs(args);
        String url = a.text("url", "vm://perf");
        int backlog = (int) a.number("backlog", 100_000);
        long matchPercent = a.number("match", 1);
        int size = (int) a.number("size", 1024);
        int every = (int) Math.max(1, Math.round(100 / matchPercent));
        Hashtable<String, Object> env = new Hashtable<>();
        env.put("connectionFactory.ConnectionFactory", url);
        InitialContext jndi = new InitialContext(env);
        try (Connection connection = ((ConnectionFactory) jndi.lookup("ConnectionFactory")).createConnection()) {
            connection.start();
            Session session = connection.createSession();
            Queue queue = session.createQueue("selector-perf-" + System.nanoTime());
            MessageProducer producer = session.createProducer(queue);
            producer.setDeliveryMode(DeliveryMode.NON_PERSISTENT);
            byte[] body = new byte[size];
            int wanted = 0;
            long fillStart = System.nanoTime();
            for (int i = 0; i < backlog; i++) {
                BytesMessage m = session.createBytesMessage();
                m.writeBytes(body);
                boolean match = i % every == every - 1;
                m.setBooleanProperty("wanted", match);
                wanted += match ? 1 : 0;
                producer.send(m);
            }
            producer.close();
            double fillSeconds = (System.nanoTime() - fillStart) / 1e9;
            System.out.printf("selector-perf: %,d messages of %d bytes queued in %.2f s; %,d (%s%%) match wanted = TRUE%n",
                    backlog, size, fillSeconds, wanted, matchPercent);

            long start = System.nanoTime();
            MessageConsumer selective = session.createConsumer(queue, "wanted = TRUE");
            for (int i = 0; i < wanted; i++) {
                if (selective.receive(30_000) == null) {
                    throw new IllegalStateException("only " + i + " of " + wanted + " matching messages arrived");
                }
            }
            double selectSeconds = (System.nanoTime() - start) / 1e9;
            selective.close();
            System.out.printf("result: all %,d matching messages received in %.3f s (first consumer, selector"
                    + " evaluated on the owner)%n", wanted, selectSeconds);

            start = System.nanoTime();
            MessageConsumer rest = session.createConsumer(queue);
            int others = 0;
            while (rest.receive(2_000) != null) {
                others++;
            }
            double restSeconds = (System.nanoTime() - start - 2_000_000_000L) / 1e9;
            System.out.printf("result: the other %,d messages drained by a plain consumer in %.2f s%n", others,
                    restSeconds);
        } finally {
            jndi.close();
        }
    }
}
