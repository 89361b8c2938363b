package io.cairnmq.jms.remote;

import io.cairnmq.engine.api.Delivery;
import io.cairnmq.engine.api.EngineBrowser;
import io.cairnmq.protocol.Op;

import java.util.ArrayDeque;

/** Walks a queue on a node a page at a time; the node forgets the browser after its last page. */
final class RemoteBrowser implements EngineBrowser {

    static final int PAGE = 64;

    private final NodeLink link;
    private final long id;
    private final ArrayDeque<Delivery> page = new ArrayDeque<>();
    private boolean exhausted;

    RemoteBrowser(NodeLink link, long id) {
        this.link = link;
        this.id = id;
    }

    @Override
    public Delivery next() {
        if (page.isEmpty() && !exhausted) {
            int count = link.call(Op.BROWSE_NEXT, out -> out.writeLong(id).writeInt(PAGE), in -> {
                int n = in.readCount(1);
                for (int i = 0; i < n; i++) {
                    page.add(in.readDelivery());
                }
                return n;
            });
            exhausted = count < PAGE;
        }
        return page.poll();
    }
}
