package io.cairnmq.tck;

import io.cairnmq.engine.net.FreePorts;
import java.net.BindException;
import java.util.Arrays;
import java.util.stream.Collectors;

/**
 * The member ports of a cluster started in this JVM, planned free on 127.0.0.1 before any member
 * starts (each member's list names them all). A port can be taken between the planning and the
 * member's start (FreePorts keeps outgoing connections away from it, not another listener):
 * that member then moves to another port, at most twice, and the members started after it learn
 * the new one.
 */
final class MemberPorts {

    /** Starts one member on a port, with the member list to join. */
    interface Start<T> {
        T on(int port, String members) throws Exception;
    }

    private final int[] ports;

    private MemberPorts(int[] ports) {
        this.ports = ports;
    }

    static MemberPorts plan(int count) {
        int[] ports = new int[count];
        for (int i = 0; i < count; i++) {
            ports[i] = FreePorts.take("127.0.0.1");
        }
        return new MemberPorts(ports);
    }

    /** Starts member {@code index}, moving it to another port when its own was taken. */
    <T> T start(int index, Start<T> start) throws Exception {
        for (int attempt = 1; ; attempt++) {
            try {
                return start.on(ports[index], members());
            } catch (Exception | Error e) {
                if (attempt == 3 || !portTaken(e)) {
                    throw e;
                }
                ports[index] = FreePorts.take("127.0.0.1");
            }
        }
    }

    private String members() {
        return Arrays.stream(ports).mapToObj(p -> "127.0.0.1:" + p).collect(Collectors.joining(","));
    }

    private static boolean portTaken(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof BindException) {
                return true;
            }
        }
        return false;
    }
}
