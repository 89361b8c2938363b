package io.cairnmq.glassfish.app;

import jakarta.ejb.ActivationConfigProperty;
import jakarta.ejb.MessageDriven;
import jakarta.jms.Message;
import jakarta.jms.MessageListener;

import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * With maxSession 4, holds each delivery until four are under way at once (or a minute has
 * passed), and records whether they met: only four concurrent deliveries all say yes.
 */
@MessageDriven(name = "ParallelListener", activationConfig = {
        @ActivationConfigProperty(propertyName = "destination", propertyValue = ParallelListener.QUEUE),
        @ActivationConfigProperty(propertyName = "maxSession", propertyValue = "4")})
public class ParallelListener implements MessageListener {

    public static final String QUEUE = "parallel";
    public static final int SESSIONS = 4;
    private static final CountDownLatch ALL_UNDER_WAY = new CountDownLatch(SESSIONS);
    /** Read by the test, which shares this class with the application (the server loads parent first). */
    public static final Queue<Boolean> MET = new ConcurrentLinkedQueue<>();

    @Override
    public void onMessage(Message message) {
        ALL_UNDER_WAY.countDown();
        try {
            MET.add(ALL_UNDER_WAY.await(1, TimeUnit.MINUTES));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            MET.add(false);
        }
    }
}
