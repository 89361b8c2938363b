/** CairnMQ's destination objects and their mapping to the engine's destination names. */
package io.cairnmq.jms.destination;
