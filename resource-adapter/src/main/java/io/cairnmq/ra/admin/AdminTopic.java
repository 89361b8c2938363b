package io.cairnmq.ra.admin;

import jakarta.jms.Topic;

/** A topic as a server's administered object. */
public class AdminTopic extends AdminDestination implements Topic {

    private static final long serialVersionUID = 1L;

    @Override
    public String getTopicName() {
        return physicalName();
    }
}
