/**
 * Who may connect and what they may do: the user store (salted password hashes and roles,
 * {@code users=FILE}), checked when a connection opens, and the access policy (rights of roles
 * per destination pattern, {@code access=FILE}), checked by the front end before it acts for a
 * connection.
 */
package io.cairnmq.engine.security;
