package io.cairnmq.engine.api;

/** When a consumer's acknowledgements travel to the members that hold its messages. */
public enum Acknowledgements {

    /**
     * Each acknowledgement leaves as it is made, without the consumer waiting for it: a member
     * crash can redeliver only the few on their way.
     */
    EAGER,

    /**
     * Acknowledgements may wait and travel in batches with later requests: a member crash can
     * then redeliver several acknowledged messages.
     */
    LAZY
}
