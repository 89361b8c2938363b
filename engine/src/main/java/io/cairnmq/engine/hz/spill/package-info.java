/**
 * Spilled messages brought back: when a queue with a disk backlog runs low in memory, or a
 * consumer's selector finds nothing it wants there, its next messages (or matches) are read from
 * this member's journal and put back on the queue ({@link io.cairnmq.engine.hz.spill.PageIns}).
 */
package io.cairnmq.engine.hz.spill;
