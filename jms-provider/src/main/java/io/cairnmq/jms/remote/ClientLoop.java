package io.cairnmq.jms.remote;

import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.util.concurrent.DefaultThreadFactory;

/**
 * The network threads of every remote connection in this JVM: started on first use, daemon
 * threads so that they never keep an application from exiting, and idle (blocked in the
 * selector) when there is no traffic.
 */
final class ClientLoop {

    private static volatile EventLoopGroup group;

    private ClientLoop() {
    }

    static EventLoopGroup group() {
        EventLoopGroup current = group;
        if (current == null) {
            synchronized (ClientLoop.class) {
                current = group;
                if (current == null) {
                    current = new MultiThreadIoEventLoopGroup(Math.max(2, Runtime.getRuntime().availableProcessors()),
                            new DefaultThreadFactory("cairnmq-client-io", true), NioIoHandler.newFactory());
                    group = current;
                }
            }
        }
        return current;
    }
}
