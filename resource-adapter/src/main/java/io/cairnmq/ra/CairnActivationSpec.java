package io.cairnmq.ra;

import jakarta.resource.ResourceException;
import jakarta.resource.spi.ActivationSpec;
import jakarta.resource.spi.InvalidPropertyException;
import jakarta.resource.spi.ResourceAdapter;


/**
 * What a message-driven bean consumes, with the property names Jakarta EE servers and the
 * other brokers' adapters use: {@code destination}, {@code destinationType}, {@code messageSelector},
 * {@code acknowledgeMode}, {@code subscriptionDurability}, {@code subscriptionName}, {@code clientId},
 * {@code shareSubscriptions}, {@code maxSession}; the redelivery limit,
 * {@code maxDeliveryAttempts} (10; 0 for none) after which a message goes to
 * {@code deadLetterQueue} ({@code DLQ}; empty to drop it); and, to override the adapter's,
 * {@code connectionUrl}, {@code userName}, {@code password}, with {@code reconnectIntervalMillis}
 * between attempts to reach the broker.
 */
public class CairnActivationSpec extends BrokerLogin implements ActivationSpec {

    private static final long serialVersionUID = 1L;
    static final String QUEUE = "jakarta.jms.Queue";
    static final String TOPIC = "jakarta.jms.Topic";
    static final String AUTO_ACKNOWLEDGE = "Auto-acknowledge";
    static final String DUPS_OK_ACKNOWLEDGE = "Dups-ok-acknowledge";
    static final String DURABLE = "Durable";
    static final String NON_DURABLE = "NonDurable";

    private transient ResourceAdapter resourceAdapter;
    private String destination;
    private String destinationType = QUEUE;
    private String messageSelector;
    private String acknowledgeMode = AUTO_ACKNOWLEDGE;
    private String subscriptionDurability = NON_DURABLE;
    private String subscriptionName;
    private String clientId;
    private Boolean shareSubscriptions = Boolean.FALSE;
    private Integer maxSession = 10;
    private Long reconnectIntervalMillis = 5_000L;
    private Integer maxDeliveryAttempts = 10;
    private String deadLetterQueue = "DLQ";

    /**
     * @throws InvalidPropertyException naming the property and what it accepts
     */
    @Override
    public void validate() throws InvalidPropertyException {
        if (destination == null || destination.isBlank()) {
            throw invalid("destination", "the name of the queue or topic to consume");
        }
        if (!isQueue() && !isTopic()) {
            throw invalid("destinationType", QUEUE + " or " + TOPIC + ", not " + destinationType);
        }
        if (!AUTO_ACKNOWLEDGE.equalsIgnoreCase(acknowledgeMode) && !DUPS_OK_ACKNOWLEDGE.equalsIgnoreCase(acknowledgeMode)) {
            throw invalid("acknowledgeMode", AUTO_ACKNOWLEDGE + " or " + DUPS_OK_ACKNOWLEDGE + ", not " + acknowledgeMode);
        }
        if (!DURABLE.equalsIgnoreCase(subscriptionDurability) && !NON_DURABLE.equalsIgnoreCase(subscriptionDurability)) {
            throw invalid("subscriptionDurability", DURABLE + " or " + NON_DURABLE + ", not " + subscriptionDurability);
        }
        if (isDurable() && !isTopic()) {
            throw invalid("subscriptionDurability", NON_DURABLE + " for a queue (a durable subscription is a topic's)");
        }
        if ((isDurable() || isShared()) && (subscriptionName == null || subscriptionName.isBlank())) {
            throw invalid("subscriptionName", "a name for the " + (isDurable() ? "durable" : "shared") + " subscription");
        }
        if (isDurable() && !isShared() && (clientId == null || clientId.isBlank())) {
            throw invalid("clientId", "the client ID an unshared durable subscription belongs to");
        }
        if (maxSession == null || maxSession < 1) {
            throw invalid("maxSession", "at least 1, not " + maxSession);
        }
        if (reconnectIntervalMillis == null || reconnectIntervalMillis < 1) {
            throw invalid("reconnectIntervalMillis", "at least 1, not " + reconnectIntervalMillis);
        }
        if (maxDeliveryAttempts == null || maxDeliveryAttempts < 0) {
            throw invalid("maxDeliveryAttempts", "0 (no limit) or more, not " + maxDeliveryAttempts);
        }
    }

    private static InvalidPropertyException invalid(String property, String expected) {
        return new InvalidPropertyException("The activation spec's " + property + " must be " + expected);
    }

    boolean isTopic() {
        return TOPIC.equals(destinationType) || "javax.jms.Topic".equals(destinationType);
    }

    boolean isQueue() {
        return QUEUE.equals(destinationType) || "javax.jms.Queue".equals(destinationType);
    }

    boolean isDurable() {
        return DURABLE.equalsIgnoreCase(subscriptionDurability);
    }

    boolean isShared() {
        return Boolean.TRUE.equals(shareSubscriptions);
    }

    /**
     * How many sessions deliver at once: {@code maxSession} on a queue or a shared subscription;
     * one on a topic's own subscription, where each further session would get every message again.
     */
    int sessions() {
        return isTopic() && !isShared() ? 1 : maxSession;
    }

    /** What an activation needs, the adapter's connection settings filling in those the spec leaves out. */
    public io.cairnmq.ra.inbound.ActivationSettings settings(CairnResourceAdapter adapter) {
        return new io.cairnmq.ra.inbound.ActivationSettings(
                getConnectionUrl() != null ? getConnectionUrl() : adapter.getConnectionUrl(),
                getUserName() != null ? getUserName() : adapter.getUserName(),
                getUserName() != null ? getPassword() : adapter.getPassword(),
                destination, isTopic(), messageSelector, isDurable(), isShared(), subscriptionName, clientId,
                sessions(), reconnectIntervalMillis, maxDeliveryAttempts,
                deadLetterQueue == null ? "" : deadLetterQueue.trim(), toString());
    }

    @Override
    public ResourceAdapter getResourceAdapter() {
        return resourceAdapter;
    }

    @Override
    public void setResourceAdapter(ResourceAdapter ra) throws ResourceException {
        this.resourceAdapter = ra;
    }

    public String getDestination() {
        return destination;
    }

    public void setDestination(String destination) {
        this.destination = destination;
    }

    public String getDestinationType() {
        return destinationType;
    }

    public void setDestinationType(String destinationType) {
        this.destinationType = destinationType;
    }

    public String getMessageSelector() {
        return messageSelector;
    }

    public void setMessageSelector(String messageSelector) {
        this.messageSelector = messageSelector;
    }

    public String getAcknowledgeMode() {
        return acknowledgeMode;
    }

    public void setAcknowledgeMode(String acknowledgeMode) {
        this.acknowledgeMode = acknowledgeMode;
    }

    public String getSubscriptionDurability() {
        return subscriptionDurability;
    }

    public void setSubscriptionDurability(String subscriptionDurability) {
        this.subscriptionDurability = subscriptionDurability;
    }

    public String getSubscriptionName() {
        return subscriptionName;
    }

    public void setSubscriptionName(String subscriptionName) {
        this.subscriptionName = subscriptionName;
    }

    public String getClientId() {
        return clientId;
    }

    public void setClientId(String clientId) {
        this.clientId = clientId;
    }

    public Boolean getShareSubscriptions() {
        return shareSubscriptions;
    }

    public void setShareSubscriptions(Boolean shareSubscriptions) {
        this.shareSubscriptions = shareSubscriptions;
    }

    public Integer getMaxSession() {
        return maxSession;
    }

    public void setMaxSession(Integer maxSession) {
        this.maxSession = maxSession;
    }

    public Long getReconnectIntervalMillis() {
        return reconnectIntervalMillis;
    }

    public void setReconnectIntervalMillis(Long reconnectIntervalMillis) {
        this.reconnectIntervalMillis = reconnectIntervalMillis;
    }

    public Integer getMaxDeliveryAttempts() {
        return maxDeliveryAttempts;
    }

    public void setMaxDeliveryAttempts(Integer maxDeliveryAttempts) {
        this.maxDeliveryAttempts = maxDeliveryAttempts;
    }

    public String getDeadLetterQueue() {
        return deadLetterQueue;
    }

    public void setDeadLetterQueue(String deadLetterQueue) {
        this.deadLetterQueue = deadLetterQueue;
    }

    @Override
    public String toString() {
        return "CairnActivationSpec{" + destinationType + " " + destination + (messageSelector == null ? ""
                : " selector " + messageSelector) + (subscriptionName == null ? "" : " subscription "
                + subscriptionName) + ", maxSession " + maxSession + "}";
    }
}
