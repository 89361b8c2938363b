/** Who may connect: the broker's user store, checked when a connection opens. */
package io.cairnmq.engine.security;
