package dev.wgroam.aws.sdk;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.DynamoDbServiceClientConfiguration;

class SdkClientsTest {

    static final URI TABLE_EMULATOR = URI.create("http://127.0.0.1:8000");
    static final URI OTHER_EMULATOR = URI.create("http://127.0.0.1:5000");

    final SdkClients clients = new SdkClients(
            StaticCredentialsProvider.create(AwsBasicCredentials.create("a", "b")), TABLE_EMULATOR);

    private static DynamoDbServiceClientConfiguration configurationOf(SdkClients clients) {
        try (DynamoDbClient client = clients.build(DynamoDbClient.builder(), "eu-west-1")) {
            return client.serviceClientConfiguration();
        }
    }

    @Test
    void build_setsRegionEndpointAndBothCallTimeouts() {
        DynamoDbServiceClientConfiguration configuration = configurationOf(clients);

        assertEquals("eu-west-1", configuration.region().id());
        assertEquals(Optional.of(TABLE_EMULATOR), configuration.endpointOverride());
        assertEquals(Optional.of(SdkClients.DEFAULT.attempt()),
                configuration.overrideConfiguration().apiCallAttemptTimeout());
        assertEquals(Optional.of(SdkClients.DEFAULT.call()), configuration.overrideConfiguration().apiCallTimeout());
    }

    @Test
    void at_changesOnlyTheEndpoint() {
        DynamoDbServiceClientConfiguration configuration = configurationOf(clients.at(OTHER_EMULATOR));

        assertEquals(Optional.of(OTHER_EMULATOR), configuration.endpointOverride());
        assertEquals(configurationOf(clients).overrideConfiguration().apiCallTimeout(),
                configuration.overrideConfiguration().apiCallTimeout());
        assertEquals(Optional.empty(), configurationOf(clients.at(null)).endpointOverride(), "null: AWS's own endpoint");
    }

    @Test
    void anotherBudget_setsBothCallTimeouts_andKeepsTheEndpoint() {
        try (SdkClients agent = new SdkClients(StaticCredentialsProvider.create(AwsBasicCredentials.create("a", "b")),
                TABLE_EMULATOR, new SdkClients.Budget(Duration.ofSeconds(3), Duration.ofSeconds(3), Duration.ofSeconds(10)), List.of())) {
            DynamoDbServiceClientConfiguration configuration = configurationOf(agent.at(OTHER_EMULATOR));

            assertEquals(Optional.of(Duration.ofSeconds(3)), configuration.overrideConfiguration().apiCallAttemptTimeout());
            assertEquals(Optional.of(Duration.ofSeconds(10)), configuration.overrideConfiguration().apiCallTimeout());
            assertEquals(Optional.of(OTHER_EMULATOR), configuration.endpointOverride());
        }
    }

    @Test
    void withCallTimeouts_changesOnlyTheTimeouts() {
        DynamoDbServiceClientConfiguration configuration = configurationOf(
                clients.withCallTimeouts(Duration.ofSeconds(4), Duration.ofSeconds(10)).at(OTHER_EMULATOR));

        assertEquals(Optional.of(Duration.ofSeconds(4)), configuration.overrideConfiguration().apiCallAttemptTimeout());
        assertEquals(Optional.of(Duration.ofSeconds(10)), configuration.overrideConfiguration().apiCallTimeout());
        assertEquals(Optional.of(OTHER_EMULATOR), configuration.endpointOverride());
        assertEquals(Optional.of(SdkClients.DEFAULT.call()), configurationOf(clients).overrideConfiguration()
                .apiCallTimeout(), "the original keeps its timeouts");
    }
}
