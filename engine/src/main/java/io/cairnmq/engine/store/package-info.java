/**
 * The member's disk journal as the engine sees it, with no storage technology in it: the
 * records that describe changes to persistent messages, and the {@link
 * io.cairnmq.engine.store.Journal} that writes them in group commits off the partition threads
 * and reads them back at start. The H2 implementation lives in {@code store.h2}.
 */
package io.cairnmq.engine.store;
