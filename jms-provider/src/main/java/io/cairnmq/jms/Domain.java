package io.cairnmq.jms;

import jakarta.jms.IllegalStateException;

/**
 * The messaging domain a connection or session was made for (section 9.2 "Unification of
 * messaging domains"). The domain-specific interfaces inherit the other domain's methods from
 * {@code Connection} and {@code Session}, and must refuse them with
 * {@code IllegalStateException}; unified objects take both.
 */
enum Domain {

    /** Made by {@code createConnection} or {@code createSession}: queues and topics alike. */
    UNIFIED("a Connection or Session"),
    /** Made by {@code createQueueConnection} or {@code createQueueSession}: point-to-point only. */
    QUEUE("a QueueConnection or QueueSession"),
    /** Made by {@code createTopicConnection} or {@code createTopicSession}: publish/subscribe only. */
    TOPIC("a TopicConnection or TopicSession");

    private final String objects;

    Domain(String objects) {
        this.objects = objects;
    }

    /** Refuses a publish/subscribe method on a point-to-point object. */
    void requireTopics(String method) throws IllegalStateException {
        if (this == QUEUE) {
            throw refused(method, "publish/subscribe");
        }
    }

    /** Refuses a point-to-point method on a publish/subscribe object. */
    void requireQueues(String method) throws IllegalStateException {
        if (this == TOPIC) {
            throw refused(method, "point-to-point");
        }
    }

    private IllegalStateException refused(String method, String domain) {
        return new IllegalStateException(method + " is a " + domain + " method, which " + objects
                + " refuses (section 9.2); use a Session made by Connection.createSession for both domains");
    }
}
