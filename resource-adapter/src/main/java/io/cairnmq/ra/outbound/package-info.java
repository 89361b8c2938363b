/**
 * The connections enterprise beans use, pooled by the server: a managed connection is one
 * physical XA connection and its XA session, enlisted in the container's transactions; the
 * application holds handles to it, and closing a handle gives the managed connection back to
 * the pool.
 */
package io.cairnmq.ra.outbound;
