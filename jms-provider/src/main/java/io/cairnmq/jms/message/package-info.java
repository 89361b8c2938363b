/**
 * The message types: {@link io.cairnmq.jms.message.CairnMessage} owns headers, properties,
 * read-only state and {@code getBody}; each typed message is a thin shell around its body.
 * {@link io.cairnmq.jms.message.TypeConversions} is the specification's conversion table, and
 * {@link io.cairnmq.jms.message.MessageRecords} maps messages to and from the engine's record.
 */
package io.cairnmq.jms.message;
