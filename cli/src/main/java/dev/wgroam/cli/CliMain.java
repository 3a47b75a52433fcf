package dev.wgroam.cli;

import dev.wgroam.fleet.NodeRecord;
import dev.wgroam.functions.aws.FunctionClients;
import dev.wgroam.functions.failover.GlobalAcceleratorWeights;
import dev.wgroam.functions.failover.OperatorAction;
import dev.wgroam.ownership.Observation;
import dev.wgroam.ownership.Owner;
import dev.wgroam.table.MalformedItemException;
import dev.wgroam.table.NodeRecordItem;
import dev.wgroam.table.NodeStatusItem;
import dev.wgroam.table.OwnerItem;
import dev.wgroam.table.TableLists;
import dev.wgroam.table.TableSchema;
import dev.wgroam.text.Json;
import java.io.PrintStream;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.ResourceNotFoundException;
import software.amazon.awssdk.services.eventbridge.EventBridgeClient;
import software.amazon.awssdk.services.eventbridge.model.PutEventsResponse;
import software.amazon.awssdk.services.globalaccelerator.GlobalAcceleratorClient;

/**
 * {@code wg-roam status [--json] [--endpoint-group ARN]...}, {@code wg-roam drain NODE [--reason TEXT]},
 * {@code wg-roam undrain NODE}. Options: {@code --table} (wg-roam), {@code --region} (AWS_REGION, else
 * eu-west-1), {@code --endpoint} (a DynamoDB endpoint, e.g. local mode's; uses local mode's credentials),
 * {@code --events-endpoint}, {@code --endpoint-group} (repeatable or comma-separated: the GA endpoint
 * groups whose weights status shows), {@code --accelerator-endpoint} (instead of GA's us-west-2 API).
 * Drains go as the operator event the failover function of the node's region acts on.
 */
public final class CliMain {

    private CliMain() {
    }

    public static void main(String[] args) {
        System.exit(run(List.of(args), System.getenv(), System.out, System.err));
    }

    public static int run(List<String> args, Map<String, String> env, PrintStream out, PrintStream err) {
        Map<String, String> options = new HashMap<>();
        List<String> endpointGroups = new ArrayList<>();
        List<String> words = new ArrayList<>();
        for (int i = 0; i < args.size(); i++) {
            String a = args.get(i);
            if (a.equals("--json")) {
                options.put("json", "true");
            } else if (a.equals("--endpoint-group") && i + 1 < args.size()) {
                Arrays.stream(args.get(++i).split(",")).map(String::strip).filter(g -> !g.isEmpty())
                        .forEach(endpointGroups::add);
            } else if (a.startsWith("--") && i + 1 < args.size()) {
                options.put(a.substring(2), args.get(++i));
            } else {
                words.add(a);
            }
        }
        if (words.isEmpty() || !List.of("status", "drain", "undrain").contains(words.get(0))
                || (!words.get(0).equals("status") && words.size() != 2)) {
            err.println("usage: wg-roam status [--json] [--endpoint-group ARN[,ARN]]... [--accelerator-endpoint URL]"
                    + " | drain NODE [--reason TEXT] | undrain NODE"
                    + "   [--table NAME] [--region REGION] [--endpoint URL] [--events-endpoint URL]");
            return 64;
        }
        for (String url : List.of("endpoint", "events-endpoint", "accelerator-endpoint")) {
            if (options.containsKey(url) && !isHttpUrl(options.get(url))) {
                err.println("--" + url + " must be an http(s) URL, not " + dev.wgroam.text.Printable.quote(options.get(url)));
                return 64;
            }
        }
        String table = options.getOrDefault("table", "wg-roam");
        String region = options.getOrDefault("region", env.getOrDefault("AWS_REGION", "eu-west-1"));
        URI endpoint = uri(options.get("endpoint"));
        // An endpoint means an emulator (local mode): any static credentials do.
        AwsCredentialsProvider credentials = endpoint != null
                ? StaticCredentialsProvider.create(AwsBasicCredentials.create("wgroamlocal", "local-secret"))
                : DefaultCredentialsProvider.builder().build();
        FunctionClients clients = new FunctionClients(credentials, endpoint);
        try (DynamoDbClient dynamoDb = clients.build(DynamoDbClient.builder(), region)) {
            List<MalformedItemException> malformed = new ArrayList<>();
            List<NodeRecord> nodes = TableLists.read(dynamoDb, table, TableSchema.NODES, NodeRecordItem::fromItem, malformed::add);
            if (words.get(0).equals("status")) {
                List<Owner> owners = TableLists.read(dynamoDb, table, TableSchema.OWNERS, OwnerItem::fromItem, malformed::add);
                // Each owner's observation holds the client's endpoint: one query per owning node.
                List<Observation> observations = new ArrayList<>();
                owners.stream().map(Owner::node).distinct().forEach(n ->
                        observations.addAll(TableLists.observationsBy(dynamoDb, table, n, malformed::add)));
                FleetStatus status = FleetStatus.of(nodes,
                        TableLists.read(dynamoDb, table, TableSchema.STATUSES, NodeStatusItem::fromItem, malformed::add),
                        owners, observations,
                        endpointGroups.isEmpty() ? GaReadings.notAsked()
                                : readAccelerator(endpointGroups, clients.at(uri(options.get("accelerator-endpoint")))),
                        Clock.systemUTC().instant());
                out.print(options.containsKey("json") ? status.json() + "\n" : status.text());
                malformed.forEach(e -> err.println("skipped a malformed item: " + e.getMessage()));
                return 0;
            }
            String wanted = words.get(1);
            NodeRecord node = nodes.stream().filter(n -> n.node().value().equals(wanted) || n.nodeName().value().equals(wanted))
                    .findFirst().orElse(null);
            if (node == null) {
                err.println("no node " + wanted + " in table " + table + "; nodes: "
                        + nodes.stream().map(n -> n.nodeName().value()).toList());
                return 65;
            }
            OperatorAction action = new OperatorAction(node.node(), words.get(0).equals("drain"),
                    options.getOrDefault("reason", "operator"));
            return operator(node, action, clients.at(uri(options.get("events-endpoint"))), out, err);
        } catch (ResourceNotFoundException e) {
            err.println("no table " + table + " in " + region + ": deploy the home stack (README, Deploy), pass --table,"
                    + " or --endpoint for local mode");
            return 66;
        } catch (SdkClientException e) {
            err.println(e.getMessage() != null && e.getMessage().contains("credentials")
                    ? "no AWS credentials found: set AWS_PROFILE or AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY, or run on an"
                      + " instance with a role (" + e.getMessage() + ")"
                    : "cannot reach DynamoDB in " + region + ": " + e.getMessage());
            return 69;
        } catch (AwsServiceException e) {
            // Anything else AWS refuses (access denied, throttling past the retries): one line, no stack trace.
            String code = e.awsErrorDetails() == null ? "" : e.awsErrorDetails().errorCode();
            err.println(e.awsErrorDetails() == null ? "AWS refused the request: " + e.getMessage()
                    : "AWS refused the request (" + e.awsErrorDetails().serviceName() + " " + code + "): "
                      + e.awsErrorDetails().errorMessage());
            return code != null && code.startsWith("AccessDenied") ? 77 : 69;
        }
    }

    private static boolean isHttpUrl(String text) {
        try {
            URI uri = new URI(text);
            return ("http".equals(uri.getScheme()) || "https".equals(uri.getScheme())) && uri.getHost() != null;
        } catch (java.net.URISyntaxException e) {
            return false;
        }
    }

    /** A checked URL option as an endpoint override; null (AWS's own endpoint) when not given. */
    private static URI uri(String option) {
        return option == null ? null : URI.create(option);
    }

    /** GA weights are an addition to status: short timeouts, and failures come back as reasons. */
    private static GaReadings readAccelerator(List<String> endpointGroups, FunctionClients clients) {
        try (GlobalAcceleratorClient client = clients.withCallTimeouts(Duration.ofSeconds(4), Duration.ofSeconds(10))
                .build(GlobalAcceleratorClient.builder(), GlobalAcceleratorWeights.API_REGION)) {
            // Only reads here, so the update retry settings (attempts, backoff, sleeper) never come into play.
            return GaReadings.read(new GlobalAcceleratorWeights(client, 1, Duration.ZERO, d -> { }), endpointGroups);
        }
    }

    private static int operator(NodeRecord node, OperatorAction action, FunctionClients clients, PrintStream out,
                                PrintStream err) {
        try (EventBridgeClient events = clients.build(EventBridgeClient.builder(), node.region().name())) {
            PutEventsResponse response = events.putEvents(r -> r.entries(e -> e.source(OperatorAction.SOURCE)
                    .detailType(OperatorAction.DETAIL_TYPE).detail(Json.write(action.detail()))));
            if (response.failedEntryCount() > 0) {
                err.println("EventBridge refused the event: " + response.entries().get(0).errorMessage());
                return 69;
            }
            out.println(action.verb() + " of " + node.nodeName() + " sent to the failover function in " + node.region());
            return 0;
        }
    }
}
