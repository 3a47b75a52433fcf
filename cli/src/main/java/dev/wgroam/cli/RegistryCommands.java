package dev.wgroam.cli;

import dev.wgroam.cli.CommandLine.UsageException;
import dev.wgroam.cli.onboarding.Onboarding;
import dev.wgroam.cli.onboarding.Onboarding.Onboarded;
import dev.wgroam.cli.onboarding.TerminalQr;
import dev.wgroam.cli.registry.ClientsConf;
import dev.wgroam.cli.registry.ClientsConfException;
import dev.wgroam.cli.registry.ImportedClient;
import dev.wgroam.cli.registry.OperatorRegistry;
import dev.wgroam.cli.registry.RegistryContents;
import dev.wgroam.cli.registry.RegistryRefusedException;
import dev.wgroam.fleet.NodeId;
import dev.wgroam.fleet.NodeName;
import dev.wgroam.fleet.NodeRecord;
import dev.wgroam.fleet.Region;
import dev.wgroam.ownership.Owner;
import dev.wgroam.registry.ClientName;
import dev.wgroam.registry.FleetSettings;
import dev.wgroam.registry.NodeApproval;
import dev.wgroam.registry.RegisteredClient;
import dev.wgroam.routes.Cidr;
import dev.wgroam.table.MalformedItems;
import dev.wgroam.table.OwnerItem;
import dev.wgroam.aws.table.TableLists;
import dev.wgroam.table.TableSchema;
import dev.wgroam.text.Printable;
import dev.wgroam.wireguard.PeerKey;
import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * {@code wg-roam fleet set|show}, {@code node approve|list|remove}, {@code client add|list|remove|import}:
 * each parses its input into types first, then reads, checks and writes through {@link OperatorRegistry}.
 */
final class RegistryCommands {

    /** A clients.conf is a few hundred lines; anything far larger is not one. */
    static final long MAX_IMPORT_BYTES = 4L << 20;

    private final OperatorRegistry registry;
    private final DynamoDbClient dynamoDb;
    private final String table;
    private final Instant now;
    private final PrintStream out;
    private final PrintStream err;

    RegistryCommands(OperatorRegistry registry, DynamoDbClient dynamoDb,
                     String table, Instant now, PrintStream out, PrintStream err) {
        this.registry = registry;
        this.dynamoDb = dynamoDb;
        this.table = table;
        this.now = now;
        this.out = out;
        this.err = err;
    }

    int run(CommandLine line) throws IOException {
        return switch (line.command()) {
            case FLEET_SET -> fleetSet(line);
            case FLEET_SHOW -> fleetShow();
            case NODE_APPROVE -> nodeApprove(line);
            case NODE_LIST -> nodeList();
            case NODE_REMOVE -> nodeRemove(line);
            case CLIENT_ADD -> clientAdd(line);
            case CLIENT_ROTATE -> clientRotate(line);
            case CLIENT_LIST -> clientList();
            case CLIENT_REMOVE -> clientRemove(line);
            case CLIENT_IMPORT -> clientImport(line);
            case STATUS, DRAIN, UNDRAIN -> throw new IllegalStateException(line.command() + " is no registry command");
        };
    }

    /** Options not given keep their current value; the first {@code fleet set} needs all three. */
    private int fleetSet(CommandLine line) {
        Optional<Cidr> clientCidr = Optional.ofNullable(line.options().get("client-cidr")).map(Cidr::parse);
        Optional<Cidr> backboneRange = Optional.ofNullable(line.options().get("backbone-range")).map(Cidr::parse);
        Optional<String> accelerator = Optional.ofNullable(line.options().get("accelerator"))
                .map(FleetSettings::checkAcceleratorAddress);
        Optional<PeerKey> clientsKey = Optional.ofNullable(line.options().get("clients-public-key")).map(PeerKey::new);
        Optional<Integer> clientPort = Optional.ofNullable(line.options().get("client-port")).map(RegistryCommands::port);
        if (clientCidr.isEmpty() && backboneRange.isEmpty() && accelerator.isEmpty() && clientsKey.isEmpty()
                && clientPort.isEmpty()) {
            throw new UsageException("usage: wg-roam " + Command.FLEET_SET.usage());
        }
        Optional<FleetSettings> current = registry.read().settings();
        if (current.isEmpty() && (clientCidr.isEmpty() || backboneRange.isEmpty() || accelerator.isEmpty())) {
            throw new UsageException("the first fleet set needs all of --client-cidr, --backbone-range and --accelerator");
        }
        FleetSettings next = new FleetSettings(
                clientCidr.orElseGet(() -> current.orElseThrow().clientCidr()),
                backboneRange.orElseGet(() -> current.orElseThrow().backboneRange()),
                accelerator.orElseGet(() -> current.orElseThrow().acceleratorAddress()),
                clientsKey.or(() -> current.flatMap(FleetSettings::clientsKey)).orElse(null),
                clientPort.orElseGet(() -> current.map(FleetSettings::clientPort).orElse(FleetSettings.DEFAULT_CLIENT_PORT)));
        registry.setFleet(next);
        out.println("fleet settings written: " + describe(next));
        return 0;
    }

    private int fleetShow() {
        RegistryContents contents = registry.read();
        out.println(contents.settings().map(s -> "fleet settings: " + describe(s))
                .orElse("no fleet settings yet: wg-roam " + Command.FLEET_SET.usage()));
        var believed = contents.believed();
        out.printf("%d node approvals (%d believed), %d clients (%d believed)%n", contents.approvals().size(),
                believed.approvals().size(), contents.clients().size(), believed.clients().size());
        notes(believed.refusals(), contents.malformed());
        return 0;
    }

    private static String describe(FleetSettings s) {
        return "client CIDR " + s.clientCidr() + ", backbone range " + s.backboneRange() + ", accelerator "
                + s.acceleratorAddress() + ", clients key " + s.clientsKey().map(PeerKey::toString).orElse("not set")
                + ", client port " + s.clientPort();
    }

    private static int port(String text) {
        try {
            return FleetSettings.checkPort(Integer.parseInt(text.strip()));
        } catch (NumberFormatException e) {
            throw new UsageException("--client-port takes a UDP port (1 to 65535), not " + Printable.quote(text));
        }
    }

    /**
     * Shows what the node says of itself, then writes the approval pinning that backbone key and
     * address. {@code --region} and {@code --ga-endpoint} default to what an instance ARN implies;
     * {@code --name} to the node's current approved name, else the id's last part.
     */
    private int nodeApprove(CommandLine line) {
        NodeId node = new NodeId(line.argument(0));
        List<Cidr> vpcs = Arrays.stream(line.required("vpc").split(",", -1)).map(String::strip).map(Cidr::parse).toList();
        NodeApproval.Implied implied = NodeApproval.impliedBy(node);
        String regionText = line.option("region", implied.region());
        if (regionText.isEmpty()) {
            throw new UsageException("node " + node + " is no EC2 instance ARN, so its region is not implied: give --region");
        }
        Region region = new Region(regionText);
        String gaEndpoint = line.option("ga-endpoint", implied.gaEndpointId());
        Optional<NodeName> givenName = Optional.ofNullable(line.options().get("name")).map(NodeName::new);

        RegistryContents contents = registry.read();
        Optional<NodeApproval> current = contents.approvals().stream().filter(a -> a.node().equals(node)).findFirst();
        NodeName name = givenName.or(() -> current.map(NodeApproval::name)).orElseGet(() -> defaultName(node));
        NodeRecord record = registry.nodeRecord(node).orElseThrow(() -> new RegistryRefusedException("node " + node
                + " has written no record yet: start its agent (its first heartbeat writes the record), then approve it"));
        out.println("node " + node + " says of itself (its own record, heartbeat "
                + Duration.between(record.heartbeat(), now).toSeconds() + " s ago):");
        out.println("  backbone key       " + record.backboneKey());
        out.println("  backbone address   " + record.backboneAddress());
        out.println("  backbone endpoint  " + record.backboneEndpoint());
        out.println("  agent version      " + record.agentVersion());
        NodeApproval approval = new NodeApproval(node, name, region, vpcs, record.backboneKey(), record.backboneAddress(),
                line.flag("primary"), gaEndpoint, now);
        String what = name + " in " + region + ": VPC " + String.join(",", approval.vpcCidrs().stream().map(Cidr::toString).toList())
                + (approval.primary() ? ", primary" : ", standby") + ", GA endpoint "
                + (approval.gaEndpointId().isEmpty() ? "none" : approval.gaEndpointId())
                + ", backbone key " + approval.backboneKey().shortForm() + " at " + approval.backboneAddress() + " pinned";
        if (line.flag("dry-run")) {
            Optional<String> refusal = registry.refusalOf(approval);
            if (refusal.isPresent()) {
                throw new RegistryRefusedException(refusal.get());
            }
            out.println("would approve " + what + " (--dry-run: nothing written)");
            return 0;
        }
        registry.approve(approval);
        out.println("approved " + what);
        return 0;
    }

    /** The id's last part ({@code i-0abc…} of an instance ARN, {@code node-a} as it is); --name when that is no name. */
    private static NodeName defaultName(NodeId node) {
        try {
            return new NodeName(node.shortForm());
        } catch (IllegalArgumentException e) {
            throw new UsageException("node " + node + " needs a --name (" + e.getMessage() + ")");
        }
    }

    private int nodeList() {
        RegistryContents contents = registry.read();
        MalformedItems malformed = new MalformedItems();
        Map<NodeId, NodeRecord> records = registry.nodeRecords(contents.approvals().stream().map(NodeApproval::node).toList(),
                malformed);
        out.print(RegistryListing.nodes(contents, records, now));
        notes(contents.believed().refusals(), join(contents.malformed(), malformed.summary()));
        return 0;
    }

    private int nodeRemove(CommandLine line) {
        String wanted = line.argument(0);
        RegistryContents contents = registry.read();
        NodeId node = contents.approvals().stream().filter(a -> a.name().value().equals(wanted)).map(NodeApproval::node)
                .findFirst().orElseGet(() -> new NodeId(wanted));
        NodeApproval removed = registry.removeNode(node);
        out.println("removed the approval of " + removed.name() + " (" + removed.node() + "): no consumer believes it from"
                + " its next read on; the sweep deletes its alarms and status, its observations expire; remove it from"
                + " the endpoint group and stop it (docs/OPERATIONS.md, Removing a node)");
        return 0;
    }

    /**
     * Registers the client and prints its wg-quick config. Without {@code --public-key} the key pair
     * is made here and the private key appears only in that config, stored nowhere; with one, the
     * client keeps its private key and the config says where to put it.
     */
    private int clientAdd(CommandLine line) {
        return addOrRotate(line, false);
    }

    /** As {@link #clientAdd}, for a registered client: a new key (made here without --public-key), the same address. */
    private int clientRotate(CommandLine line) {
        return addOrRotate(line, true);
    }

    private int addOrRotate(CommandLine line, boolean rotate) {
        ClientName name = new ClientName(line.argument(0));
        Optional<PeerKey> given = Optional.ofNullable(line.options().get("public-key")).map(PeerKey::new);
        String iface = line.option("interface", DEFAULT_CLIENT_INTERFACE);
        if (!INTERFACE_NAME.matcher(iface).matches()) {
            throw new UsageException("--interface takes a Linux interface name (1 to 15 of A-Z a-z 0-9 _ . -), not "
                    + Printable.quote(iface));
        }
        Onboarding onboarding = new Onboarding(registry);
        Onboarded done = rotate ? onboarding.rotate(name, given) : onboarding.add(name, given, !line.flag("no-watchdog"));
        RegisteredClient client = done.client();
        out.println((rotate ? "rotated " : "registered ") + client.name() + " at " + client.address() + " (key "
                + client.key().shortForm() + (rotate ? "; the old key is refused from every node's next reconcile" : "")
                + ")");
        printConfig(done, iface, line.flag("qr"));
        return 0;
    }

    /** wg-quick names the interface after the file: {@code /etc/wireguard/wg-roam.conf} is {@code wg-roam}. */
    static final String DEFAULT_CLIENT_INTERFACE = "wg-roam";
    private static final java.util.regex.Pattern INTERFACE_NAME = java.util.regex.Pattern.compile("[A-Za-z0-9_.-]{1,15}");

    private void printConfig(Onboarded done, String iface, boolean qr) {
        out.println("its wg-quick config (/etc/wireguard/" + iface + ".conf"
                + (done.keyMadeHere() ? "; the private key is shown only here and stored nowhere" : "") + "):");
        out.println();
        out.print(done.config());
        out.println();
        if (qr) {
            out.println("the same config as a QR code (the WireGuard app: add a tunnel, scan from QR code):");
            out.print(TerminalQr.of(done.config()));
            out.println();
        }
        out.println("its watchdog (docs/OPERATIONS.md, Clients):");
        out.println("  " + done.watchdog(iface));
    }

    private int clientList() {
        RegistryContents contents = registry.read();
        MalformedItems malformed = new MalformedItems();
        List<Owner> owners = TableLists.read(dynamoDb, table, TableSchema.OWNERS, OwnerItem::fromItem, malformed);
        out.print(RegistryListing.clients(contents, owners, CliMain.ownerObservations(dynamoDb, table, owners, malformed), now));
        notes(contents.believed().refusals(), join(contents.malformed(), malformed.summary()));
        return 0;
    }

    private int clientRemove(CommandLine line) {
        RegisteredClient removed = registry.removeClient(new ClientName(line.argument(0)));
        out.println("removed " + removed.name() + " (key " + removed.key().shortForm() + "); " + removed.address()
                + " is free again");
        return 0;
    }

    private int clientImport(CommandLine line) throws IOException {
        Path file = Path.of(line.argument(0));
        if (Files.size(file) > MAX_IMPORT_BYTES) {
            throw new RegistryRefusedException(file + " has " + Files.size(file) + " bytes: no clients.conf is that large");
        }
        List<ImportedClient> clients;
        try {
            clients = ClientsConf.parse(Files.readString(file, StandardCharsets.UTF_8));
        } catch (ClientsConfException e) {
            err.println("refused, nothing written: " + file + ": " + e.getMessage());
            return CliMain.DATA;
        } catch (CharacterCodingException e) {
            throw new RegistryRefusedException(file + " is not UTF-8 text");
        }
        OperatorRegistry.ImportResult result = registry.importClients(clients);
        result.added().forEach(c -> out.println("registered " + c.name() + " at " + c.address() + " (key "
                + c.key().shortForm() + ")"));
        out.println(file + ": " + result.added().size() + " clients registered, " + result.unchanged().size()
                + " registered so already");
        return 0;
    }

    /** What the registry holds that is not believed, and the items that did not decode, on stderr. */
    private void notes(List<String> refusals, String malformed) {
        refusals.forEach(r -> err.println("not believed: " + r));
        if (!malformed.isEmpty()) {
            err.println(malformed);
        }
    }

    private static String join(String a, String b) {
        return a.isEmpty() ? b : b.isEmpty() ? a : a + "; " + b;
    }
}
