package io.cairnmq.engine.api;

import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Delivery policies from broker options: each key from the most specific pattern that sets it,
 * then the key alone, then the default; a queue is never its own dead-letter or expiry queue;
 * a bad value fails naming its option.
 */
class DestinationPoliciesTest {

    @Test
    void withoutOptionsEveryDestinationGetsTheDefault() {
        DestinationPolicies policies = DestinationPolicies.parse(Map.of());
        assertEquals(DeliveryPolicy.DEFAULT, policies.policyFor(DestinationName.queue("orders")));
        assertEquals(DeliveryPolicy.DEFAULT, policies.policyFor(DestinationName.topic("news")));
    }

    @Test
    void eachKeyComesFromTheMostSpecificPatternThatSetsIt() {
        DestinationPolicies policies = DestinationPolicies.parse(Map.of(
                "maxDeliveryAttempts", "5",
                "redeliveryDelay", "100",
                "queue.orders.>.maxDeliveryAttempts", "3",
                "queue.orders.*.deadLetterQueue", "orders.DLQ",
                "queue.orders.eu.redeliveryDelay", "2000",
                "topic.orders.eu.maxDeliveryAttempts", "7"));
        DeliveryPolicy eu = policies.policyFor(DestinationName.queue("orders.eu"));
        assertEquals(3, eu.maxDeliveryAttempts());
        assertEquals("orders.DLQ", eu.deadLetterQueue());
        assertEquals(2000, eu.redeliveryDelayMillis());
        assertEquals(20_000, eu.maxRedeliveryDelayMillis(), "the maximum delay defaults to ten times the delay");

        DeliveryPolicy deep = policies.policyFor(DestinationName.queue("orders.eu.paris"));
        assertEquals(3, deep.maxDeliveryAttempts());
        assertEquals("DLQ", deep.deadLetterQueue(), "orders.* is one segment only");
        assertEquals(100, deep.redeliveryDelayMillis());

        assertEquals(5, policies.policyFor(DestinationName.queue("billing")).maxDeliveryAttempts());
        assertEquals(7, policies.policyFor(DestinationName.topic("orders.eu")).maxDeliveryAttempts(),
                "queue and topic patterns are apart");
    }

    @Test
    void aQueueIsNeverItsOwnDeadLetterOrExpiryQueue() {
        DestinationPolicies policies = DestinationPolicies.parse(Map.of("expiryQueue", "Expired"));
        DeliveryPolicy dlq = policies.policyFor(DestinationName.queue("DLQ"));
        assertEquals(0, dlq.maxDeliveryAttempts(), "a message out of attempts on the DLQ stays there");
        assertNull(policies.policyFor(DestinationName.queue("Expired")).expiryQueue());
        assertEquals("Expired", policies.policyFor(DestinationName.queue("orders")).expiryQueue());
    }

    @Test
    void anEmptyDeadLetterQueueMeansNone() {
        DestinationPolicies policies = DestinationPolicies.parse(Map.of("queue.audit.deadLetterQueue", ""));
        assertNull(policies.policyFor(DestinationName.queue("audit")).deadLetterQueue());
    }

    @Test
    void theDelayGrowsByTheMultiplierUpToTheMaximum() {
        DeliveryPolicy policy = new DeliveryPolicy(100, 2.0, 500, 0, null, null);
        assertEquals(100, policy.holdMillis(1));
        assertEquals(200, policy.holdMillis(2));
        assertEquals(400, policy.holdMillis(3));
        assertEquals(500, policy.holdMillis(4));
        assertEquals(500, policy.holdMillis(60));
        assertEquals(0, DeliveryPolicy.DEFAULT.holdMillis(3));
    }

    @Test
    void exclusiveAndLastValueAreForQueues() {
        DestinationPolicies policies = DestinationPolicies.parse(Map.of("exclusive", "true",
                "queue.prices.>.lastValueKey", "symbol", "queue.prices.>.exclusive", "false"));
        assertTrue(policies.policyFor(DestinationName.queue("orders")).exclusive());
        assertEquals(false, policies.policyFor(DestinationName.topic("orders")).exclusive(),
                "a topic's subscriptions are not exclusive because queues are");
        DeliveryPolicy prices = policies.policyFor(DestinationName.queue("prices.fx"));
        assertEquals("symbol", prices.lastValueProperty());
        assertEquals(false, prices.exclusive());
        assertMessage("is about queues", Map.of("topic.prices.lastValueKey", "symbol"));
        assertMessage("exclusive=yes is not true or false", Map.of("exclusive", "yes"));
        assertMessage("not a message property name", Map.of("lastValueKey", "1st"));
    }

    @Test
    void badValuesFailNamingTheOption() {
        assertMessage("queue.orders.>.maxDeliveryAttempts=many", Map.of("queue.orders.>.maxDeliveryAttempts", "many"));
        assertMessage("redeliveryMultiplier=0.5", Map.of("redeliveryMultiplier", "0.5"));
        assertMessage("redeliveryDelay=-1", Map.of("redeliveryDelay", "-1"));
        assertMessage("temporary", Map.of("deadLetterQueue", DestinationName.TEMPORARY_PREFIX + "x"));
        assertMessage("'>' stands for the rest", Map.of("queue.a.>.b.maxDeliveryAttempts", "1"));
    }

    @Test
    void brokerOptionsAcceptThePolicyKeys() {
        BrokerConfig config = BrokerConfigParser.parse("b", Map.of("queue.orders.>.maxDeliveryAttempts", "2"));
        assertEquals(2, config.policyFor(DestinationName.queue("orders.x")).maxDeliveryAttempts());
        assertTrue(BrokerConfigParser.isKey("topic.news.*.expiryQueue"));
    }

    private static void assertMessage(String part, Map<String, String> options) {
        EngineConfigException e = assertThrows(EngineConfigException.class, () -> DestinationPolicies.parse(options));
        assertTrue(e.getMessage().contains(part), e.getMessage());
    }
}
