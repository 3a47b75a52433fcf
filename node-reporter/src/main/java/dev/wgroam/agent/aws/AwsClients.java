package dev.wgroam.agent.aws;

import dev.wgroam.agent.config.AgentConfig;
import dev.wgroam.aws.sdk.SdkClients;
import java.time.Duration;
import java.util.List;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.services.cloudwatch.CloudWatchClient;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * Builds the agent's SDK clients once, with the region, endpoint overrides, timeouts and retry
 * policy in one place ({@link SdkClients}, with the agent's own budget). Calls are short and
 * the agent loops anyway, so a call gives up after a few seconds rather than stalling a poll: the
 * next loop tries again with fresh state.
 */
public final class AwsClients implements AutoCloseable {

    static final SdkClients.Budget BUDGET = new SdkClients.Budget(Duration.ofSeconds(3), Duration.ofSeconds(3),
            Duration.ofSeconds(10));

    private final SdkClients settings;
    private final DynamoDbClient dynamoDb;
    private final CloudWatchClient cloudWatch;

    public AwsClients(AgentConfig config, AwsCredentialsProvider credentials) {
        this.settings = new SdkClients(credentials, config.dynamoDbEndpoint(), BUDGET, List.of());
        this.dynamoDb = settings.build(DynamoDbClient.builder(), config.region().name());
        this.cloudWatch = settings.at(config.cloudWatchEndpoint()).build(CloudWatchClient.builder(), config.region().name());
    }

    public static AwsClients withDefaultCredentials(AgentConfig config) {
        return new AwsClients(config, DefaultCredentialsProvider.builder().build());
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
        settings.close();
    }
}
