package io.cairnmq.protocol;

import io.cairnmq.engine.api.AccessDeniedException;
import io.cairnmq.engine.api.AuthenticationFailedException;
import io.cairnmq.engine.api.ClientIdInUseException;
import io.cairnmq.engine.api.DestinationInUseException;
import io.cairnmq.engine.api.EngineClosedException;
import io.cairnmq.engine.api.EngineConfigException;
import io.cairnmq.engine.api.EngineException;
import io.cairnmq.engine.api.EngineUnavailableException;
import io.cairnmq.engine.api.InvalidDestinationNameException;
import io.cairnmq.engine.api.InvalidSelectorSyntaxException;
import io.cairnmq.engine.api.ResourceLimitException;
import io.cairnmq.engine.api.StoreFailureException;
import io.cairnmq.engine.api.SubscriptionInUseException;
import io.cairnmq.engine.api.TransactionInDoubtException;
import io.cairnmq.engine.api.TransactionRolledBackException;
import io.cairnmq.engine.api.UnknownSubscriptionException;
import io.cairnmq.engine.api.UnknownTransactionException;

import java.util.List;
import java.util.function.Function;

/**
 * Engine exceptions on the wire: the node sends the kind and the message of what its engine
 * threw, and the client throws the same kind, so that the JMS layer maps a remote failure to the
 * same JMS exception as a local one. A kind this version does not know arrives as a plain
 * {@link EngineException} with its message.
 */
public final class WireErrors {

    private record Kind(Class<? extends EngineException> type, Function<String, EngineException> make) {
    }

    /** In wire order: append only, the index is the code. */
    private static final List<Kind> KINDS = List.of(
            new Kind(EngineException.class, EngineException::new),
            new Kind(AuthenticationFailedException.class, AuthenticationFailedException::new),
            new Kind(ClientIdInUseException.class, ClientIdInUseException::new),
            new Kind(DestinationInUseException.class, DestinationInUseException::new),
            new Kind(EngineClosedException.class, EngineClosedException::new),
            new Kind(EngineConfigException.class, EngineConfigException::new),
            new Kind(EngineUnavailableException.class, m -> new EngineUnavailableException(m, null)),
            new Kind(InvalidDestinationNameException.class, InvalidDestinationNameException::new),
            new Kind(InvalidSelectorSyntaxException.class, InvalidSelectorSyntaxException::new),
            new Kind(ResourceLimitException.class, ResourceLimitException::new),
            new Kind(StoreFailureException.class, m -> new StoreFailureException(m, null)),
            new Kind(SubscriptionInUseException.class, SubscriptionInUseException::new),
            new Kind(TransactionInDoubtException.class, m -> new TransactionInDoubtException(m, null)),
            new Kind(TransactionRolledBackException.class, TransactionRolledBackException::new),
            new Kind(UnknownSubscriptionException.class, UnknownSubscriptionException::new),
            new Kind(UnknownTransactionException.class, UnknownTransactionException::new),
            new Kind(AccessDeniedException.class, AccessDeniedException::new));

    private WireErrors() {
    }

    /** Writes the kind and message of a failure as the body of an {@code ERROR} or {@code REFUSED}. */
    public static void write(FrameOutput out, Throwable failure) {
        int code = 0;
        for (int i = KINDS.size() - 1; i > 0; i--) {
            if (KINDS.get(i).type() == failure.getClass()) {
                code = i;
                break;
            }
        }
        String message = failure instanceof EngineException ? failure.getMessage()
                : "The node failed: " + failure;
        out.writeByte(code).writeString(message == null ? failure.toString() : message);
    }

    /** The exception an {@code ERROR} or {@code REFUSED} body describes. */
    public static EngineException read(FrameInput in) {
        int code = in.readByte();
        String message = in.readString();
        Kind kind = code > 0 && code < KINDS.size() ? KINDS.get(code) : KINDS.get(0);
        return kind.make().apply(message);
    }
}
