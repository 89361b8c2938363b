package io.cairnmq.glassfish.app;

import jakarta.annotation.Resource;
import jakarta.ejb.ActivationConfigProperty;
import jakarta.ejb.MessageDriven;
import jakarta.ejb.MessageDrivenContext;
import jakarta.jms.JMSException;
import jakarta.jms.Message;
import jakarta.jms.MessageListener;
import jakarta.jms.TextMessage;

import javax.sql.DataSource;
import java.sql.SQLException;

/**
 * Records each delivery as a row, in the container's transaction (the default for a bean
 * without a transaction attribute: Required). A message whose property
 * {@value #ROLL_BACK_FIRST_DELIVERY} is true has its first delivery rolled back: its row goes,
 * and the message must come again, marked redelivered. One whose property
 * {@value #ALWAYS_ROLL_BACK} is true is rolled back every time: after 3 attempts (the
 * activation's {@code maxDeliveryAttempts}) the adapter moves it to {@value #DEAD_LETTERS}.
 */
@MessageDriven(name = "OrderListener", activationConfig = {
        @ActivationConfigProperty(propertyName = "destination", propertyValue = OrderListener.QUEUE),
        @ActivationConfigProperty(propertyName = "destinationType", propertyValue = "jakarta.jms.Queue"),
        @ActivationConfigProperty(propertyName = "maxSession", propertyValue = "4"),
        @ActivationConfigProperty(propertyName = "maxDeliveryAttempts", propertyValue = "3"),
        @ActivationConfigProperty(propertyName = "deadLetterQueue", propertyValue = OrderListener.DEAD_LETTERS)})
public class OrderListener implements MessageListener {

    public static final String QUEUE = "orders";
    public static final String DEAD_LETTERS = "orders-dead";
    public static final String ROLL_BACK_FIRST_DELIVERY = "rollBackFirstDelivery";
    public static final String ALWAYS_ROLL_BACK = "alwaysRollBack";

    @Resource(lookup = Rows.DATA_SOURCE)
    private DataSource rows;
    @Resource
    private MessageDrivenContext context;

    @Override
    public void onMessage(Message message) {
        try {
            boolean redelivered = message.getJMSRedelivered();
            Rows.delivery(rows, ((TextMessage) message).getText(), redelivered,
                    message.getIntProperty("JMSXDeliveryCount"));
            if (message.getBooleanProperty(ALWAYS_ROLL_BACK)
                    || message.getBooleanProperty(ROLL_BACK_FIRST_DELIVERY) && !redelivered) {
                context.setRollbackOnly();
            }
        } catch (JMSException | SQLException e) {
            throw new IllegalStateException("cannot record " + message, e);
        }
    }
}
