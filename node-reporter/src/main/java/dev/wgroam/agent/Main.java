package dev.wgroam.agent;

import dev.wgroam.agent.apply.ApplyCommand;
import dev.wgroam.agent.aws.AwsClients;
import dev.wgroam.agent.config.AgentConfig;
import dev.wgroam.agent.config.ConfigException;
import dev.wgroam.agent.config.ConfigParser;
import dev.wgroam.agent.config.ConfigSource;
import dev.wgroam.agent.config.InstanceMetadata;
import dev.wgroam.agent.health.HealthPort;
import dev.wgroam.agent.health.SysfsLinkState;
import dev.wgroam.agent.heartbeat.Heartbeat;
import dev.wgroam.agent.host.CommandRunner;
import dev.wgroam.agent.host.ProcessCommandRunner;
import dev.wgroam.agent.routes.HostRouteKeeper;
import dev.wgroam.agent.routes.Interfaces;
import dev.wgroam.agent.routes.LinuxHost;
import dev.wgroam.agent.watchdog.Watchdog;
import dev.wgroam.agent.wireguard.InterfaceName;
import dev.wgroam.wireguard.PeerKey;
import dev.wgroam.agent.table.DynamoAgentTable;
import dev.wgroam.agent.wireguard.WireGuard;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;
import java.util.concurrent.CountDownLatch;

/**
 * {@code java -jar wg-roam-agent.jar run|apply|version}. {@code run} is the systemd service;
 * {@code apply} is what the SSM document runs. Configuration: the file named by
 * {@code WGROAM_CONFIG} (default {@value #DEFAULT_CONFIG}) overlaid by {@code WGROAM_*} variables.
 */
public final class Main {

    static final String DEFAULT_CONFIG = "/etc/wg-roam/agent.properties";

    private Main() {
    }

    public static void main(String[] args) {
        String command = args.length == 0 ? "" : args[0];
        Map<String, String> env = System.getenv();
        Map<String, String> raw = ConfigSource.load(Path.of(env.getOrDefault("WGROAM_CONFIG", DEFAULT_CONFIG)), env);
        int exit = switch (command) {
            case "run" -> run(raw);
            case "apply" -> ApplyCommand.run(env,
                    Path.of(raw.getOrDefault("control.socket", AgentConfig.DEFAULTS.get("control.socket"))), System.out);
            case "watchdog" -> watchdog(env);
            case "version" -> {
                System.out.println("wg-roam agent " + Agent.AGENT_VERSION);
                yield 0;
            }
            default -> {
                System.err.println("usage: wg-roam-agent run | apply | watchdog | version");
                yield 64;
            }
        };
        System.exit(exit);
    }

    /**
     * On a VPN client: WGROAM_WATCHDOG_PEER (the accelerator peer's key, required),
     * WGROAM_WATCHDOG_INTERFACE (wg0), WGROAM_WATCHDOG_DEAD_AFTER (150s), WGROAM_WATCHDOG_INTERVAL (5s).
     */
    private static int watchdog(Map<String, String> env) {
        Watchdog watchdog;
        java.time.Duration interval;
        try {
            watchdog = new Watchdog(ProcessCommandRunner.withDefaults(),
                    new InterfaceName(env.getOrDefault("WGROAM_WATCHDOG_INTERFACE", "wg0")),
                    new PeerKey(env.get("WGROAM_WATCHDOG_PEER")),
                    ConfigParser.duration(env.getOrDefault("WGROAM_WATCHDOG_DEAD_AFTER", "150s")),
                    () -> java.util.concurrent.ThreadLocalRandom.current().nextInt(49152, 65536));
            interval = ConfigParser.duration(env.getOrDefault("WGROAM_WATCHDOG_INTERVAL", "5s"));
        } catch (IllegalArgumentException e) {
            System.err.println("wg-roam watchdog configuration: " + e.getMessage());
            return 78;
        }
        AgentLog log = new AgentLog(System.out, Clock.systemUTC());
        log.info("wg-roam watchdog started");
        while (true) {
            try {
                if (watchdog.check(Clock.systemUTC().instant()) == Watchdog.Outcome.REBOUND) {
                    log.info("tunnel dead: new listen port and peer reset, so the accelerator picks a healthy node");
                }
                log.resolved("watchdog", "the watchdog reads the interface again");
            } catch (RuntimeException e) {
                log.problem("watchdog", "watchdog check failed: " + e.getMessage());
            }
            try {
                Thread.sleep(interval.toMillis());
            } catch (InterruptedException e) {
                return 0;
            }
        }
    }

    private static int run(Map<String, String> raw) {
        AgentConfig config;
        try {
            config = ConfigParser.parse(InstanceMetadata.fillMissing(raw, InstanceMetadata.DEFAULT_ENDPOINT));
        } catch (ConfigException e) {
            System.err.println(e.getMessage());
            return 78;
        }
        AwsClients clients = AwsClients.withDefaultCredentials(config);
        Clock clock = Clock.systemUTC();
        AgentLog log = new AgentLog(System.out, clock);
        CommandRunner runner = ProcessCommandRunner.withDefaults();
        Interfaces interfaces = new Interfaces(config.clientsInterface(), config.backboneInterface());
        Agent agent = new Agent(new Agent.Parts(config, clock, log, new WireGuard(runner),
                new DynamoAgentTable(clients.dynamoDb(), config.table()),
                new HostRouteKeeper(config.nodeId(), config.vpcPrefixes(), interfaces, new LinuxHost(runner, interfaces)),
                new Heartbeat(clients.cloudWatch(), config.metricNamespace(), config.nodeId()),
                SysfsLinkState.system(), new HealthPort(Agent.healthAddress(config))));
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            agent.close();
            clients.close();
            stopped.countDown();
        }, "agent-shutdown"));
        agent.start();
        try {
            stopped.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return 0;
    }
}
