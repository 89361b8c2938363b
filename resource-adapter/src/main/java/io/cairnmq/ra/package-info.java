/**
 * The JCA resource adapter through which a Jakarta EE server reaches CairnMQ: the adapter
 * itself with its configuration, and the activation spec of a message-driven bean.
 */
package io.cairnmq.ra;
