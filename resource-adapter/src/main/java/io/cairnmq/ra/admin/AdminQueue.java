package io.cairnmq.ra.admin;

import jakarta.jms.Queue;

/** A queue as a server's administered object. */
public class AdminQueue extends AdminDestination implements Queue {

    private static final long serialVersionUID = 1L;

    @Override
    public String getQueueName() {
        return physicalName();
    }
}
