package io.cairnmq.ra.inbound;

import io.cairnmq.jms.CairnXAConnectionFactory;
import jakarta.jms.Connection;
import jakarta.jms.JMSException;
import jakarta.jms.Message;
import jakarta.jms.MessageListener;
import jakarta.resource.spi.BootstrapContext;
import jakarta.resource.spi.UnavailableException;
import jakarta.resource.spi.endpoint.MessageEndpointFactory;
import jakarta.resource.spi.work.WorkException;
import jakarta.resource.spi.work.WorkManager;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.List;
import java.util.Timer;
import java.util.TimerTask;
import java.util.concurrent.TimeUnit;

/**
 * One message-driven bean's activation: a connection to the broker and its delivery workers.
 * When the broker cannot be reached, or the connection fails, it closes what it had and tries
 * again every {@code reconnectIntervalMillis} until it connects or is stopped; its timer is
 * the only retry, and {@link #stop()} ends it.
 */
public final class EndpointActivation {

    private static final Logger LOG = LoggerFactory.getLogger(EndpointActivation.class);
    static final Method ON_MESSAGE = onMessage();
    /** How long {@link #stop()} waits for deliveries under way to finish. */
    static final long STOP_WAIT_MILLIS = 30_000;

    private final MessageEndpointFactory factory;
    private final ActivationSettings settings;
    private final WorkManager workManager;
    private final Timer timer;
    private final boolean transacted;
    private final List<DeliveryWorker> workers = new ArrayList<>();
    private Connection connection;
    private boolean stopped;

    public EndpointActivation(MessageEndpointFactory factory, ActivationSettings settings, BootstrapContext context)
            throws UnavailableException {
        this.factory = factory;
        this.settings = settings;
        this.workManager = context.getWorkManager();
        this.timer = context.createTimer();
        try {
            this.transacted = factory.isDeliveryTransacted(ON_MESSAGE);
        } catch (NoSuchMethodException e) {
            throw new IllegalStateException("jakarta.jms.MessageListener has no onMessage(Message)", e);
        }
    }

    public void start() {
        connect();
    }

    /** Connects and starts the workers; on failure, tries again after the interval. */
    private void connect() {
        List<DeliveryWorker> started = new ArrayList<>();
        synchronized (this) {
            if (stopped || connection != null) {
                return;
            }
            try {
                CairnXAConnectionFactory connections = new CairnXAConnectionFactory(settings.url());
                connection = transacted ? connections.createXAConnection(settings.userName(), settings.password())
                        : connections.createConnection(settings.userName(), settings.password());
                if (settings.clientId() != null) {
                    connection.setClientID(settings.clientId());
                }
                connection.setExceptionListener(e -> connectionFailed(e.getMessage()));
                for (int i = 0; i < settings.sessions(); i++) {
                    DeliveryWorker worker = new DeliveryWorker(this, connection, factory, transacted);
                    workers.add(worker);
                    started.add(worker);
                }
                connection.start();
            } catch (JMSException | RuntimeException e) {
                LOG.warn("Activation {}: cannot connect to {} ({}); trying again in {} ms", settings.description(),
                        settings.url(), e.getMessage(), settings.reconnectIntervalMillis());
                closeLocked();
                retryLater();
                return;
            }
        }
        for (DeliveryWorker worker : started) {
            try {
                workManager.scheduleWork(worker);
            } catch (WorkException e) {
                connectionFailed("the server's work manager refused a delivery worker: " + e.getMessage());
                return;
            }
        }
        LOG.info("Activation {}: delivering with {} session(s){}", settings.description(), started.size(),
                transacted ? " in the container's transactions" : "");
    }

    /** The connection failed, or a worker could not go on: everything closes and connects again later. */
    void connectionFailed(String why) {
        synchronized (this) {
            if (stopped || connection == null) {
                return;
            }
            LOG.warn("Activation {}: the connection failed ({}); connecting again in {} ms", settings.description(),
                    why, settings.reconnectIntervalMillis());
            closeLocked();
            retryLater();
        }
    }

    private void retryLater() {
        timer.schedule(new TimerTask() {
            @Override
            public void run() {
                connect();
            }
        }, settings.reconnectIntervalMillis());
    }

    /**
     * Stops delivery: the workers finish the message they are delivering (waiting up to
     * {@link #STOP_WAIT_MILLIS}) and no message is delivered once this returns.
     */
    public void stop() {
        List<DeliveryWorker> running;
        synchronized (this) {
            stopped = true;
            timer.cancel();
            running = List.copyOf(workers);
        }
        // Their consumers close first, so that a delivery under way still commits on the connection.
        running.forEach(DeliveryWorker::stop);
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(STOP_WAIT_MILLIS);
        for (DeliveryWorker worker : running) {
            if (!worker.awaitEnd(Math.max(0, deadline - System.nanoTime()))) {
                LOG.warn("Activation {}: a delivery did not finish within {} ms of the stop", settings.description(),
                        STOP_WAIT_MILLIS);
            }
        }
        synchronized (this) {
            closeLocked();
        }
    }

    /** Closes the connection: every worker's receive returns, and it ends once its delivery is done. */
    private void closeLocked() {
        workers.forEach(DeliveryWorker::stop);
        workers.clear();
        if (connection != null) {
            try {
                connection.close();
            } catch (JMSException e) {
                LOG.debug("Activation {}: closing the connection failed: {}", settings.description(), e.getMessage());
            }
            connection = null;
        }
    }

    ActivationSettings settings() {
        return settings;
    }

    private static Method onMessage() {
        try {
            return MessageListener.class.getMethod("onMessage", Message.class);
        } catch (NoSuchMethodException e) {
            throw new ExceptionInInitializerError(e);
        }
    }
}
