/**
 * XA transaction branches as a connection keeps them until they are prepared: which sessions
 * work in each ({@code start}/{@code end} with join, suspend and resume), what each branch sends
 * and receives, its timeout, and the XA protocol over the engine's two-phase transactions
 * ({@code prepare}, {@code commit}, {@code rollback}, {@code recover}). A prepared branch
 * belongs to the cluster: any connection can finish it, after a crash too.
 */
package io.cairnmq.jms.xa;
