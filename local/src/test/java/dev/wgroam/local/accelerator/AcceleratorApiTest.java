package dev.wgroam.local.accelerator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.wgroam.aws.accelerator.EndpointWeight;
import dev.wgroam.aws.accelerator.GlobalAcceleratorWeights;
import dev.wgroam.aws.sdk.SdkClients;
import dev.wgroam.fleet.Region;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.services.globalaccelerator.GlobalAcceleratorClient;
import software.amazon.awssdk.services.globalaccelerator.model.EndpointGroupNotFoundException;
import software.amazon.awssdk.services.globalaccelerator.model.InvalidArgumentException;

/** The failover function's own GA adapter, on the real SDK client, against the stand-in's API. */
class AcceleratorApiTest {

    static final String EU = "arn:aws:globalaccelerator::000000000000:accelerator/lab/listener/l/endpoint-group/eu";
    final List<List<EndpointGroupState>> changes = new ArrayList<>();
    final Accelerator accelerator = new Accelerator(Map.of("i-a", "10.200.0.1", "i-b", "10.200.0.2", "i-c", "10.200.0.3"),
            changes::add);
    final AcceleratorApi api = new AcceleratorApi(accelerator);
    final GlobalAcceleratorClient client = new SdkClients(
            StaticCredentialsProvider.create(AwsBasicCredentials.create("lab", "lab")), api.endpoint())
            .build(GlobalAcceleratorClient.builder(), GlobalAcceleratorWeights.API_REGION);
    final GlobalAcceleratorWeights weights = new GlobalAcceleratorWeights(client, 3, Duration.ofMillis(1), d -> { });

    @AfterEach
    void close() {
        client.close();
        api.close();
    }

    @Test
    void theFailoverFunctionsCallsReadAndSetTheWeightsTheEdgeUses() {
        accelerator.addGroup(EU, new Region("eu-west-1"), List.of("i-a", "i-b"));
        assertEquals(List.of(new EndpointWeight("i-a", 128, true), new EndpointWeight("i-b", 128, true)),
                weights.describe(EU));

        weights.update(EU, List.of(new EndpointWeight("i-a", 0, true), new EndpointWeight("i-b", 200, false)));

        assertEquals(List.of(new EndpointWeight("i-a", 0, true), new EndpointWeight("i-b", 200, false)),
                weights.describe(EU));
        List<EndpointGroupState> last = changes.get(changes.size() - 1);
        assertEquals(List.of(0, 200), last.get(0).endpoints().stream().map(AcceleratorEndpoint::weight).toList(),
                "the edge hears of every change");
    }

    @Test
    void anUpdateReplacesTheWholeListAndAnOmittedWeightBecomes128() {
        accelerator.addGroup(EU, new Region("eu-west-1"), List.of("i-a", "i-b"));
        client.updateEndpointGroup(r -> r.endpointGroupArn(EU).endpointConfigurations(c -> c.endpointId("i-b")));
        assertEquals(List.of(new EndpointWeight("i-b", 128, true)), weights.describe(EU));
    }

    @Test
    void healthShowsInDescribe() {
        accelerator.addGroup(EU, new Region("eu-west-1"), List.of("i-a", "i-b"));
        accelerator.health("i-a", HealthState.UNHEALTHY);
        var described = client.describeEndpointGroup(r -> r.endpointGroupArn(EU)).endpointGroup().endpointDescriptions();
        assertEquals("UNHEALTHY", described.get(0).healthStateAsString());
        assertEquals("INITIAL", described.get(1).healthStateAsString());
        assertTrue(changes.get(changes.size() - 1).get(0).endpoints().get(0).health() == HealthState.UNHEALTHY);
    }

    @Test
    void refusalsComeBackAsGasModelledExceptions() {
        accelerator.addGroup(EU, new Region("eu-west-1"), List.of("i-a"));
        assertThrows(EndpointGroupNotFoundException.class, () -> weights.describe(EU + "-gone"));
        InvalidArgumentException unknown = assertThrows(InvalidArgumentException.class,
                () -> weights.update(EU, List.of(new EndpointWeight("i-zzz", 10, true))));
        assertTrue(unknown.getMessage().contains("i-zzz"), unknown.getMessage());
        assertEquals(List.of(new EndpointWeight("i-a", 128, true)), weights.describe(EU), "a refused update changes nothing");
    }
}
