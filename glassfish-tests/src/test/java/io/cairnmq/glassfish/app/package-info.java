/**
 * The application the tests deploy: message-driven beans that consume through the resource
 * adapter and an enterprise bean that sends through its pooled connection factory, both writing
 * rows through an XA data source in the container's transactions. It is packaged from these
 * classes by the test, with descriptors that name the adapter.
 */
package io.cairnmq.glassfish.app;
