package dev.wgroam.cli;

import dev.wgroam.aws.accelerator.GlobalAcceleratorWeights;
import dev.wgroam.aws.sdk.SdkClients;
import dev.wgroam.aws.table.TableLists;
import dev.wgroam.cli.CommandLine.UsageException;
import dev.wgroam.cli.registry.ClientsConfException;
import dev.wgroam.cli.registry.OperatorRegistry;
import dev.wgroam.cli.registry.RegistryBusyException;
import dev.wgroam.cli.registry.RegistryRefusedException;
import dev.wgroam.fleet.NodeId;
import dev.wgroam.fleet.NodeRecord;
import dev.wgroam.operator.OperatorAction;
import dev.wgroam.ownership.Observation;
import dev.wgroam.ownership.Owner;
import dev.wgroam.ownership.Subject;
import dev.wgroam.registry.NodeApproval;
import dev.wgroam.registry.Registry;
import dev.wgroam.table.MalformedItemException;
import dev.wgroam.table.MalformedItems;
import dev.wgroam.table.NodeStatusItem;
import dev.wgroam.table.ObservationItem;
import dev.wgroam.table.OwnerItem;
import dev.wgroam.table.TableSchema;
import dev.wgroam.text.Json;
import dev.wgroam.text.Printable;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.nio.file.NoSuchFileException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
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
 * {@code wg-roam status | drain | undrain | fleet | node | client} (see {@link Command} and
 * docs/OPERATIONS.md). Options of every command: {@code --table} (wg-roam), {@code --region} (AWS_REGION,
 * else eu-west-1; in {@code node approve} it is the node's region, so there the table is reached in
 * AWS_REGION), {@code --table-region} (the table's region in any command), {@code --endpoint} (a
 * DynamoDB endpoint, e.g. local mode's; uses local mode's credentials). Every input is parsed and
 * checked before the first call to AWS. Exit codes: 0 done, 64 usage, 65 refused data (nothing
 * written), 66 no table or no input file, 69 unavailable or a write race lost too often, 77 denied.
 */
public final class CliMain {

    static final int USAGE = 64;
    static final int DATA = 65;
    static final int NO_INPUT = 66;
    static final int UNAVAILABLE = 69;
    static final int DENIED = 77;
    private static final String DEFAULT_REGION = "eu-west-1";

    private CliMain() {
    }

    public static void main(String[] args) {
        System.exit(run(List.of(args), System.getenv(), System.out, System.err));
    }

    public static int run(List<String> args, Map<String, String> env, PrintStream out, PrintStream err) {
        CommandLine line;
        try {
            line = CommandLine.parse(args);
            for (String url : List.of("endpoint", "events-endpoint", "accelerator-endpoint")) {
                if (line.options().containsKey(url) && !isHttpUrl(line.options().get(url))) {
                    throw new UsageException("--" + url + " must be an http(s) URL, not " + Printable.quote(line.options().get(url)));
                }
            }
        } catch (UsageException e) {
            err.println(e.getMessage());
            return USAGE;
        }
        String table = line.option("table", "wg-roam");
        String region = tableRegion(line, env);
        URI endpoint = uri(line.options().get("endpoint"));
        // An endpoint means an emulator (local mode): any static credentials do.
        AwsCredentialsProvider credentials = endpoint != null
                ? StaticCredentialsProvider.create(AwsBasicCredentials.create("wgroamlocal", "local-secret"))
                : DefaultCredentialsProvider.builder().build();
        SdkClients clients = new SdkClients(credentials, endpoint);
        try {
            // Building a client makes no call: each command checks its input before its first one.
            try (DynamoDbClient dynamoDb = clients.build(DynamoDbClient.builder(), region)) {
                Clock clock = Clock.systemUTC();
                return switch (line.command()) {
                    case STATUS -> status(dynamoDb, table, line, clients, clock.instant(), out, err);
                    case DRAIN, UNDRAIN -> operator(dynamoDb, table, line, clients, out, err);
                    default -> new RegistryCommands(new OperatorRegistry(dynamoDb, table, clock), dynamoDb, table,
                            clock.instant(), out, err).run(line);
                };
            }
        } catch (UsageException e) {
            err.println(e.getMessage());
            return USAGE;
        } catch (RegistryRefusedException | ClientsConfException e) {
            err.println("refused, nothing written: " + e.getMessage());
            return DATA;
        } catch (MalformedItemException e) {
            err.println("refused, nothing written: a malformed item: " + e.getMessage());
            return DATA;
        } catch (IllegalArgumentException e) {
            err.println("refused, nothing written: " + e.getMessage());
            return DATA;
        } catch (RegistryBusyException e) {
            err.println(e.getMessage());
            return UNAVAILABLE;
        } catch (NoSuchFileException e) {
            err.println("no file " + e.getFile());
            return NO_INPUT;
        } catch (IOException e) {
            err.println("cannot read the file: " + e);
            return NO_INPUT;
        } catch (ResourceNotFoundException e) {
            err.println("no table " + table + " in " + region + ": deploy the home stack (README, Deploy), pass --table,"
                    + " or --endpoint for local mode");
            return NO_INPUT;
        } catch (SdkClientException e) {
            err.println(e.getMessage() != null && e.getMessage().contains("credentials")
                    ? "no AWS credentials found: set AWS_PROFILE or AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY, or run on an"
                      + " instance with a role (" + e.getMessage() + ")"
                    : "cannot reach DynamoDB in " + region + ": " + e.getMessage());
            return UNAVAILABLE;
        } catch (AwsServiceException e) {
            // Anything else AWS refuses (access denied, throttling past the retries): one line, no stack trace.
            String code = e.awsErrorDetails() == null ? "" : e.awsErrorDetails().errorCode();
            err.println(e.awsErrorDetails() == null ? "AWS refused the request: " + e.getMessage()
                    : "AWS refused the request (" + e.awsErrorDetails().serviceName() + " " + code + "): "
                      + e.awsErrorDetails().errorMessage());
            return code != null && code.startsWith("AccessDenied") ? DENIED : UNAVAILABLE;
        }
    }

    /**
     * Where the table is: {@code --table-region}, else {@code --region} — except in {@code node approve},
     * where {@code --region} is the node's — else AWS_REGION, else {@value #DEFAULT_REGION}.
     */
    static String tableRegion(CommandLine line, Map<String, String> env) {
        String fallback = env.getOrDefault("AWS_REGION", DEFAULT_REGION);
        if (line.options().containsKey("table-region")) {
            return line.options().get("table-region");
        }
        return line.command() == Command.NODE_APPROVE ? fallback : line.option("region", fallback);
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

    private static int status(DynamoDbClient dynamoDb, String table, CommandLine line, SdkClients clients,
                              Instant now, PrintStream out, PrintStream err) {
        MalformedItems malformed = new MalformedItems();
        Registry registry = TableLists.registry(dynamoDb, table, malformed);
        Map<NodeId, NodeRecord> records = new OperatorRegistry(dynamoDb, table, Clock.systemUTC())
                .nodeRecords(registry.approvals().keySet(), malformed);
        List<Owner> owners = TableLists.read(dynamoDb, table, TableSchema.OWNERS, OwnerItem::fromItem, malformed);
        FleetStatus status = FleetStatus.of(registry, records,
                TableLists.read(dynamoDb, table, TableSchema.STATUSES, NodeStatusItem::fromItem, malformed),
                owners, ownerObservations(dynamoDb, table, owners, malformed),
                line.endpointGroups().isEmpty() ? GaReadings.notAsked()
                        : readAccelerator(line.endpointGroups(), clients.at(uri(line.options().get("accelerator-endpoint")))),
                now);
        out.print(line.flag("json") ? status.json() + "\n" : status.text());
        if (malformed.count() > 0) {
            err.println(malformed.summary());
        }
        return 0;
    }

    /**
     * The observation each client's owner has of it, by exact key (the owner's partition may hold
     * anything else, which no one reads): the endpoint and newest handshake status shows.
     */
    static List<Observation> ownerObservations(DynamoDbClient dynamoDb, String table, List<Owner> owners,
                                               MalformedItems malformed) {
        return TableLists.byKeys(dynamoDb, table, owners.stream()
                .filter(o -> o.subject() instanceof Subject.Client)
                .map(o -> ObservationItem.key(o.node(), ((Subject.Client) o.subject()).key()))
                .toList(), ObservationItem::fromItem, malformed);
    }

    /** GA weights are an addition to status: short timeouts, and failures come back as reasons. */
    private static GaReadings readAccelerator(List<String> endpointGroups, SdkClients clients) {
        try (GlobalAcceleratorClient client = clients.withCallTimeouts(Duration.ofSeconds(4), Duration.ofSeconds(10))
                .build(GlobalAcceleratorClient.builder(), GlobalAcceleratorWeights.API_REGION)) {
            // Only reads here, so the update retry settings (attempts, backoff, sleeper) never come into play.
            return GaReadings.read(new GlobalAcceleratorWeights(client, 1, Duration.ZERO, d -> { }), endpointGroups);
        }
    }

    /** Drain or undrain: the operator event on the fleet's operator bus in the node's region (from its approval). */
    private static int operator(DynamoDbClient dynamoDb, String table, CommandLine line, SdkClients clients,
                                PrintStream out, PrintStream err) {
        String reason = OperatorAction.checkReason(line.option("reason", "operator"));
        String wanted = line.argument(0);
        List<NodeApproval> approvals = new OperatorRegistry(dynamoDb, table, Clock.systemUTC()).read().approvals();
        NodeApproval node = approvals.stream()
                .filter(a -> a.node().value().equals(wanted) || a.name().value().equals(wanted))
                .findFirst().orElse(null);
        if (node == null) {
            err.println("no node " + Printable.quote(wanted) + " is approved in table " + table + "; nodes: "
                    + approvals.stream().map(a -> a.name().value()).sorted().toList());
            return DATA;
        }
        OperatorAction action = new OperatorAction(node.node(), line.command() == Command.DRAIN, reason);
        String bus = OperatorAction.busName(line.option("fleet", "wg-roam"));
        try (EventBridgeClient events = clients.at(uri(line.options().get("events-endpoint")))
                .build(EventBridgeClient.builder(), node.region().name())) {
            PutEventsResponse response = events.putEvents(r -> r.entries(e -> e.eventBusName(bus).source(OperatorAction.SOURCE)
                    .detailType(OperatorAction.DETAIL_TYPE).detail(Json.write(action.detail()))));
            if (response.failedEntryCount() > 0) {
                err.println("EventBridge refused the event: " + response.entries().get(0).errorMessage());
                return UNAVAILABLE;
            }
            out.println(action.verb() + " of " + node.name() + " sent to the failover function in " + node.region()
                    + " (event bus " + bus + ")");
            return 0;
        }
    }
}
