package dev.wgroam.functions.ownership;

import dev.wgroam.fleet.Region;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Function;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.ssm.SsmClient;
import software.amazon.awssdk.services.ssm.model.Target;

/**
 * Sends route updates with SSM Run Command. SSM is regional: a command reaches only the instances of
 * the region whose endpoint received it, and the document lives in each node-region stack, so there
 * is one client per region (made on first use, then reused) and one SendCommand per payload per region.
 * Targets are the fleet tag, never instance lists, so nodes that join later are covered.
 */
public final class SsmCommandSender implements CommandSender {

    /** The document's parameter that carries the update; the agent reads it as {@code SSM_routes}. */
    public static final String ROUTES_PARAMETER = "routes";

    /** Where and how commands go, from the function's configuration. */
    public record Settings(String documentName, String fleetTagKey, String fleetTagValue, int deliveryTimeoutSeconds,
                           String maxConcurrency, String maxErrors) {
    }

    private final Settings settings;
    private final Function<Region, SsmClient> clientFactory;
    private final Map<Region, SsmClient> clients = new ConcurrentHashMap<>();
    private final ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor();

    public SsmCommandSender(Settings settings, Function<Region, SsmClient> clientFactory) {
        this.settings = settings;
        this.clientFactory = clientFactory;
    }

    @Override
    public Map<Region, Outcome> send(Set<Region> regions, List<String> payloads) {
        Map<Region, Future<Outcome>> running = new LinkedHashMap<>();
        for (Region region : regions) {
            running.put(region, executor.submit(() -> sendTo(region, payloads)));
        }
        Map<Region, Outcome> outcomes = new LinkedHashMap<>();
        running.forEach((region, future) -> outcomes.put(region, await(future)));
        return outcomes;
    }

    private Outcome sendTo(Region region, List<String> payloads) {
        SsmClient ssm = clients.computeIfAbsent(region, clientFactory);
        int sent = 0;
        for (String payload : payloads) {
            try {
                ssm.sendCommand(r -> r.documentName(settings.documentName())
                        .targets(Target.builder().key("tag:" + settings.fleetTagKey())
                                .values(settings.fleetTagValue()).build())
                        .parameters(Map.of(ROUTES_PARAMETER, List.of(payload)))
                        .maxConcurrency(settings.maxConcurrency())
                        .maxErrors(settings.maxErrors())
                        .timeoutSeconds(settings.deliveryTimeoutSeconds())
                        .comment("wg-roam route update"));
                sent++;
            } catch (SdkException e) {
                return new Outcome(sent, e.getClass().getSimpleName() + ": " + e.getMessage());
            }
        }
        return new Outcome(sent, null);
    }

    private static Outcome await(Future<Outcome> future) {
        try {
            return future.get();
        } catch (ExecutionException e) {
            return new Outcome(0, String.valueOf(e.getCause()));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Outcome(0, "interrupted");
        }
    }
}
