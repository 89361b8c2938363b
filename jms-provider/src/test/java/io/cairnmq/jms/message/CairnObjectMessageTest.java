package io.cairnmq.jms.message;

import jakarta.jms.JMSException;
import jakarta.jms.MessageFormatException;
import org.junit.jupiter.api.Test;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** ObjectMessage: serialized when set, and deserialized only from trusted packages. */
class CairnObjectMessageTest {

    /** A class outside the default trusted packages. */
    record Order(String id, int quantity) implements Serializable {
    }

    @Test
    void theObjectIsCopiedWhenSet() throws JMSException {
        ArrayList<String> list = new ArrayList<>(List.of("a"));
        CairnObjectMessage m = new CairnObjectMessage(list);
        list.add("b");
        assertEquals(List.of("a"), m.getObject());
        assertNotSame(m.getObject(), m.getObject());
    }

    @Test
    void aReceivedObjectOfAnUntrustedPackageIsRefusedWithAHint() throws JMSException {
        CairnObjectMessage received = receive(new Order("o-1", 3), ObjectAllowList.parse(ObjectAllowList.DEFAULT));
        MessageFormatException e = assertThrows(MessageFormatException.class, received::getObject);
        assertTrue(e.getMessage().contains("trustedPackages"), e.getMessage());
        assertTrue(e.getMessage().contains(Order.class.getName()), e.getMessage());
    }

    @Test
    void trustedPackagesAndTheDefaultsAreRead() throws JMSException {
        assertEquals(new Order("o-2", 1),
                receive(new Order("o-2", 1), ObjectAllowList.parse("io.cairnmq")).getObject());
        assertEquals(List.of(1, 2), receive(new ArrayList<>(List.of(1, 2)),
                ObjectAllowList.parse(ObjectAllowList.DEFAULT)).getObject());
        assertEquals(new Order("o-3", 2), receive(new Order("o-3", 2), ObjectAllowList.parse("*")).getObject());
    }

    @Test
    void allowListRules() {
        ObjectAllowList list = ObjectAllowList.parse("com.example, java.util");
        assertTrue(list.allows("com.example.Order"));
        assertTrue(list.allows("[Lcom.example.Order;"));
        assertTrue(list.allows("[I"));
        assertTrue(!list.allows("com.examplebad.Order"));
        assertTrue(!list.allows("org.evil.Gadget"));
    }

    private static CairnObjectMessage receive(Serializable object, ObjectAllowList trusted) throws JMSException {
        CairnObjectMessage sent = new CairnObjectMessage(object);
        CairnObjectMessage received = new CairnObjectMessage();
        received.trust(trusted);
        received.loadReceivedBody(sent.encodeBody());
        return received;
    }
}
