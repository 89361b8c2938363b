package io.cairnmq.jms;

import io.cairnmq.engine.api.AccessDeniedException;
import io.cairnmq.engine.api.AuthenticationFailedException;
import jakarta.jms.JMSException;
import jakarta.jms.JMSRuntimeException;
import jakarta.jms.JMSSecurityException;
import jakarta.jms.JMSSecurityRuntimeException;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;

/** The security refusals of the engine reach an application as JMS security exceptions. */
@Timeout(60)
class JmsErrorsTest {

    private static final String REFUSAL = "User 'bob' may not send to queue:orders (no line of the access file"
            + " matches queue:orders)";

    @ParameterizedTest
    @ValueSource(strings = {"access", "authentication"})
    void aSecurityRefusalIsAJmsSecurityExceptionWithTheEngineMessage(String kind) {
        RuntimeException refusal = kind.equals("access") ? new AccessDeniedException(REFUSAL)
                : new AuthenticationFailedException(REFUSAL);

        JMSException jms = JmsErrors.toJms(refusal);
        JMSRuntimeException runtime = JmsRuntime.toRuntime(jms);

        assertInstanceOf(JMSSecurityException.class, jms);
        assertEquals(REFUSAL, jms.getMessage());
        assertSame(refusal, jms.getLinkedException());
        assertInstanceOf(JMSSecurityRuntimeException.class, runtime, "JMSContext throws the runtime twin");
        assertEquals(REFUSAL, runtime.getMessage());
    }
}
