package dev.wgroam.agent.aws;

import dev.wgroam.agent.config.AgentConfig;
import java.net.URI;
import java.time.Duration;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.awscore.client.builder.AwsClientBuilder;
import software.amazon.awssdk.awscore.client.builder.AwsSyncClientBuilder;
import software.amazon.awssdk.core.client.config.ClientOverrideConfiguration;
import software.amazon.awssdk.core.retry.RetryMode;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.cloudwatch.CloudWatchClient;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * Builds the agent's SDK clients once, with the region, endpoint overrides, timeouts and retry
 * policy in one place. Calls are short and the agent loops anyway, so a call gives up after a few
 * seconds rather than stalling a poll: the next loop tries again with fresh state.
 */
public final class AwsClients implements AutoCloseable {

    static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(2);
    static final Duration SOCKET_TIMEOUT = Duration.ofSeconds(3);
    static final Duration API_CALL_ATTEMPT_TIMEOUT = Duration.ofSeconds(3);
    static final Duration API_CALL_TIMEOUT = Duration.ofSeconds(10);
    /** The SDK's standard mode: exponential backoff with jitter, throttling-aware, 3 attempts. */
    static final RetryMode RETRY_MODE = RetryMode.STANDARD;

    private final SdkHttpClient http;
    private final DynamoDbClient dynamoDb;
    private final CloudWatchClient cloudWatch;

    public AwsClients(AgentConfig config, AwsCredentialsProvider credentials) {
        this.http = UrlConnectionHttpClient.builder()
                .connectionTimeout(CONNECT_TIMEOUT)
                .socketTimeout(SOCKET_TIMEOUT)
                .build();
        this.dynamoDb = configure(DynamoDbClient.builder(), config, config.dynamoDbEndpoint(), credentials).build();
        this.cloudWatch = configure(CloudWatchClient.builder(), config, config.cloudWatchEndpoint(), credentials).build();
    }

    public static AwsClients withDefaultCredentials(AgentConfig config) {
        return new AwsClients(config, DefaultCredentialsProvider.builder().build());
    }

    private <B extends AwsClientBuilder<B, ?> & AwsSyncClientBuilder<B, ?>> B configure(
            B builder, AgentConfig config, URI endpoint, AwsCredentialsProvider credentials) {
        builder.region(Region.of(config.region().name()))
                .credentialsProvider(credentials)
                .httpClient(http)
                .overrideConfiguration(ClientOverrideConfiguration.builder()
                        .apiCallAttemptTimeout(API_CALL_ATTEMPT_TIMEOUT)
                        .apiCallTimeout(API_CALL_TIMEOUT)
                        .retryStrategy(RETRY_MODE)
                        .build());
        if (endpoint != null) {
            builder.endpointOverride(endpoint);
        }
        return builder;
    }

    public DynamoDbClient dynamoDb() {
        return dynamoDb;
    }

    public CloudWatchClient cloudWatch() {
        return cloudWatch;
    }

    @Override
    public void close() {
        dynamoDb.close();
        cloudWatch.close();
        http.close();
    }
}
