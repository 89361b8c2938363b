package io.cairnmq.ra;

import io.cairnmq.jms.xa.BranchId;
import jakarta.jms.Message;
import jakarta.jms.MessageListener;
import jakarta.resource.spi.BootstrapContext;
import jakarta.resource.spi.XATerminator;
import jakarta.resource.spi.endpoint.MessageEndpoint;
import jakarta.resource.spi.endpoint.MessageEndpointFactory;
import jakarta.resource.spi.work.ExecutionContext;
import jakarta.resource.spi.work.Work;
import jakarta.resource.spi.work.WorkContext;
import jakarta.resource.spi.work.WorkListener;
import jakarta.resource.spi.work.WorkManager;
import jakarta.transaction.TransactionSynchronizationRegistry;

import javax.transaction.xa.XAResource;
import javax.transaction.xa.Xid;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.nio.charset.StandardCharsets;
import java.util.Timer;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * What a Jakarta EE server gives a resource adapter, reduced to what the tests need: a work
 * manager on a thread pool, timers, and message endpoints whose container transaction is a
 * branch on the XA resource it was given (started in beforeDelivery, prepared and committed
 * in afterDelivery, or rolled back when onMessage threw), as a transaction manager would.
 */
final class TestContainer implements BootstrapContext, AutoCloseable {

    private final ExecutorService threads = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "test-work");
        t.setDaemon(true);
        return t;
    });
    private final java.util.List<Timer> timers = new java.util.concurrent.CopyOnWriteArrayList<>();

    private final WorkManager workManager = new WorkManager() {
        @Override
        public void doWork(Work work) {
            work.run();
        }

        @Override
        public void doWork(Work work, long startTimeout, ExecutionContext context, WorkListener listener) {
            work.run();
        }

        @Override
        public long startWork(Work work) {
            threads.execute(work);
            return 0;
        }

        @Override
        public long startWork(Work work, long startTimeout, ExecutionContext context, WorkListener listener) {
            threads.execute(work);
            return 0;
        }

        @Override
        public void scheduleWork(Work work) {
            threads.execute(work);
        }

        @Override
        public void scheduleWork(Work work, long startTimeout, ExecutionContext context, WorkListener listener) {
            threads.execute(work);
        }
    };

    @Override
    public WorkManager getWorkManager() {
        return workManager;
    }

    @Override
    public XATerminator getXATerminator() {
        return null;
    }

    @Override
    public Timer createTimer() {
        Timer timer = new Timer("test-timer", true);
        timers.add(timer);
        return timer;
    }

    @Override
    public boolean isContextSupported(Class<? extends WorkContext> workContextClass) {
        return false;
    }

    @Override
    public TransactionSynchronizationRegistry getTransactionSynchronizationRegistry() {
        return null;
    }

    /** Endpoints calling {@code bean}, in a container transaction when {@code transacted}. */
    MessageEndpointFactory endpoints(boolean transacted, Consumer<Message> bean) {
        return new MessageEndpointFactory() {
            @Override
            public MessageEndpoint createEndpoint(XAResource resource) {
                return endpoint(transacted ? resource : null, bean);
            }

            @Override
            public MessageEndpoint createEndpoint(XAResource resource, long timeout) {
                return createEndpoint(resource);
            }

            @Override
            public boolean isDeliveryTransacted(Method method) {
                return transacted;
            }

            @Override
            public String getActivationName() {
                return "test-bean";
            }

            @Override
            public Class<?> getEndpointClass() {
                return MessageListener.class;
            }
        };
    }

    private static MessageEndpoint endpoint(XAResource resource, Consumer<Message> bean) {
        Object[] transaction = new Object[2];
        return (MessageEndpoint) Proxy.newProxyInstance(TestContainer.class.getClassLoader(),
                new Class<?>[] {MessageEndpoint.class, MessageListener.class}, (proxy, method, args) -> {
                    switch (method.getName()) {
                        case "beforeDelivery" -> {
                            if (resource != null) {
                                Xid xid = xid();
                                resource.start(xid, XAResource.TMNOFLAGS);
                                transaction[0] = xid;
                                transaction[1] = Boolean.FALSE;
                            }
                        }
                        case "onMessage" -> {
                            try {
                                bean.accept((Message) args[0]);
                            } catch (RuntimeException e) {
                                transaction[1] = Boolean.TRUE;
                                throw e;
                            }
                        }
                        case "afterDelivery" -> {
                            if (resource != null) {
                                Xid xid = (Xid) transaction[0];
                                if (Boolean.TRUE.equals(transaction[1])) {
                                    resource.end(xid, XAResource.TMFAIL);
                                    resource.rollback(xid);
                                } else {
                                    resource.end(xid, XAResource.TMSUCCESS);
                                    if (resource.prepare(xid) == XAResource.XA_OK) {
                                        resource.commit(xid, false);
                                    }
                                }
                            }
                        }
                        case "release" -> {
                            // nothing pooled here
                        }
                        case "hashCode" -> {
                            return System.identityHashCode(proxy);
                        }
                        case "equals" -> {
                            return proxy == args[0];
                        }
                        case "toString" -> {
                            return "test endpoint";
                        }
                        default -> throw new UnsupportedOperationException(method.getName());
                    }
                    return null;
                });
    }

    private static Xid xid() {
        return new BranchId(77, UUID.randomUUID().toString().getBytes(StandardCharsets.US_ASCII), new byte[] {1});
    }

    @Override
    public void close() throws InterruptedException {
        timers.forEach(Timer::cancel);
        threads.shutdownNow();
        threads.awaitTermination(10, TimeUnit.SECONDS);
    }
}
