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
import dev.wgroam.commands.CommandRunner;
import dev.wgroam.commands.ProcessCommandRunner;
import dev.wgroam.agent.routes.HostRouteKeeper;
import dev.wgroam.agent.routes.Interfaces;
import dev.wgroam.agent.routes.LinuxHost;
import dev.wgroam.agent.watchdog.Watchdog;
import dev.wgroam.agent.watchdog.WatchdogConfig;
import dev.wgroam.agent.table.DynamoAgentTable;
import dev.wgroam.agent.wireguard.WireGuard;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.CountDownLatch;

/**
 * {@code java -jar wg-roam-agent.jar run|apply|watchdog|version}. {@code run} is the systemd service;
 * {@code apply} is what the SSM document runs; {@code watchdog} runs on VPN clients. Configuration: the file named by
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
            case "watchdog" -> watchdog(List.of(args).subList(1, args.length), env);
            case "version" -> {
                System.out.println("wg-roam agent " + Agent.AGENT_VERSION);
                yield 0;
            }
            default -> {
                System.err.println("usage: wg-roam-agent run | apply | watchdog [options] | version");
                yield 64;
            }
        };
        System.exit(exit);
    }

    /** On a VPN client: the options and variables of {@link WatchdogConfig}. */
    private static int watchdog(List<String> args, Map<String, String> env) {
        WatchdogConfig config;
        try {
            config = WatchdogConfig.parse(args, env);
        } catch (IllegalArgumentException e) {
            System.err.println("wg-roam watchdog configuration: " + e.getMessage());
            return 78;
        }
        Watchdog watchdog = config.watchdog(ProcessCommandRunner.withDefaults(),
                () -> ThreadLocalRandom.current().nextInt(49152, 65536));
        Clock clock = Clock.systemUTC();
        AgentLog log = new AgentLog(System.out, clock);
        log.info("wg-roam watchdog started: " + config.describe());
        long nextCheck = System.nanoTime();
        while (true) {
            try {
                switch (watchdog.check(clock.instant())) {
                    // Rate-limited: while the client is offline, every deadAfter brings another rebind.
                    case REBOUND -> log.problem("tunnel", "tunnel dead: new listen port and peer reset, so the"
                            + " accelerator picks a healthy node");
                    case HEALTHY -> log.resolved("tunnel", "tunnel alive again");
                    case WAITING_FOR_FIRST_HANDSHAKE -> { }
                }
                log.resolved("watchdog", "the watchdog reads the interface again");
            } catch (RuntimeException e) {
                log.problem("watchdog", "watchdog check failed: " + e.getMessage());
            }
            // Checks start at a fixed rate, so a probe's own timeout does not stretch the interval;
            // after an overrun the next check starts at once, without a burst to catch up.
            nextCheck = Math.max(nextCheck + config.interval().toNanos(), System.nanoTime());
            try {
                Thread.sleep(Duration.ofNanos(Math.max(0, nextCheck - System.nanoTime())));
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
        ConfigParser.retiredKeysIn(raw).forEach(log::info);
        CommandRunner runner = ProcessCommandRunner.withDefaults();
        Interfaces interfaces = new Interfaces(config.clientsInterface(), config.backboneInterface());
        Agent agent = new Agent(new Agent.Parts(config, clock, log, new WireGuard(runner),
                new DynamoAgentTable(clients.dynamoDb(), config.table()),
                new HostRouteKeeper(config.nodeId(), config.reconcileInterval(), interfaces, new LinuxHost(runner, interfaces)),
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
