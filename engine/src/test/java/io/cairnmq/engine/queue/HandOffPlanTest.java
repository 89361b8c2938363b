package io.cairnmq.engine.queue;

import io.cairnmq.engine.api.MessageRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

@Timeout(10)
class HandOffPlanTest {

    private static final Holder ALICE = new Holder("member-1", "conn-1", "alice");
    private static final Holder CAROL = new Holder("member-1", "conn-3", "carol");
    private static final Holder BOB = new Holder("member-2", "conn-2", "bob");

    private final Map<Holder, Waiter> waiters = new LinkedHashMap<>();

    @Test
    void waitersOnTheProducersMemberShareTheBatchEvenly() {
        waiters.put(ALICE, new Waiter(10, null));
        waiters.put(CAROL, new Waiter(10, null));
        waiters.put(BOB, new Waiter(10, null));
        HandOffPlan plan = HandOffPlan.of(waiters, batch(4), 100, "member-1", 0);
        assertEquals(2, plan.handOffs().size());
        assertArrayEquals(new long[] {100, 101}, plan.handOffs().get(0).sequences());
        assertEquals(8, plan.handOffs().get(0).remainingRoom());
        assertArrayEquals(new long[] {102, 103}, plan.handOffs().get(1).sequences());
        assertTrue(plan.woken().isEmpty(), "nothing is left for Bob");
    }

    @Test
    void withoutAMemberToHandOffToEveryWaiterThatWantsAMessageIsWoken() {
        waiters.put(ALICE, new Waiter(10, null));
        waiters.put(BOB, new Waiter(10, "k = 1"));
        HandOffPlan plan = HandOffPlan.of(waiters, batch(2), 1, null, 0);
        assertTrue(plan.handOffs().isEmpty());
        assertEquals(List.of(ALICE), plan.woken(), "Bob's selector wants none of them");
    }

    private static List<MessageRecord> batch(int size) {
        return IntStream.range(0, size)
                .mapToObj(i -> MessageRecord.builder("m" + i).build()).toList();
    }
}
