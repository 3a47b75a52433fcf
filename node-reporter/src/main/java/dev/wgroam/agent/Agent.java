package dev.wgroam.agent;

import dev.wgroam.agent.config.AgentConfig;
import dev.wgroam.agent.control.ControlProtocol;
import dev.wgroam.agent.control.ControlServer;
import dev.wgroam.agent.health.HealthInputs;
import dev.wgroam.agent.health.HealthPolicy;
import dev.wgroam.agent.health.HealthPort;
import dev.wgroam.agent.health.LinkState;
import dev.wgroam.agent.heartbeat.HeartbeatSender;
import dev.wgroam.agent.report.OwnerView;
import dev.wgroam.agent.report.ReportPolicy;
import dev.wgroam.agent.report.Reporter;
import dev.wgroam.agent.report.WriteQueue;
import dev.wgroam.agent.table.AgentTable;
import dev.wgroam.agent.table.TableRead;
import dev.wgroam.agent.wireguard.PeerState;
import dev.wgroam.agent.wireguard.WgDump;
import dev.wgroam.agent.wireguard.WireGuard;
import dev.wgroam.fleet.AppliedRoutes;
import dev.wgroam.fleet.NodeRecord;
import dev.wgroam.ownership.Owner;
import dev.wgroam.ownership.Subject;
import dev.wgroam.routes.Cidr;
import dev.wgroam.routes.RouteEntry;
import dev.wgroam.routes.RouteUpdate;
import dev.wgroam.table.NodeRecordItem;
import java.net.InetSocketAddress;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * The running agent: its loops and what they share. Poll (every second): read the clients
 * interface, queue the observations worth writing, set the health port. Reconcile (every 30 s):
 * read owners and node records, bring routes in line. Heartbeat (every minute): node record and
 * CloudWatch metrics (heartbeat, apply failures since the last). A writer thread drains the write
 * queue; the control socket takes pushed updates. No loop's failure stops another, and none removes
 * routes because the table is unreachable.
 */
public final class Agent implements AutoCloseable {

    /** Everything the agent talks to, built by {@link Main} (or a test). */
    public record Parts(AgentConfig config, Clock clock, AgentLog log, WireGuard wireGuard, AgentTable table,
                        RouteKeeper routes, HeartbeatSender heartbeat, LinkState links, HealthPort healthPort) {
    }

    private static final int QUEUE_CAPACITY = 100_000;
    /** The jar's version (its manifest), or "dev" when run from classes. */
    public static final String AGENT_VERSION = version();

    private final Parts parts;
    private final AgentConfig config;
    private final WriteQueue queue;
    private final Reporter reporter;
    private final HealthPolicy healthPolicy;
    private final Map<Cidr, OwnerView> owners = new ConcurrentHashMap<>();
    /** What the reporter reads each poll: the live map, not a copy of every client's entry per second. */
    private final Map<Cidr, OwnerView> ownersView = Collections.unmodifiableMap(owners);
    private final ScheduledExecutorService loops = Executors.newScheduledThreadPool(2,
            Thread.ofPlatform().daemon().name("agent-loop-", 0).factory());
    private final Thread writer;
    private ControlServer control;
    private volatile Instant lastReconcile = Instant.EPOCH;
    private volatile WgDump backbone;
    private volatile boolean running = true;
    /** The routes' failed-apply count as of the last heartbeat sent: the next one sends what came since. */
    private volatile long failedAppliesSent;

    public Agent(Parts parts) {
        this.parts = parts;
        this.config = parts.config();
        this.queue = new WriteQueue(parts.table()::put, QUEUE_CAPACITY, Math::random,
                e -> parts.log().problem("table-write", "table write failed, will retry: " + e.getMessage()));
        this.reporter = new Reporter(config.nodeId(), config.nodeName(), config.region(),
                new ReportPolicy(config.nodeId(), config.lease(), config.skewMargin()), queue);
        // Healthy while reconcile has succeeded within three intervals: one slow read is not an outage.
        this.healthPolicy = new HealthPolicy(config.reconcileInterval().multipliedBy(3), config.backboneHandshakeMaxAge());
        this.writer = Thread.ofPlatform().daemon().name("agent-writer").unstarted(this::drainForever);
    }

    public void start() {
        parts.log().info("wg-roam agent starting: " + config.summary());
        control = new ControlServer(config.controlSocket(), this::applyPushed);
        writer.start();
        loops.execute(this::reconcile);
        loops.scheduleWithFixedDelay(this::poll, 0, config.pollInterval().toMillis(), TimeUnit.MILLISECONDS);
        loops.scheduleWithFixedDelay(this::reconcile, config.reconcileInterval().toMillis(),
                config.reconcileInterval().toMillis(), TimeUnit.MILLISECONDS);
        loops.scheduleWithFixedDelay(this::heartbeat, 0, config.heartbeatInterval().toMillis(), TimeUnit.MILLISECONDS);
    }

    void poll() {
        Instant now = parts.clock().instant();
        try {
            WgDump clients = parts.wireGuard().dump(config.clientsInterface());
            if (!clients.rejected().isEmpty()) {
                parts.log().problem("dump-rejected", clients.rejected().size() + " malformed lines in `wg show "
                        + config.clientsInterface() + " dump`, first: " + clients.rejected().get(0));
            }
            // Until the first reconcile this agent does not know who owns what: a claim now would be
            // a guess (after a restart, every client it ever saw would look unowned).
            if (lastReconcile.isAfter(Instant.EPOCH)) {
                reporter.poll(clients.peers(), ownersView, now);
            }
            parts.log().resolved("observe", "reading " + config.clientsInterface() + " works again");
        } catch (RuntimeException e) {
            parts.log().problem("observe", "cannot read " + config.clientsInterface() + ": " + e.getMessage());
        }
        updateHealth(now);
    }

    private void updateHealth(Instant now) {
        HealthInputs inputs = new HealthInputs(Map.of(
                config.clientsInterface().value(), parts.links().isUp(config.clientsInterface()),
                config.backboneInterface().value(), parts.links().isUp(config.backboneInterface())),
                lastReconcile, backboneHandshakes());
        HealthPolicy.Verdict verdict = healthPolicy.evaluate(inputs, now);
        boolean wasOpen = parts.healthPort().isOpen();
        try {
            parts.healthPort().set(verdict.healthy());
        } catch (RuntimeException e) {
            parts.log().problem("health-port", e.getMessage());
        }
        if (wasOpen != verdict.healthy()) {
            parts.log().info(verdict.healthy() ? "healthy: health port open"
                    : "unhealthy, health port closed: " + String.join("; ", verdict.reasons()));
        }
    }

    void reconcile() {
        Instant now = parts.clock().instant();
        try {
            TableRead<Owner> ownerItems = parts.table().owners();
            TableRead<NodeRecord> nodes = parts.table().nodes();
            ownerItems.malformed().forEach(e -> parts.log().problem("malformed-owner", "skipped: " + e.getMessage()));
            nodes.malformed().forEach(e -> parts.log().problem("malformed-node", "skipped: " + e.getMessage()));
            Map<Cidr, OwnerView> views = new HashMap<>();
            for (Owner o : ownerItems.items()) {
                if (o.subject() instanceof Subject.Client) {
                    views.put(o.prefix(), new OwnerView(o.node(), o.version(), o.handshake()));
                }
            }
            owners.keySet().retainAll(views.keySet());
            // The index is eventually consistent: a newer owner learned from a push stays.
            views.forEach((prefix, read) -> owners.merge(prefix, read,
                    (known, fresh) -> known.version() > fresh.version() ? known : fresh));
            List<RouteEntry> entries = ownerItems.items().stream()
                    .map(o -> new RouteEntry(o.prefix(), o.node(), o.version())).toList();
            parts.routes().reconcile(entries, nodes.items(), now);
            readBackbone();
            lastReconcile = now;
            parts.log().resolved("reconcile", "reconcile works again");
        } catch (RuntimeException e) {
            parts.log().problem("reconcile", "reconcile failed, keeping the last routes: " + e.getMessage());
        }
    }

    private void readBackbone() {
        backbone = parts.wireGuard().dump(config.backboneInterface());
    }

    private List<Instant> backboneHandshakes() {
        WgDump dump = backbone;
        return dump == null ? List.of() : dump.peers().stream().map(PeerState::latestHandshake).toList();
    }

    String applyPushed(String request) {
        List<RouteEntry> entries;
        try {
            entries = RouteUpdate.decode(request);
        } catch (IllegalArgumentException e) {
            parts.log().problem("push-refused", "refused a pushed update: " + e.getMessage());
            return ControlProtocol.FAILED + " refused, nothing applied: " + e.getMessage() + "\n";
        }
        for (RouteEntry e : entries) {
            // A push names the owner but not its handshake; only a newer version replaces what is known.
            owners.compute(e.prefix(), (prefix, known) -> known != null && known.version() >= e.version()
                    ? known : new OwnerView(e.owner(), e.version(), Instant.EPOCH));
        }
        return parts.routes().applyPushed(entries, parts.clock().instant());
    }

    void heartbeat() {
        Instant now = parts.clock().instant();
        try {
            WgDump current = backbone != null ? backbone : parts.wireGuard().dump(config.backboneInterface());
            queue.offer(NodeRecordItem.toItem(new NodeRecord(config.nodeId(), config.nodeName(), config.region(),
                    current.publicKey(), config.backboneAddress(), config.backboneEndpoint(), config.vpcPrefixes(),
                    config.vpcPrimary(), config.gaEndpointId(), now, AGENT_VERSION, parts.routes().applied())));
        } catch (RuntimeException e) {
            parts.log().problem("node-record", "cannot build the node record: " + e.getMessage());
        }
        long failedApplies = parts.routes().failedApplies();
        try {
            parts.heartbeat().beat(now, failedApplies - failedAppliesSent);
            // Only once sent: a beat that fails leaves its failures to the next one.
            failedAppliesSent = failedApplies;
            parts.log().resolved("heartbeat", "heartbeat metric sent again");
        } catch (RuntimeException e) {
            parts.log().problem("heartbeat", "heartbeat metric failed: " + e.getMessage());
        }
    }

    private void drainForever() {
        while (running) {
            try {
                Instant next = queue.drain(parts.clock().instant());
                if (next == null) {
                    queue.awaitWork(Duration.ofSeconds(1));
                } else {
                    long wait = Duration.between(parts.clock().instant(), next).toMillis();
                    if (wait > 0) {
                        Thread.sleep(Math.min(wait, 1000));
                    }
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    /** Whether the health port is open now, i.e. the node reads as healthy to Global Accelerator. */
    public boolean healthOpen() {
        return parts.healthPort().isOpen();
    }

    /** What the node has applied, as its node record reports it. */
    public AppliedRoutes applied() {
        return parts.routes().applied();
    }

    /** Writes what is queued now, on the caller's thread (tests drive the loops step by step). */
    void flushForTest() {
        queue.drain(parts.clock().instant());
    }

    /** Stops the loops, writes what is queued (bounded), closes the ports. Routes stay as they are. */
    @Override
    public void close() {
        running = false;
        loops.shutdownNow();
        if (control != null) {
            control.close();
        }
        parts.healthPort().close();
        writer.interrupt();
        try {
            writer.join(2000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        queue.drain(parts.clock().instant());
        parts.log().info("wg-roam agent stopped; routes left in place; " + queue.size() + " writes not delivered");
    }

    private static String version() {
        String version = Agent.class.getPackage().getImplementationVersion();
        return version == null ? "dev" : version;
    }

    static InetSocketAddress healthAddress(AgentConfig config) {
        return new InetSocketAddress(config.healthPort());
    }
}
