package dev.wgroam.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.wgroam.aws.sdk.SdkClients;
import dev.wgroam.fleet.NodeId;
import dev.wgroam.fleet.Region;
import dev.wgroam.functions.ownership.CommandSender;
import dev.wgroam.functions.ownership.SsmCommandSender;
import dev.wgroam.routes.Cidr;
import dev.wgroam.routes.RouteEntry;
import dev.wgroam.routes.RouteUpdate;
import dev.wgroam.text.Json;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.ssm.SsmClient;
import software.amazon.awssdk.services.ssm.model.Command;
import software.amazon.awssdk.services.ssm.model.DocumentFormat;
import software.amazon.awssdk.services.ssm.model.DocumentType;

/** The route update as SSM (moto) records it: the template's document, tag targets, one command per region. */
class SsmCommandSenderMotoTest {

    private static SsmClient ssm(SdkClients clients, Region region) {
        return clients.build(SsmClient.builder(), region.name());
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> documentContent() {
        Map<String, Object> properties = (Map<String, Object>) Template.resource("RouteUpdateDocument").get("Properties");
        return (Map<String, Object>) properties.get("Content");
    }

    @Test
    @SuppressWarnings("unchecked")
    void templateDocument_acceptsExactlyWhatTheFunctionSends() {
        Map<String, Object> parameters = (Map<String, Object>) documentContent().get("parameters");
        Map<String, Object> routes = (Map<String, Object>) parameters.get(SsmCommandSender.ROUTES_PARAMETER);

        assertEquals(Set.of(SsmCommandSender.ROUTES_PARAMETER), parameters.keySet());
        assertEquals(RouteUpdate.ALLOWED_PATTERN, routes.get("allowedPattern"));
        assertEquals("ENV_VAR", routes.get("interpolationType"));
        assertFalse(Json.write(documentContent()).contains("{{"), "the command must not interpolate parameters");
    }

    @Test
    void send_reachesEachRegionWithOneTagTargetedCommandPerPayload() {
        SdkClients clients = new SdkClients(MotoServer.CREDENTIALS, MotoServer.endpoint());
        String document = "wg-roam-test-" + UUID.randomUUID() + "-apply-routes";
        String fleet = "fleet-" + UUID.randomUUID();
        List<Region> regions = List.of(new Region("eu-west-1"), new Region("us-east-1"));
        for (Region region : regions) {
            // The node-region stack creates the document in every node region.
            ssm(clients, region).createDocument(r -> r.name(document).documentType(DocumentType.COMMAND)
                    .documentFormat(DocumentFormat.JSON).content(Json.write(documentContent())));
        }
        SsmCommandSender sender = new SsmCommandSender(
                new SsmCommandSender.Settings(document, "wg-roam:fleet", fleet, 60, "100%", "100%"),
                region -> ssm(clients, region));
        String payload = RouteUpdate.encode(List.of(
                new RouteEntry(Cidr.parse("10.50.0.7/32"), new NodeId("node-a"), 3),
                new RouteEntry(Cidr.parse("172.31.0.0/16"), new NodeId("node-b"), 1)));

        Map<Region, CommandSender.Outcome> outcomes = sender.send(Set.copyOf(regions), List.of(payload));

        for (Region region : regions) {
            assertEquals(new CommandSender.Outcome(1, null), outcomes.get(region));
            List<Command> commands = ssm(clients, region).listCommands().commands().stream()
                    .filter(c -> c.documentName().equals(document)).toList();
            assertEquals(1, commands.size(), "one command in " + region);
            Command command = commands.get(0);
            assertEquals("tag:wg-roam:fleet", command.targets().get(0).key());
            assertEquals(List.of(fleet), command.targets().get(0).values());
            assertEquals(Map.of("routes", List.of(payload)), command.parameters());
            assertEquals("100%", command.maxConcurrency());
            assertEquals("100%", command.maxErrors());
            assertTrue(command.instanceIds().isEmpty(), "tag targets, never instance lists");
        }
    }

    @Test
    void send_whenOneRegionIsUnreachable_theOtherRegionStillGetsItsCommand() {
        SdkClients clients = new SdkClients(MotoServer.CREDENTIALS, MotoServer.endpoint());
        // Nothing listens on the discard port of loopback: every call to this region is refused at once.
        SdkClients unreachable = new SdkClients(MotoServer.CREDENTIALS, java.net.URI.create("http://127.0.0.1:9"));
        String document = "wg-roam-test-" + UUID.randomUUID() + "-apply-routes";
        Region reachable = new Region("eu-central-1");
        Region down = new Region("ap-southeast-2");
        ssm(clients, reachable).createDocument(r -> r.name(document).documentType(DocumentType.COMMAND)
                .documentFormat(DocumentFormat.JSON).content(Json.write(documentContent())));
        SsmCommandSender sender = new SsmCommandSender(
                new SsmCommandSender.Settings(document, "wg-roam:fleet", "f", 60, "100%", "100%"),
                region -> ssm(region.equals(down) ? unreachable : clients, region));

        Map<Region, CommandSender.Outcome> outcomes = sender.send(Set.of(reachable, down),
                List.of(RouteUpdate.encode(List.of(new RouteEntry(Cidr.parse("10.50.0.7/32"), new NodeId("a"), 1)))));

        assertEquals(new CommandSender.Outcome(1, null), outcomes.get(reachable));
        assertTrue(outcomes.get(down).failed(), outcomes.toString());
        assertEquals(0, outcomes.get(down).commandsSent());
    }
}
