/** Connection factory configuration: the URL and its options, parsed once into a record. */
package io.cairnmq.jms.config;
