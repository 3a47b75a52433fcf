package dev.wgroam.aws.accelerator;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.globalaccelerator.GlobalAcceleratorClient;
import software.amazon.awssdk.services.globalaccelerator.model.TransactionInProgressException;

/**
 * The adapter against Global Accelerator's wire format (JSON 1.1, X-Amz-Target), served by WireMock:
 * Global Accelerator has no emulator. SDK retries are off so the requests counted are the adapter's.
 */
class GlobalAcceleratorWeightsTest {

    static final String GROUP = "arn:aws:globalaccelerator::123456789012:accelerator/abc/listener/def/endpoint-group/ghi";
    static final String TARGET = "GlobalAccelerator_V20180706.";

    WireMockServer server;
    GlobalAcceleratorClient client;
    final List<Duration> slept = new ArrayList<>();

    @BeforeEach
    void start() {
        server = new WireMockServer(options().bindAddress("127.0.0.1").dynamicPort());
        server.start();
        client = GlobalAcceleratorClient.builder()
                .endpointOverride(URI.create("http://127.0.0.1:" + server.port()))
                .region(Region.of(GlobalAcceleratorWeights.API_REGION))
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("a", "b")))
                .httpClientBuilder(UrlConnectionHttpClient.builder())
                .overrideConfiguration(c -> c.retryStrategy(AwsRetryStrategy.doNotRetry()))
                .build();
    }

    @AfterEach
    void stop() {
        client.close();
        server.stop();
    }

    private GlobalAcceleratorWeights weights(int attempts) {
        return new GlobalAcceleratorWeights(client, attempts, Duration.ofMillis(100), slept::add);
    }

    /** GA's answer: JSON 1.1 with this status and body. */
    private static ResponseDefinitionBuilder answer(int status, String body) {
        return aResponse().withStatus(status).withHeader("Content-Type", "application/x-amz-json-1.1").withBody(body);
    }

    private static ResponseDefinitionBuilder transactionInProgress() {
        return answer(400, "{\"__type\":\"TransactionInProgressException\",\"Message\":\"another change is in progress\"}");
    }

    /** DescribeEndpointGroup of {@link #GROUP} answers with these endpoint descriptions (comma-separated JSON). */
    private void describeAnswers(String endpointDescriptions) {
        server.stubFor(post(urlEqualTo("/")).withHeader("X-Amz-Target", equalTo(TARGET + "DescribeEndpointGroup"))
                .willReturn(answer(200, "{\"EndpointGroup\":{\"EndpointGroupArn\":\"" + GROUP + "\",\"EndpointDescriptions\":["
                        + endpointDescriptions + "]}}")));
    }

    /** UpdateEndpointGroup answers in scenario state {@code state}, then moves the scenario to {@code next}. */
    private void updateAnswers(String state, ResponseDefinitionBuilder answer, String next) {
        server.stubFor(post(urlEqualTo("/")).withHeader("X-Amz-Target", equalTo(TARGET + "UpdateEndpointGroup"))
                .inScenario("busy").whenScenarioStateIs(state)
                .willReturn(answer)
                .willSetStateTo(next));
    }

    @Test
    void describe_readsEveryEndpointWithItsWeightAndClientIpSetting() {
        describeAnswers("{\"EndpointId\":\"i-a\",\"Weight\":128,\"ClientIPPreservationEnabled\":true},"
                + "{\"EndpointId\":\"i-b\",\"Weight\":0,\"ClientIPPreservationEnabled\":false}");

        assertEquals(List.of(new EndpointWeight("i-a", 128, true), new EndpointWeight("i-b", 0, false)),
                weights(1).describe(GROUP));
        server.verify(postRequestedFor(urlEqualTo("/")).withRequestBody(equalToJson("{\"EndpointGroupArn\":\"" + GROUP + "\"}")));
    }

    @Test
    void read_carriesGasHealthState_andEmptyWhereItReportsNone() {
        describeAnswers("{\"EndpointId\":\"i-a\",\"Weight\":128,\"HealthState\":\"UNHEALTHY\","
                + "\"HealthReason\":\"Health check failed\"},"
                + "{\"EndpointId\":\"i-b\",\"Weight\":0}");

        assertEquals(List.of(new DescribedEndpoint(new EndpointWeight("i-a", 128, false), "UNHEALTHY"),
                        new DescribedEndpoint(new EndpointWeight("i-b", 0, false), "")),
                weights(1).read(GROUP));
    }

    @Test
    void update_sendsTheFullListWithExplicitWeights_retryingTransactionInProgress() {
        updateAnswers(Scenario.STARTED, transactionInProgress(), "still busy");
        updateAnswers("still busy", transactionInProgress(), "free");
        updateAnswers("free", answer(200, "{\"EndpointGroup\":{\"EndpointGroupArn\":\"" + GROUP + "\"}}"), "free");

        weights(5).update(GROUP, List.of(new EndpointWeight("i-a", 0, true), new EndpointWeight("i-b", 200, false)));

        server.verify(3, postRequestedFor(urlEqualTo("/"))
                .withHeader("X-Amz-Target", equalTo(TARGET + "UpdateEndpointGroup"))
                .withRequestBody(equalToJson("{\"EndpointGroupArn\":\"" + GROUP + "\",\"EndpointConfigurations\":["
                        + "{\"EndpointId\":\"i-a\",\"Weight\":0,\"ClientIPPreservationEnabled\":true},"
                        + "{\"EndpointId\":\"i-b\",\"Weight\":200,\"ClientIPPreservationEnabled\":false}]}")));
        assertEquals(List.of(Duration.ofMillis(100), Duration.ofMillis(200)), slept);
    }

    @Test
    void update_whenStillBusyAfterEveryAttempt_givesUpWithTheError() {
        server.stubFor(post(urlEqualTo("/")).withHeader("X-Amz-Target", containing("UpdateEndpointGroup"))
                .willReturn(transactionInProgress()));

        assertThrows(TransactionInProgressException.class,
                () -> weights(3).update(GROUP, List.of(new EndpointWeight("i-a", 0, true))));
        server.verify(3, postRequestedFor(urlEqualTo("/")));
    }
}
