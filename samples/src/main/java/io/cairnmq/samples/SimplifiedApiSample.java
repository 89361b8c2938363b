package io.cairnmq.samples;

import jakarta.jms.ConnectionFactory;
import jakarta.jms.JMSConsumer;
import jakarta.jms.JMSContext;
import jakarta.jms.Queue;

import javax.naming.InitialContext;

/** The JMS 2.0 simplified API: one JMSContext, a fluent producer, and receiveBody. */
public final class SimplifiedApiSample {

    private SimplifiedApiSample() {
    }

    public static void main(String[] args) throws Exception {
        SampleArgs options = new SampleArgs(args);
        int count = (int) options.number("count", 5);
        InitialContext jndi = SampleJndi.open(options);
        try (JMSContext context = ((ConnectionFactory) jndi.lookup("ConnectionFactory")).createContext()) {
            Queue queue = (Queue) jndi.lookup("Orders");
            for (int i = 1; i <= count; i++) {
                context.createProducer().setProperty("line", i).send(queue, "simplified " + i);
            }
            JMSConsumer consumer = context.createConsumer(queue);
            for (int i = 1; i <= count; i++) {
                System.out.println("receiveBody: " + consumer.receiveBody(String.class, 5_000));
            }
        } finally {
            jndi.close();
        }
    }
}
