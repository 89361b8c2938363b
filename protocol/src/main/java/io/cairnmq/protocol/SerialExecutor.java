package io.cairnmq.protocol;

import org.slf4j.LoggerFactory;

import java.util.ArrayDeque;
import java.util.concurrent.Executor;

/**
 * Runs tasks one at a time, in order, on threads borrowed from a shared pool: a session's own
 * dispatch "thread", or one remote producer's or consumer's frames on a node, in order and
 * without a thread each.
 */
public final class SerialExecutor implements Executor {

    private final Executor pool;
    private final ArrayDeque<Runnable> tasks = new ArrayDeque<>();
    private boolean running;
    private volatile Thread current;

    public SerialExecutor(Executor pool) {
        this.pool = pool;
    }

    @Override
    public void execute(Runnable task) {
        synchronized (tasks) {
            tasks.add(task);
            if (running) {
                return;
            }
            running = true;
        }
        pool.execute(this::drain);
    }

    /** Whether tasks wait behind the one running: a task can tell it is the last of a burst. */
    public boolean hasQueued() {
        synchronized (tasks) {
            return !tasks.isEmpty();
        }
    }

    /** Whether the calling thread is the one running this executor's tasks. */
    public boolean isCurrentThread() {
        return current == Thread.currentThread();
    }

    private void drain() {
        current = Thread.currentThread();
        try {
            while (true) {
                Runnable task;
                synchronized (tasks) {
                    task = tasks.poll();
                    if (task == null) {
                        running = false;
                        return;
                    }
                }
                try {
                    task.run();
                } catch (RuntimeException | Error e) {
                    LoggerFactory.getLogger(SerialExecutor.class).error("A dispatched task failed", e);
                }
            }
        } finally {
            current = null;
        }
    }
}
