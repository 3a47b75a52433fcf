package dev.wgroam.local;

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
 * data plane, labelled as such. Type commands while the view refreshes; Ctrl-C stops everything
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
            network = new NamespaceNetwork(nodes, clients);
        } else {
            if (!simulated) {
                System.out.println("*** real namespaces need " + missing + "; running on a SIMULATED data plane ***");
            }
            network = new SimulatedNetwork(Clock.systemUTC(), nodes, clients);
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
        if (network.edge().isPresent()) {
            clients.forEach(fleet::connectThroughAccelerator);
        } else {
            for (int i = 0; i < clients.size(); i++) {
                network.connect(clients.get(i), nodes.get(i % nodes.size()));
            }
        }
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
            String view = LiveView.render(fleet, roams.converged());
            System.out.print(terminal ? "\033[H\033[2J" + view : view + "\n");
            System.out.flush();
            Thread.sleep(terminal ? 1000 : 5000);
        }
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
