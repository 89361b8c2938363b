/**
 * The one binary form of a message and its parts, written to any {@link java.io.DataOutput}:
 * used for replication between members, and later for the disk store and the network protocol.
 */
package io.cairnmq.engine.codec;
