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
            case "version" -> {
                System.out.println("wg-roam agent " + Agent.AGENT_VERSION);
                yield 0;
            }
            default -> {
                System.err.println("usage: wg-roam-agent run | apply | version");
                yield 64;
            }
        };
        System.exit(exit);
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
