/**
 * Publish/subscribe state, plain Java like the queue package: a topic entry holds its
 * subscriptions, each an ordinary queue ({@link io.cairnmq.engine.queue.ShardState}), and a
 * publish fans out into them in one step on the topic's partition, so every subscription that
 * exists when a message is published gets it and none created later does. Changes follow the
 * same decide-on-the-owner, apply-everywhere split as queue shards.
 */
package io.cairnmq.engine.topic;
