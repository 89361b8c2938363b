/**
 * The front end of a node: the network server remote clients connect to. It speaks the client
 * protocol ({@code io.cairnmq.protocol}) over TCP or TLS, authenticates each connection against the
 * node's user store, and turns frames into calls on the node's engine, on worker threads so that a
 * call waiting for a disk or a backup never holds a network thread. It bounds what each client can
 * make it hold: frames queued, messages pushed ahead of credit, bytes waiting to be written.
 */
package io.cairnmq.cluster.frontend;
