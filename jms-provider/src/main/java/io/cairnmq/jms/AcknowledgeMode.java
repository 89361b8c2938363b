package io.cairnmq.jms;

import io.cairnmq.engine.api.Acknowledgements;
import io.cairnmq.engine.api.Delivery;
import io.cairnmq.engine.api.EngineConsumer;
import io.cairnmq.engine.api.Redelivery;
import jakarta.jms.JMSException;
import jakarta.jms.Session;

/**
 * What a session's acknowledgement mode does with each delivery (section 6.2.10): when it is
 * acknowledged, and what a listener that throws costs it.
 */
enum AcknowledgeMode {

    /** Acknowledged as {@code receive} returns or the listener returns; a throwing listener gets it again. */
    AUTO(Session.AUTO_ACKNOWLEDGE, true),
    /** As AUTO, but acknowledgements travel in batches, which may duplicate some after a failure. */
    DUPS_OK(Session.DUPS_OK_ACKNOWLEDGE, true),
    /** Acknowledged by {@code Message.acknowledge()}, for everything the session consumed. */
    CLIENT(Session.CLIENT_ACKNOWLEDGE, false),
    /** Acknowledged by {@code commit}, put back by {@code rollback}. */
    TRANSACTED(Session.SESSION_TRANSACTED, false);

    private final int jmsValue;
    private final boolean acknowledgesOnDelivery;

    AcknowledgeMode(int jmsValue, boolean acknowledgesOnDelivery) {
        this.jmsValue = jmsValue;
        this.acknowledgesOnDelivery = acknowledgesOnDelivery;
    }

    static AcknowledgeMode of(boolean transacted, int acknowledgeMode) throws JMSException {
        if (transacted) {
            return TRANSACTED;
        }
        for (AcknowledgeMode mode : values()) {
            if (mode.jmsValue == acknowledgeMode) {
                return mode;
            }
        }
        throw new JMSException("Unknown acknowledge mode " + acknowledgeMode + "; use Session.AUTO_ACKNOWLEDGE (1),"
                + " CLIENT_ACKNOWLEDGE (2), DUPS_OK_ACKNOWLEDGE (3) or SESSION_TRANSACTED (0)");
    }

    int jmsValue() {
        return jmsValue;
    }

    /**
     * When acknowledgements travel: only DUPS_OK_ACKNOWLEDGE allows the duplicates a failure could
     * cause if they waited and travelled in batches; AUTO_ACKNOWLEDGE sends each acknowledgement
     * as its message is consumed (without waiting for it), so a failure can redeliver only the
     * few in flight. CLIENT and transacted sessions acknowledge everything at acknowledge or commit.
     */
    Acknowledgements acknowledgements() {
        return this == AUTO ? Acknowledgements.EAGER : Acknowledgements.LAZY;
    }

    /** Whether {@code receive} acknowledges what it returns. */
    boolean acknowledgesOnReceive() {
        return acknowledgesOnDelivery;
    }

    /** The listener returned normally. */
    void listenerReturned(EngineConsumer consumer, Delivery delivery) {
        if (acknowledgesOnDelivery) {
            consumer.acknowledge(delivery);
        }
    }

    /**
     * The listener threw a RuntimeException: in AUTO and DUPS_OK the message is redelivered,
     * marked redelivered: at once, before any other, or (when it has failed at once a few times
     * already) through its queue; otherwise the next message is delivered (section 8.7).
     *
     * @param immediately whether to redeliver it from this consumer at once
     */
    void listenerThrew(EngineConsumer consumer, Delivery delivery, boolean immediately) {
        if (!acknowledgesOnDelivery) {
            return;
        }
        if (immediately) {
            consumer.handBack(delivery, Redelivery.COUNTED);
        } else {
            consumer.release(delivery);
        }
    }
}
