/**
 * The administered objects a server creates from the adapter: queues and topics named by their
 * physical name, which the provider takes as it takes any application's destinations.
 */
package io.cairnmq.ra.admin;
