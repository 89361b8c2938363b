package io.cairnmq.engine.security;

import io.cairnmq.engine.api.AccessDeniedException;
import io.cairnmq.engine.api.BrokerConfigParser;
import io.cairnmq.engine.api.DestinationName;
import io.cairnmq.engine.api.EngineConfigException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import java.util.Set;

import static io.cairnmq.engine.api.DestinationName.queue;
import static io.cairnmq.engine.api.DestinationName.topic;
import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

@Timeout(60)
class AccessPolicyTest {

    private static final Set<String> APP = Set.of("app");
    private static final Set<String> WORKER = Set.of("worker");
    private static final Set<String> NONE = Set.of();

    @TempDir
    Path dir;

    /** Which line decides, shown by the one role each line gives send to. */
    @ParameterizedTest(name = "{0} is decided by {1}")
    @CsvSource({
            "orders,          exact",
            "orders.eu,       one-after-orders",
            "orders.eu.paris, rest-after-orders-eu",
            "orders.us.nyc,   rest-after-orders",
            "billing,         everything",
            "billing.eu,      everything",
            "x.b.c,           one-b-one",
            "a.b.c,           rest-after-a",
    })
    void theMostSpecificMatchingLineDecides(String name, String decidingRole) throws IOException {
        AccessPolicy policy = policy(
                "queue:> = send=everything",
                "queue:orders.> = send=rest-after-orders",
                "queue:orders.* = send=one-after-orders",
                "queue:orders = send=exact",
                "queue:orders.eu.> = send=rest-after-orders-eu",
                "queue:*.b.* = send=one-b-one",
                "queue:a.> = send=rest-after-a");

        for (String role : Set.of("everything", "rest-after-orders", "one-after-orders", "exact",
                "rest-after-orders-eu", "one-b-one", "rest-after-a")) {
            assertEquals(role.equals(decidingRole), policy.allows("u", Set.of(role), Right.SEND, queue(name)),
                    role + " on " + name);
        }
    }

    @Test
    void starIsOneSegmentAndTheRestIsOneOrMore() throws IOException {
        AccessPolicy policy = policy("topic:prices.* = consume=app", "topic:news.> = consume=app");

        assertTrue(policy.allows("u", APP, Right.CONSUME, topic("prices.eur")));
        assertFalse(policy.allows("u", APP, Right.CONSUME, topic("prices")));
        assertFalse(policy.allows("u", APP, Right.CONSUME, topic("prices.eur.usd")));
        assertTrue(policy.allows("u", APP, Right.CONSUME, topic("news.sport")));
        assertTrue(policy.allows("u", APP, Right.CONSUME, topic("news.sport.football")));
        assertFalse(policy.allows("u", APP, Right.CONSUME, topic("news")));
    }

    @Test
    void queuesAndTopicsAreSeparateNameSpaces() throws IOException {
        AccessPolicy policy = policy("queue:orders = send=app");

        assertTrue(policy.allows("u", APP, Right.SEND, queue("orders")));
        assertFalse(policy.allows("u", APP, Right.SEND, topic("orders")), "no line matches the topic");
    }

    @Test
    void aRightIsGrantedToTheRolesListedForItOnTheWinningLineOnly() throws IOException {
        AccessPolicy policy = policy("queue:> = send=app; manage=admin", "queue:orders = consume=worker, app");

        assertTrue(policy.allows("u", WORKER, Right.CONSUME, queue("orders")));
        assertTrue(policy.allows("u", Set.of("x", "app"), Right.CONSUME, queue("orders")), "one role is enough");
        assertFalse(policy.allows("u", APP, Right.SEND, queue("orders")),
                "the winning line gives send to nobody, whatever a less specific line says");
        assertFalse(policy.allows("u", Set.of("admin"), Right.MANAGE, queue("orders")));
        assertTrue(policy.allows("u", Set.of("admin"), Right.MANAGE, queue("billing")));
        assertFalse(policy.allows("u", NONE, Right.SEND, queue("billing")), "a user without roles has no rights");
    }

    @Test
    void theRoleStarIsAnyAuthenticatedUser() throws IOException {
        AccessPolicy policy = policy("topic:prices = consume=*; send=feed");

        assertTrue(policy.allows("u", NONE, Right.CONSUME, topic("prices")));
        assertTrue(policy.allows("u", WORKER, Right.CONSUME, topic("prices")));
        assertFalse(policy.allows("u", WORKER, Right.SEND, topic("prices")));
    }

    @Test
    void withoutAFileEveryUserHasEveryRight() {
        AccessPolicy policy = AccessPolicy.allowAll();

        for (Right right : Right.values()) {
            assertTrue(policy.allows("u", NONE, right, queue("anything")));
            assertDoesNotThrow(() -> policy.check("u", NONE, right, topic("any.thing")));
        }
        assertSame(AccessPolicy.allowAll(), AccessPolicy.forBroker(BrokerConfigParser.parse("b", Map.of())));
    }

    @Test
    void theBrokerOptionNamesTheFile() throws IOException {
        Path users = Files.writeString(dir.resolve("users"), "");
        Path access = file("queue:orders = send=app");

        AccessPolicy policy = AccessPolicy.forBroker(BrokerConfigParser.parse("b",
                Map.of("users", users.toString(), "access", access.toString())));

        assertTrue(policy.allows("u", APP, Right.SEND, queue("orders")));
        assertFalse(policy.allows("u", APP, Right.SEND, queue("other")));
        EngineConfigException alone = assertThrows(EngineConfigException.class,
                () -> BrokerConfigParser.parse("b", Map.of("access", access.toString())));
        assertTrue(alone.getMessage().contains("users=FILE"), alone.getMessage());
    }

    @Test
    void anyUserMayUseTemporaryDestinationsButManagingThemFollowsTheLines() throws IOException {
        AccessPolicy policy = policy("queue:orders = send=app");
        DestinationName temporary = queue(DestinationName.TEMPORARY_PREFIX + "m1.c2.3");

        for (Right right : Set.of(Right.SEND, Right.CONSUME, Right.BROWSE, Right.CREATE, Right.DELETE)) {
            assertTrue(policy.allows("u", NONE, right, temporary), right.key());
            assertTrue(policy.allows("u", NONE, right, topic(temporary.name())), right.key());
        }
        assertFalse(policy.allows("u", NONE, Right.MANAGE, temporary));
    }

    @Test
    void aRefusalNamesTheUserTheRightTheDestinationAndWhy() throws IOException {
        AccessPolicy policy = policy("queue:orders.* = send=app, admin; consume=worker", "topic:prices = send=feed");

        AccessDeniedException send = assertThrows(AccessDeniedException.class,
                () -> policy.check("bob", WORKER, Right.SEND, queue("orders.eu")));
        assertEquals("User 'bob' may not send to queue:orders.eu (queue:orders.* gives send to the roles"
                + " [admin, app] only; bob has the roles [worker])", send.getMessage());

        AccessDeniedException browse = assertThrows(AccessDeniedException.class,
                () -> policy.check("bob", NONE, Right.BROWSE, queue("orders.eu")));
        assertEquals("User 'bob' may not browse queue:orders.eu (queue:orders.* gives browse to no role;"
                + " bob has no role)", browse.getMessage());

        AccessDeniedException unmatched = assertThrows(AccessDeniedException.class,
                () -> policy.check("bob", APP, Right.CONSUME, topic("news")));
        assertEquals("User 'bob' may not consume from topic:news (no line of the access file matches topic:news)",
                unmatched.getMessage());
        assertDoesNotThrow(() -> policy.check("bob", APP, Right.SEND, queue("orders.eu")));
    }

    @Test
    void aWrongLineFailsStartUpNamingTheFileTheLineAndWhatIsExpected() throws IOException {
        assertRefused("line 2 (orders): expected queue:PATTERN or topic:PATTERN", "queue:a = send=x", "orders = send=x");
        assertRefused("(queue:orders): 'write' is not a right; the rights are send, consume, browse, create, delete,"
                + " manage", "queue:orders = write=app");
        assertRefused("expected RIGHT=ROLE,ROLE; RIGHT=ROLE", "queue:orders = app");
        assertRefused("expected RIGHT=ROLE,ROLE; RIGHT=ROLE", "queue:orders = ");
        assertRefused("an empty one", "queue:orders = send=app,,admin");
        assertRefused("the right send is given twice", "queue:orders = send=app; send=admin");
        assertRefused("'>' stands for the rest of a name, so it comes last", "queue:orders.>.eu = send=app");
        assertRefused("whole segments", "queue:ord* = send=app");
        assertRefused("empty segment", "queue:orders..eu = send=app");
        assertRefused("line 2 (queue:a): 'queue:a' is already given on line 1", "queue:a = send=x", "queue:a = send=y");
        assertRefused("line 1: expected KEY = VALUE", "queue:orders send app");
    }

    @Test
    void aMissingFileFailsStartUpNamingIt() {
        Path missing = dir.resolve("missing");

        EngineConfigException e = assertThrows(EngineConfigException.class, () -> AccessPolicy.fromFile(missing));

        assertTrue(e.getMessage().contains("access=" + missing.toAbsolutePath()), e.getMessage());
    }

    private void assertRefused(String expected, String... lines) throws IOException {
        Path file = file(lines);
        EngineConfigException e = assertThrows(EngineConfigException.class, () -> AccessPolicy.fromFile(file));
        assertTrue(e.getMessage().startsWith("access=" + file.toAbsolutePath() + " line "), e.getMessage());
        assertTrue(e.getMessage().contains(expected), e.getMessage());
    }

    private AccessPolicy policy(String... lines) throws IOException {
        return AccessPolicy.fromFile(file(lines));
    }

    private Path file(String... lines) throws IOException {
        Path file = Files.createTempFile(dir, "access", ".properties");
        Files.write(file, Arrays.asList(lines));
        return file;
    }
}
