/**
 * Delivery to message-driven beans: an activation keeps a connection to the broker (and tries
 * again while it cannot have one), and runs up to {@code maxSession} workers on the server's
 * work manager, each a session whose messages it hands to an endpoint, inside the container's
 * transaction when the bean is transacted.
 */
package io.cairnmq.ra.inbound;
