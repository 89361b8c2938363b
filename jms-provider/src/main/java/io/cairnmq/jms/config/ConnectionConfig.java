package io.cairnmq.jms.config;

import io.cairnmq.engine.api.BrokerConfig;

/**
 * What a connection factory connects to and how its connections behave.
 *
 * @param url      the URL it was made from, for messages and {@code toString}
 * @param broker   the embedded broker member to start or join ({@code vm://}), or null
 * @param remote   the broker nodes to connect to ({@code tcp://}, {@code ssl://}), or null
 * @param prefetch messages a consumer may hold ahead of its application
 * @param trustedPackages what a received ObjectMessage may deserialize
 * @param clientId the client ID every connection of this factory gets, set administratively
 *                 (section 6.1.2); null to let the application set one
 */
public record ConnectionConfig(String url, BrokerConfig broker, io.cairnmq.jms.remote.RemoteConfig remote, int prefetch,
                               io.cairnmq.jms.message.ObjectAllowList trustedPackages, String clientId) {
}
