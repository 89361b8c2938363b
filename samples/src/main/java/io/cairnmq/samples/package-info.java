/**
 * Runnable samples, written against {@code jakarta.jms} and JNDI only: the provider comes from
 * {@code jndi.properties}. {@link io.cairnmq.samples.Samples} picks one by name.
 */
package io.cairnmq.samples;
