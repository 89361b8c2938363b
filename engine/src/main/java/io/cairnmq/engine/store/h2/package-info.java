/**
 * The journal in an H2 file database of the member's data directory, opened through a HikariCP
 * pool: its schema (created and versioned on first start) and a writer thread that turns queued
 * records into group commits, keeping the messages one commit stores for a queue together as a
 * pack. The only package that imports H2 or HikariCP.
 */
package io.cairnmq.engine.store.h2;
