package io.cairnmq.engine.hz;

import io.cairnmq.engine.api.Delivery;
import io.cairnmq.engine.api.EngineBrowser;
import io.cairnmq.engine.hz.ops.BrowseMessages;
import io.cairnmq.engine.queue.StoredMessage;

import java.util.ArrayDeque;
import java.util.List;

/** Pages through a queue's shards one after the other, each page read on the shard's owner. */
final class HzBrowser implements EngineBrowser {

    /** Messages fetched per round trip. */
    static final int PAGE = 256;

    private final HzConnection connection;
    private final List<ShardKey> keys;
    private final String selector;
    private final ArrayDeque<StoredMessage> page = new ArrayDeque<>();
    private int shard;
    private int lastPriority;
    private long lastSequence;
    private boolean shardDone;

    HzBrowser(HzConnection connection, List<ShardKey> keys, String selector) {
        this.connection = connection;
        this.keys = keys;
        this.selector = selector;
    }

    @Override
    public Delivery next() {
        while (page.isEmpty()) {
            if (shardDone) {
                shard++;
                shardDone = false;
                lastSequence = 0;
            }
            if (shard >= keys.size()) {
                return null;
            }
            fetch();
        }
        StoredMessage m = page.poll();
        lastPriority = m.message().priority();
        lastSequence = m.sequence();
        return m.toDelivery(shard);
    }

    private void fetch() {
        connection.ensureOpen();
        ShardReply reply;
        try {
            reply = connection.engine().shards().executeOnKey(keys.get(shard),
                    new BrowseMessages(lastPriority, lastSequence, PAGE, selector));
        } catch (RuntimeException e) {
            throw HzErrors.translate(e, "browse " + keys.get(shard));
        }
        page.addAll(reply.messages());
        shardDone = reply.messages().size() < PAGE;
    }
}
