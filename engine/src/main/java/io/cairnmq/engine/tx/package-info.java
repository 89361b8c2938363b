/**
 * Transactions as plain state, in the shape of two-phase commit: the work a transaction does to
 * one entry of the shard map ({@link io.cairnmq.engine.tx.EntryWork}: messages it sends there,
 * messages it acknowledges there), the work an entry holds prepared while it waits for the
 * decision ({@link io.cairnmq.engine.tx.PreparedWork}), and the decisions an entry records when it
 * coordinates ({@link io.cairnmq.engine.tx.EntryTransactions}).
 *
 * <p>Words: a <em>participant</em> is an entry a transaction changes; the <em>coordinator</em> is
 * the participant whose commit decides the transaction (its decision is recorded there, with its
 * own changes, in one step); the <em>committer</em> is the member that drives the protocol.
 * Sends of a prepared transaction are invisible until it commits; messages it acknowledges are
 * held by the transaction itself, so that neither their consumer's close nor its member's death
 * puts them back before the decision is known. Without a recorded decision, a prepared
 * transaction is presumed aborted.
 */
package io.cairnmq.engine.tx;
