package io.cairnmq.samples.perf;

import jakarta.jms.BytesMessage;
import jakarta.jms.Connection;
import jakarta.jms.ConnectionFactory;
import jakarta.jms.DeliveryMode;
import jakarta.jms.Destination;
import jakarta.jms.Message;
import jakarta.jms.MessageConsumer;
import jakarta.jms.MessageProducer;
import jakarta.jms.Session;

import javax.naming.InitialContext;
import java.util.ArrayList;
import java.util.Hashtable;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

/**
 * Producers and consumers on one queue, or publishers and subscribers on one topic, through
 * JMS (the provider comes from JNDI). Each
 * message carries its send time; consumers in the same JVM turn that into a latency. Prints a
 * progress line each second and, at the end, throughput and latency percentiles.
 *
 * <pre>
 * java -jar cairnmq-samples.jar perf [--url vm://perf] [--queue perf] [--producers 1] [--consumers 1]
 *      [--topic NAME] [--size 1024] [--count 200000 | --seconds S] [--warmup 20000] [--rate MSGS_PER_S]
 *      [--persistent] [--groups N]
 * </pre>
 */
public final class PerfTool {

    static final String SENT_AT = "sentAtNanos";

    private final PerfOptions options;
    /** The JMSXGroupID values the producers take in turn with {@code --groups}. */
    private final String[] groupNames;
    private final ConnectionFactory factory;
    private final InitialContext jndi;
    private Destination destination;
    private final List<Connection> connections = new ArrayList<>();

    private PerfTool(PerfOptions options, InitialContext jndi) throws Exception {
        this.options = options;
        this.groupNames = new String[options.groups()];
        for (int g = 0; g < groupNames.length; g++) {
            groupNames[g] = "group-" + g;
        }
        this.factory = (ConnectionFactory) jndi.lookup("ConnectionFactory");
        this.jndi = jndi;
    }

    public static void main(String[] args) throws Exception {
        PerfOptions options = PerfOptions.parse(args);
        Hashtable<String, Object> env = new Hashtable<>();
        env.put("connectionFactory.ConnectionFactory", options.url());
        InitialContext jndi = new InitialContext(env);
        try {
            PerfTool tool = new PerfTool(options, jndi);
            System.out.println("perf: " + options.describe());
            String name = options.topic() != null ? options.topic() : options.queue();
            if (options.warmup() > 0) {
                tool.run(name + "-warmup", options.warmup(), 0, false);
            }
            PerfResult result = tool.run(name, options.count(), options.seconds(), true);
            System.out.println(result.summary());
            tool.close();
        } finally {
            jndi.close();
        }
    }

    /** One run on its own destination, so that a transaction left open by the last run cannot leak into it. */
    private PerfResult run(String name, long count, long seconds, boolean report) throws Exception {
        destination = (Destination) jndi.lookup((options.topic() != null ? "dynamicTopics/" : "dynamicQueues/") + name);
        AtomicLong sent = new AtomicLong();
        AtomicLong received = new AtomicLong();
        long deadline = seconds > 0 ? System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds) : Long.MAX_VALUE;
        long perProducer = seconds > 0 ? Long.MAX_VALUE : count / options.producers();
        long expected = seconds > 0 ? -1 : perProducer * options.producers() * options.fanOut();
        CountDownLatch producersDone = new CountDownLatch(options.producers());
        CountDownLatch allReceived = new CountDownLatch(1);
        AtomicLong expectedTotal = new AtomicLong(expected);
        List<LatencyHistogram> histograms = new ArrayList<>();
        List<Thread> threads = new ArrayList<>();

        List<Thread> consumers = new ArrayList<>();
        if (!options.backlog()) {
            consumers = consumers(histograms, received, expectedTotal, allReceived);
        }
        byte[] body = new byte[options.size()];
        List<MessageProducer> producers = new ArrayList<>();
        List<Session> producerSessions = new ArrayList<>();
        for (int i = 0; i < options.producers(); i++) {
            Session session = session();
            MessageProducer producer = session.createProducer(destination);
            producer.setDeliveryMode(options.persistent() ? DeliveryMode.PERSISTENT : DeliveryMode.NON_PERSISTENT);
            producers.add(producer);
            producerSessions.add(session);
        }
        long intervalNanos = options.rate() > 0 ? TimeUnit.SECONDS.toNanos(1) * options.producers() / options.rate() : 0;
        BacklogFigures backlog = report && options.backlog() ? new BacklogFigures() : null;
        long start = System.nanoTime();
        for (int i = 0; i < options.producers(); i++) {
            Session session = producerSessions.get(i);
            MessageProducer producer = producers.get(i);
            threads.add(new Thread(() -> produce(session, producer, body, perProducer, deadline, intervalNanos, sent,
                    producersDone), "perf-producer-" + i));
        }
        ScheduledExecutorService progress = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "perf-progress");
            t.setDaemon(true);
            return t;
        });
        if (report) {
            progress.scheduleAtFixedRate(new ProgressLine(start, sent, received), 1, 1, TimeUnit.SECONDS);
        }
        threads.addAll(consumers);
        threads.forEach(Thread::start);
        producersDone.await();
        expectedTotal.compareAndSet(-1, sent.get() * options.fanOut());
        if (options.backlog()) {
            // Every message is queued now: the consumers come and drain them.
            if (backlog != null) {
                backlog.produced(sent.get(), System.nanoTime() - start);
            }
            start = System.nanoTime();
            consumers = consumers(histograms, received, expectedTotal, allReceived);
            consumers.forEach(Thread::start);
            threads.addAll(consumers);
        }
        if (received.get() >= expectedTotal.get()) {
            allReceived.countDown();
        }
        allReceived.await();
        long elapsed = System.nanoTime() - start;
        progress.shutdownNow();
        closeConnections();
        for (Thread t : threads) {
            t.join();
        }
        LatencyHistogram all = new LatencyHistogram();
        histograms.forEach(all::add);
        if (backlog != null) {
            System.out.println(backlog.summary(received.get(), elapsed));
        }
        return new PerfResult(options, received.get(), elapsed, all);
    }

    /** The consumer threads, not started, each with its own connection, session and latency histogram. */
    private List<Thread> consumers(List<LatencyHistogram> histograms, AtomicLong received, AtomicLong expected,
                                   CountDownLatch allReceived) throws Exception {
        List<Thread> consumers = new ArrayList<>();
        for (int i = 0; i < options.consumers(); i++) {
            LatencyHistogram histogram = new LatencyHistogram();
            histograms.add(histogram);
            Session consumerSession = session();
            MessageConsumer consumer = consumerSession.createConsumer(destination);
            consumers.add(new Thread(() -> consume(consumerSession, consumer, histogram, received, expected,
                    allReceived), "perf-consumer-" + i));
        }
        return consumers;
    }

    private void produce(Session session, MessageProducer producer, byte[] body, long count, long deadline,
                         long intervalNanos, AtomicLong sent, CountDownLatch done) {
        try {
            long next = System.nanoTime();
            for (long n = 0; n < count && System.nanoTime() < deadline; n++) {
                if (intervalNanos > 0) {
                    next += intervalNanos;
                    long wait = next - System.nanoTime();
                    if (wait > 0) {
                        LockSupport.parkNanos(wait);
                    }
                }
                BytesMessage message = session.createBytesMessage();
                message.writeBytes(body);
                message.setLongProperty(SENT_AT, System.nanoTime());
                if (groupNames.length > 0) {
                    message.setStringProperty("JMSXGroupID", groupNames[(int) (n % groupNames.length)]);
                }
                producer.send(message);
                if (session.getTransacted() && (n + 1) % options.batch() == 0) {
                    session.commit();
                }
                sent.incrementAndGet();
            }
            if (session.getTransacted()) {
                session.commit();
            }
        } catch (Exception e) {
            System.err.println("producer failed: " + e);
        } finally {
            done.countDown();
        }
    }

    private void consume(Session session, MessageConsumer consumer, LatencyHistogram histogram, AtomicLong received,
                         AtomicLong expected, CountDownLatch allReceived) {
        long mine = 0;
        byte[] buffer = new byte[64 * 1024];
        try {
            while (true) {
                Message message = consumer.receive();
                if (message == null) {
                    return;
                }
                if (message instanceof BytesMessage bytes) {
                    while (bytes.readBytes(buffer) > 0) {
                        // read the whole body, as an application would
                    }
                }
                long latency = System.nanoTime() - message.getLongProperty(SENT_AT);
                synchronized (histogram) {
                    histogram.record(latency);
                }
                mine++;
                long total = received.incrementAndGet();
                long target = expected.get();
                boolean last = target >= 0 && total >= target;
                if (mine % options.batch() == 0 || last) {
                    if (session.getTransacted()) {
                        session.commit();
                    } else if (session.getAcknowledgeMode() == Session.CLIENT_ACKNOWLEDGE) {
                        message.acknowledge();
                    }
                }
                if (target >= 0 && total >= target) {
                    allReceived.countDown();
                }
            }
        } catch (Exception e) {
            if (allReceived.getCount() > 0) {
                System.err.println("consumer failed: " + e);
                allReceived.countDown();
            }
        }
    }

    private Session session() throws Exception {
        Connection connection = factory.createConnection();
        synchronized (connections) {
            connections.add(connection);
        }
        connection.start();
        return connection.createSession(options.sessionMode());
    }

    private void closeConnections() throws Exception {
        synchronized (connections) {
            for (Connection c : connections) {
                c.close();
            }
            connections.clear();
        }
    }

    private void close() throws Exception {
        closeConnections();
    }
}
