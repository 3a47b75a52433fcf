package dev.wgroam.agent;

import dev.wgroam.agent.config.AgentConfig;
import dev.wgroam.agent.control.ControlProtocol;
import dev.wgroam.agent.control.ControlServer;
import dev.wgroam.agent.control.PushReply;
import dev.wgroam.agent.health.HealthInputs;
import dev.wgroam.agent.health.HealthPolicy;
import dev.wgroam.agent.health.HealthPort;
import dev.wgroam.agent.health.LinkState;
import dev.wgroam.agent.heartbeat.HeartbeatSender;
import dev.wgroam.agent.report.ReportPolicy;
import dev.wgroam.agent.report.Reporter;
import dev.wgroam.agent.report.WriteQueue;
import dev.wgroam.agent.routes.OwnerBook;
import dev.wgroam.agent.routes.Refusal;
import dev.wgroam.agent.table.AgentTable;
import dev.wgroam.agent.table.TableRead;
import dev.wgroam.agent.wireguard.PeerState;
import dev.wgroam.agent.wireguard.WgDump;
import dev.wgroam.agent.wireguard.WireGuard;
import dev.wgroam.fleet.AppliedRoutes;
import dev.wgroam.fleet.NodeId;
import dev.wgroam.fleet.NodeRecord;
import dev.wgroam.fleet.NodeStatus;
import dev.wgroam.ownership.Owner;
import dev.wgroam.ownership.Subject;
import dev.wgroam.registry.NodeApproval;
import dev.wgroam.registry.Registry;
import dev.wgroam.routes.RouteEntry;
import dev.wgroam.routes.RouteUpdate;
import dev.wgroam.table.MalformedItems;
import dev.wgroam.table.NodeRecordItem;
import dev.wgroam.text.Printable;
import dev.wgroam.wireguard.PeerKey;
import java.net.InetSocketAddress;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Collectors;

/**
 * The running agent: its loops and what they share. Poll (every second): read the clients
 * interface, queue the observations of registered clients worth writing, set the health port.
 * Reconcile (every 30 s): read the registry, the owners and the approved nodes' records, bring
 * routes in line. Heartbeat (every minute): node record and CloudWatch metrics (heartbeat, apply
 * failures and refusals since the last). A writer thread drains the write queue; the control
 * socket takes pushed updates. No loop's failure stops another or itself — each survives any
 * Throwable — and none removes routes because the table is unreachable.
 */
public final class Agent implements AutoCloseable {

    /** Everything the agent talks to, built by {@link Main} (or a test). */
    public record Parts(AgentConfig config, Clock clock, AgentLog log, WireGuard wireGuard, AgentTable table,
                        RouteKeeper routes, HeartbeatSender heartbeat, LinkState links, HealthPort healthPort) {
    }

    private static final int QUEUE_CAPACITY = 100_000;
    /** How many refusals one log line names; the count says how many there were. */
    private static final int REFUSALS_LOGGED = 3;
    /** The jar's version (its manifest), or "dev" when run from classes. */
    public static final String AGENT_VERSION = version();

    private final Parts parts;
    private final AgentConfig config;
    private final WriteQueue queue;
    private final Reporter reporter;
    private final HealthPolicy healthPolicy;
    private final ScheduledExecutorService loops = Executors.newScheduledThreadPool(2,
            Thread.ofPlatform().daemon().name("agent-loop-", 0).factory());
    private final Thread writer;
    private ControlServer control;
    private final AtomicBoolean reconcileQueued = new AtomicBoolean();
    private final Object reconcileLock = new Object();
    /** The registry as last read; nothing is reported before the first reconcile reads it. */
    private volatile Registry registry = Registry.EMPTY;
    private volatile Instant lastReconcile = Instant.EPOCH;
    private volatile WgDump backbone;
    private volatile boolean running = true;
    /** The counts as of the last heartbeat sent: the next one sends what came since. */
    private volatile long failedAppliesSent;
    private volatile long refusalsSent;

    public Agent(Parts parts) {
        this.parts = parts;
        this.config = parts.config();
        this.queue = new WriteQueue(parts.table()::put, QUEUE_CAPACITY, Math::random,
                e -> parts.log().problem("table-write", "table write failed, will retry: " + e.getMessage()));
        this.reporter = new Reporter(config.nodeId(), new ReportPolicy(config.nodeId(), config.lease(), config.skewMargin()),
                queue);
        // Healthy while reconcile has succeeded within three intervals: one slow read is not an outage.
        this.healthPolicy = new HealthPolicy(config.reconcileInterval().multipliedBy(3), config.backboneHandshakeMaxAge());
        this.writer = Thread.ofPlatform().daemon().name("agent-writer").unstarted(this::drainForever);
    }

    public void start() {
        parts.log().info("wg-roam agent starting: " + config.summary());
        control = new ControlServer(config.controlSocket(), this::applyPushed);
        writer.start();
        loops.execute(surviving("reconcile", this::reconcile));
        loops.scheduleWithFixedDelay(surviving("poll", this::poll), 0, config.pollInterval().toMillis(),
                TimeUnit.MILLISECONDS);
        loops.scheduleWithFixedDelay(surviving("reconcile", this::reconcile), config.reconcileInterval().toMillis(),
                config.reconcileInterval().toMillis(), TimeUnit.MILLISECONDS);
        loops.scheduleWithFixedDelay(surviving("heartbeat", this::heartbeat), 0, config.heartbeatInterval().toMillis(),
                TimeUnit.MILLISECONDS);
    }

    /**
     * The edge of every scheduled loop: a periodic task whose run throws is cancelled for good, so
     * nothing may leave it — not an Error, not a failure of the log itself.
     */
    private Runnable surviving(String loop, Runnable run) {
        return () -> {
            try {
                run.run();
            } catch (Throwable t) {
                try {
                    parts.log().problem(loop + "-loop", "the " + loop + " loop failed, it runs again next time: " + t);
                } catch (Throwable unloggable) {
                    // Nothing is left to tell it with; the next run tries again all the same.
                }
            }
        };
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
                Reporter.PollResult result = reporter.poll(clients.peers(), registry, parts.routes().owners(), now);
                if (result.queueRefused() > 0) {
                    parts.log().problem("queue-full", "the table write queue is full (" + queue.size() + " waiting): "
                            + result.queueRefused() + " observations not queued, offered again next poll; the table"
                            + " takes writes too slowly or not at all");
                } else {
                    parts.log().resolved("queue-full", "the table write queue takes observations again");
                }
                if (result.unregistered() > 0) {
                    parts.log().problem("unregistered-peers", result.unregistered() + " peers of " + config.clientsInterface()
                            + " are no registered client and are not reported (wg-roam client add or client import)");
                } else {
                    parts.log().resolved("unregistered-peers", "every peer of " + config.clientsInterface() + " is registered");
                }
            }
            parts.log().resolved("observe", "reading " + config.clientsInterface() + " works again");
        } catch (Throwable t) {
            parts.log().problem("observe", "cannot read " + config.clientsInterface() + ": " + t);
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

    /**
     * Queues a reconcile unless one is already queued: a burst of signals (100 clients added) is the
     * reconcile running now and at most one more, which reads everything the burst wrote.
     */
    private String requestReconcile() {
        if (reconcileQueued.compareAndSet(false, true)) {
            loops.execute(surviving("reconcile", () -> {
                synchronized (reconcileLock) {
                    // Cleared only once this one may start: signals meanwhile are all answered by it.
                    reconcileQueued.set(false);
                    reconcileOnce();
                }
            }));
            return ControlProtocol.Status.OK + " reconcile queued\n";
        }
        return ControlProtocol.Status.OK + " reconcile already queued\n";
    }

    void reconcile() {
        // The scheduled and the signalled reconcile run on different loop threads: one at a time.
        synchronized (reconcileLock) {
            reconcileOnce();
        }
    }

    private void reconcileOnce() {
        Instant now = parts.clock().instant();
        try {
            TableRead<Registry> registryRead = parts.table().registry();
            logMalformed("malformed-registry", "registry", registryRead.malformed());
            Registry read = registryRead.value();
            if (!read.refusals().isEmpty()) {
                parts.log().problem("registry-refusals", read.refusals().size() + " entries of the registry are not"
                        + " believed, first: " + read.refusals().get(0));
            }
            if (read.settings().isEmpty()) {
                // A fleet without settings routes nothing; a read without them is more likely broken
                // than the operator's intent, so the routes stay and health says so within three intervals.
                parts.log().problem("reconcile", "no fleet settings in the table (wg-roam fleet settings): keeping"
                        + " the last routes");
                return;
            }
            TableRead<List<Owner>> ownerItems = parts.table().owners();
            logMalformed("malformed-owner", "owner items", ownerItems.malformed());
            List<NodeId> others = read.approvals().keySet().stream().filter(n -> !n.equals(config.nodeId())).toList();
            TableRead<List<NodeRecord>> records = parts.table().nodeRecords(others);
            logMalformed("malformed-node", "node records", records.malformed());
            List<OwnerBook.Entry> entries = ownerItems.value().stream().filter(o -> isCurrent(o, read))
                    .map(OwnerBook.Entry::read).toList();
            TableRead<Optional<NodeStatus>> status = parts.table().status(config.nodeId());
            logMalformed("malformed-status", "its own status", status.malformed());
            serveClientsUnlessSteeredAway(status.value());
            registry = read;
            parts.routes().reconcile(entries, read, records.value(), now);
            readBackbone();
            checkOwnApproval(read);
            lastReconcile = now;
            parts.log().resolved("reconcile", "reconcile works again");
        } catch (Throwable t) {
            parts.log().problem("reconcile", "reconcile failed, keeping the last routes: " + t);
        } finally {
            logRefusals();
        }
    }

    /**
     * Drained and steered away from (GA sends it no new flow), the node drops the peers of its
     * watchdog clients, so each watchdog sees the tunnel die and rebinds, landing on another node.
     * A refused drain (the last active endpoint) or a status that does not read keeps them.
     */
    private void serveClientsUnlessSteeredAway(Optional<NodeStatus> status) {
        boolean steeredAway = status.map(NodeStatus::steeredAway).orElse(false);
        parts.routes().serveClients(!steeredAway);
        if (steeredAway) {
            parts.log().problem("drained", "status " + status.get().state() + " at weight 0 ("
                    + Printable.quote(status.get().reason()) + "): watchdog clients' peers removed, so they rebind elsewhere");
        } else {
            parts.log().resolved("drained", "serving clients again");
        }
    }

    /**
     * Whether an owner item may speak for its prefix: not when another key is registered at its
     * address now. A rotated client's item, or a removed one's whose address went to the next
     * client, may carry a higher version than the current client's and must not win the prefix.
     * An item no registered client matches at all is left to the route screen, which refuses and
     * counts it.
     */
    private static boolean isCurrent(Owner owner, Registry registry) {
        return !(owner.subject() instanceof Subject.Client client)
                || registry.clientAt(owner.prefix()).map(c -> c.key().equals(client.key())).orElse(true);
    }

    private void logMalformed(String kind, String what, MalformedItems malformed) {
        if (malformed.count() > 0) {
            parts.log().problem(kind, what + ": " + malformed.summary());
        }
    }

    /** Logs the refusals that appeared since the last call, a few by name; the log rate-limits repeats. */
    private void logRefusals() {
        List<Refusal> fresh = parts.routes().takeNewRefusals();
        if (!fresh.isEmpty()) {
            parts.log().problem("refused", "not believed, nothing installed for it: "
                    + fresh.stream().limit(REFUSALS_LOGGED).map(Refusal::toString).collect(Collectors.joining("; "))
                    + (fresh.size() > REFUSALS_LOGGED ? "; and more" : "")
                    + " (" + parts.routes().refusals() + " refusals since start)");
        }
    }

    /** Says so when the approval pins another backbone key or address than this node has: nobody believes its record. */
    private void checkOwnApproval(Registry read) {
        NodeApproval own = read.approval(config.nodeId()).orElse(null);
        PeerKey key = backbone.publicKey();
        if (own == null) {
            parts.log().problem("own-approval", "this node is not approved: no other node routes to it and nothing"
                    + " it reports is believed (wg-roam node approve " + config.nodeId() + ")");
        } else if (!own.backboneKey().equals(key) || !own.backboneAddress().equals(config.backboneAddress())) {
            parts.log().problem("own-approval", "this node's approval pins backbone key " + own.backboneKey().shortForm()
                    + " and address " + own.backboneAddress() + ", but " + config.backboneInterface() + " has key "
                    + key.shortForm() + " and backbone.address is " + config.backboneAddress()
                    + ": other nodes do not believe this node's record");
        } else {
            parts.log().resolved("own-approval", "this node's approval matches its backbone key and address");
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
        if (RouteUpdate.isReconcile(request)) {
            return requestReconcile();
        }
        List<RouteEntry> entries;
        try {
            entries = RouteUpdate.decode(request);
        } catch (IllegalArgumentException e) {
            parts.log().problem("push-refused", "refused a pushed update: " + e.getMessage());
            return PushReply.malformed(e.getMessage());
        }
        try {
            return PushReply.of(parts.routes().applyPushed(entries, parts.clock().instant()), config.nodeId());
        } finally {
            logRefusals();
        }
    }

    void heartbeat() {
        Instant now = parts.clock().instant();
        try {
            WgDump current = backbone != null ? backbone : parts.wireGuard().dump(config.backboneInterface());
            queue.offer(NodeRecordItem.toItem(new NodeRecord(config.nodeId(), current.publicKey(),
                    config.backboneAddress(), config.backboneEndpoint(), now, AGENT_VERSION, parts.routes().applied())));
        } catch (Throwable t) {
            parts.log().problem("node-record", "cannot build the node record: " + t);
        }
        long failedApplies = parts.routes().failedApplies();
        long refusals = parts.routes().refusals();
        try {
            parts.heartbeat().beat(now, new HeartbeatSender.Counts(failedApplies - failedAppliesSent,
                    refusals - refusalsSent));
            // Only once sent: a beat that fails leaves its counts to the next one.
            failedAppliesSent = failedApplies;
            refusalsSent = refusals;
            parts.log().resolved("heartbeat", "heartbeat metric sent again");
        } catch (Throwable t) {
            parts.log().problem("heartbeat", "heartbeat metric failed: " + t);
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
            } catch (Throwable t) {
                // The queue backs off only from exceptions it expects; anything else waits a second
                // here, so the writer neither dies nor spins.
                try {
                    parts.log().problem("writer", "the table writer failed, it goes on in a second: " + t);
                    Thread.sleep(1000);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                } catch (Throwable unloggable) {
                    // Nothing is left to tell it with; the loop goes on.
                }
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
        try {
            queue.drain(parts.clock().instant());
        } catch (Throwable t) {
            // Stopping anyway: what was not written is said below.
            parts.log().problem("writer", "the last writes failed: " + t);
        }
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
