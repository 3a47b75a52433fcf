package dev.wgroam.local;

import dev.wgroam.cli.onboarding.Onboarding.Onboarded;
import dev.wgroam.local.accelerator.HealthCheckSettings;
import dev.wgroam.local.network.ClientSpec;
import dev.wgroam.local.network.NamespaceNetwork;
import dev.wgroam.local.network.Network;
import dev.wgroam.local.network.NodeSpec;
import dev.wgroam.local.network.SimulatedNetwork;
import java.io.BufferedReader;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;

/**
 * {@code ./wg-roam local}: the whole system on this machine, on embedded defaults, no AWS account.
 * With root and wireguard-go: real namespaces (nodes, VPC hosts, clients). Without: a simulated
 * data plane, labelled as such. Type commands while the view refreshes (among them
 * {@code client add|rotate|remove NAME}, on the registry as the CLI does); Ctrl-C stops everything
 * and removes what was created.
 */
public final class LocalMain {

    private LocalMain() {
    }

    public static void main(String[] args) throws IOException, InterruptedException {
        boolean simulated = List.of(args).contains("--simulated");
        int clientCount = 4;
        List<NodeSpec> nodes = DefaultFleet.NODES;
        List<ClientSpec> clients = DefaultFleet.clients(clientCount);
        Path logFile = Files.createTempFile("wg-roam-local-", ".log");
        PrintStream log = new PrintStream(new FileOutputStream(logFile.toFile()), true, StandardCharsets.UTF_8);
        String missing = NamespaceNetwork.missingPrerequisites();
        Network network;
        if (!simulated && missing.isEmpty()) {
            network = new NamespaceNetwork(nodes);
        } else {
            if (!simulated) {
                System.out.println("*** real namespaces need " + missing + "; running on a SIMULATED data plane ***");
            }
            network = new SimulatedNetwork(Clock.systemUTC(), nodes);
        }
        LocalFleet fleet = new LocalFleet(nodes, clients, network, Clock.systemUTC(), Duration.ofSeconds(30),
                HealthCheckSettings.FASTEST_GA, log);
        Roams roams = new Roams(fleet);
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            fleet.close();
            System.out.println("\nstopped; everything local mode created is removed. Log: " + logFile);
            stopped.countDown();
        }, "local-shutdown"));
        fleet.start();
        clients.forEach(c -> connect(fleet, c));
        Thread.ofPlatform().daemon().name("commands").start(() -> readCommands(fleet, roams));
        // Convergence is checked on its own, often: checking only when the view redraws would add up
        // to a redraw interval to every measured roam.
        Thread.ofPlatform().daemon().name("convergence").start(() -> {
            while (stopped.getCount() > 0) {
                roams.check();
                sleepQuietly(100);
            }
        });
        boolean terminal = System.console() != null;
        while (stopped.getCount() > 0) {
            String view;
            try {
                view = LiveView.render(fleet, roams.converged(), notice);
            } catch (RuntimeException e) {
                // A client removed while the view read it: the next redraw no longer lists it.
                view = "view: " + e.getMessage();
            }
            System.out.print(terminal ? "\033[H\033[2J" + view : view + "\n");
            System.out.flush();
            Thread.sleep(terminal ? 1000 : 5000);
        }
    }

    /** What the last {@code client} command printed, shown below the view until the next one. */
    private static volatile String notice = "";

    /** Through the accelerator where there is one (the watchdog with it), else straight to a node. */
    private static void connect(LocalFleet fleet, ClientSpec client) {
        if (fleet.network().edge().isPresent()) {
            fleet.connectThroughAccelerator(client);
        } else {
            fleet.network().connect(client, fleet.nodes().get(client.number() % fleet.nodes().size()));
        }
    }

    /**
     * {@code client add|rotate|remove NAME}, as the CLI's commands of those names do to the
     * registry; an added or rotated client takes the printed config and connects at once.
     */
    private static void client(LocalFleet fleet, String verb, String name) {
        switch (verb) {
            case "add" -> {
                Onboarded done = fleet.addClient(name);
                connect(fleet, fleet.client(name));
                notice = printed("registered", done);
            }
            case "rotate" -> {
                Onboarded done = fleet.rotateClient(fleet.client(name));
                connect(fleet, fleet.client(name));
                notice = printed("rotated", done);
            }
            case "remove" -> {
                fleet.removeClient(fleet.client(name));
                notice = "removed " + name + "; its namespace is gone\n";
            }
            default -> throw new IllegalArgumentException("client add|rotate|remove NAME, not client " + verb);
        }
    }

    /** What {@code wg-roam client add} prints, which the lab client was brought up from. */
    private static String printed(String what, Onboarded done) {
        return what + " " + done.client().name() + " at " + done.client().address() + "; brought up from its config:\n\n"
                + done.config() + "\nits watchdog: " + done.watchdog("wg-roam") + "\n";
    }

    private static void sleepQuietly(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void readCommands(LocalFleet fleet, Roams roams) {
        BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        try {
            for (String line; (line = in.readLine()) != null; ) {
                String[] words = line.trim().split("\\s+");
                try {
                    switch (words[0]) {
                        case "roam" -> roams.roam(fleet.client(words[1]), fleet.node(words[2]));
                        case "kill" -> fleet.stopAgent(fleet.node(words[1]));
                        case "start" -> fleet.startAgent(fleet.node(words[1]));
                        case "accelerate" -> (words[1].equals("all") ? fleet.clients() : List.of(fleet.client(words[1])))
                                .forEach(fleet::connectThroughAccelerator);
                        case "weight" -> fleet.setWeight(fleet.node(words[1]), Integer.parseInt(words[2]));
                        case "die" -> fleet.killNode(fleet.node(words[1]));
                        case "revive" -> fleet.reviveNode(fleet.node(words[1]));
                        case "drop" -> fleet.transport().dropRate(Double.parseDouble(words[1]));
                        case "client" -> client(fleet, words[1], words[2]);
                        case "quit", "exit" -> System.exit(0);
                        case "" -> { }
                        default -> System.out.println("unknown command: " + line);
                    }
                } catch (RuntimeException e) {
                    System.out.println(e.getMessage());
                }
            }
        } catch (IOException e) {
            System.out.println("stdin closed: " + e.getMessage());
        }
    }
}
