package io.cairnmq.jms;

import io.cairnmq.engine.api.DestinationName;
import io.cairnmq.engine.api.EngineProducer;
import io.cairnmq.engine.api.MessageRecord;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The sends of a transacted session, held until {@code commit}. Received messages need no list
 * here: the engine consumers hold them as handed out until they are acknowledged or recovered.
 */
final class LocalTransaction {

    private final Map<EngineProducer, Map<DestinationName, List<MessageRecord>>> sends = new LinkedHashMap<>();

    void add(EngineProducer producer, DestinationName destination, MessageRecord message) {
        sends.computeIfAbsent(producer, p -> new LinkedHashMap<>())
                .computeIfAbsent(destination, d -> new ArrayList<>())
                .add(message);
    }

    /** Stores every send, each producer's to each destination in its order; then forgets them. */
    void sendAll() {
        try {
            sends.forEach((producer, byDestination) -> byDestination.forEach(producer::sendAll));
        } finally {
            sends.clear();
        }
    }

    void discard() {
        sends.clear();
    }
}
