package io.cairnmq.engine.queue;

/**
 * Part of an enqueue decision: messages of the batch leased straight to a waiting consumer on
 * the producer's member, instead of waking it to come and lease them.
 *
 * @param holder        the waiting consumer
 * @param sequences     the messages it now holds, in delivery order
 * @param remainingRoom how many more it may be handed while it stays registered; 0 ends its wait
 */
public record HandOff(Holder holder, long[] sequences, int remainingRoom) {
}
