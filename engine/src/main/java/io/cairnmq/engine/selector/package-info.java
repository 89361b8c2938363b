/**
 * JMS message selectors (the SQL-92 conditional subset of the Jakarta Messaging specification,
 * section 3.8.1): a hand-written lexer and recursive-descent parser, compiled expression trees
 * evaluated with SQL's three-valued logic, and a cache of compiled selectors (failures
 * included). Evaluated in the engine, on the member that holds the messages, against a
 * one-method {@link io.cairnmq.engine.selector.PropertyLookup}.
 */
package io.cairnmq.engine.selector;
