/**
 * JNDI drop-in: an {@code InitialContextFactory} that reads the same keys ActiveMQ and Artemis
 * users already have in {@code jndi.properties}, so that switching providers changes that file
 * only.
 */
package io.cairnmq.jms.jndi;
