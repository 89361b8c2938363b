/**
 * Durability and what must eventually be done: waiting until a change is as durable as the
 * write policy promises ({@link io.cairnmq.engine.hz.recovery.HzDurability}), the retries a
 * member owns until they succeed ({@link io.cairnmq.engine.hz.recovery.OwnedRetries}), the
 * journal read back at start, the transactions a failure interrupted or a departed member left,
 * and the release of what departed members held.
 */
package io.cairnmq.engine.hz.recovery;
