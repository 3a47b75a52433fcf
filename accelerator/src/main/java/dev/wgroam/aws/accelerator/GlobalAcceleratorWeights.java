package dev.wgroam.aws.accelerator;

import java.time.Duration;
import java.util.List;
import software.amazon.awssdk.services.globalaccelerator.GlobalAcceleratorClient;
import software.amazon.awssdk.services.globalaccelerator.model.EndpointConfiguration;
import software.amazon.awssdk.services.globalaccelerator.model.TransactionInProgressException;

/**
 * Endpoint weights through the Global Accelerator API (which lives in us-west-2 only); reads also
 * carry GA's health state, for the operator CLI. An update
 * always sends the whole endpoint list with explicit weights and client-IP settings, since anything
 * left out is removed and an omitted weight becomes 128. GA refuses changes while another is in
 * progress: those are retried with exponential backoff.
 */
public final class GlobalAcceleratorWeights {

    /** This adapter bound to one endpoint group. */
    public EndpointGroup group(String endpointGroupArn) {
        return new EndpointGroup() {
            @Override
            public List<EndpointWeight> describe() {
                return GlobalAcceleratorWeights.this.describe(endpointGroupArn);
            }

            @Override
            public void update(List<EndpointWeight> weights) {
                GlobalAcceleratorWeights.this.update(endpointGroupArn, weights);
            }
        };
    }

    /** Sleeps between retries; tests pass one that records instead. */
    @FunctionalInterface
    public interface Sleeper {
        void sleep(Duration duration) throws InterruptedException;
    }

    public static final String API_REGION = "us-west-2";

    private final GlobalAcceleratorClient client;
    private final int maxAttempts;
    private final Duration firstBackoff;
    private final Sleeper sleeper;

    public GlobalAcceleratorWeights(GlobalAcceleratorClient client, int maxAttempts, Duration firstBackoff, Sleeper sleeper) {
        this.client = client;
        this.maxAttempts = maxAttempts;
        this.firstBackoff = firstBackoff;
        this.sleeper = sleeper;
    }

    public List<EndpointWeight> describe(String endpointGroupArn) {
        return read(endpointGroupArn).stream().map(DescribedEndpoint::weight).toList();
    }

    /** Every endpoint of the group with its weight and health state, from one DescribeEndpointGroup call. */
    public List<DescribedEndpoint> read(String endpointGroupArn) {
        return client.describeEndpointGroup(r -> r.endpointGroupArn(endpointGroupArn)).endpointGroup()
                .endpointDescriptions().stream()
                .map(d -> new DescribedEndpoint(
                        new EndpointWeight(d.endpointId(), d.weight() == null ? 128 : d.weight(),
                                Boolean.TRUE.equals(d.clientIPPreservationEnabled())),
                        d.healthStateAsString() == null ? "" : d.healthStateAsString()))
                .toList();
    }

    public void update(String endpointGroupArn, List<EndpointWeight> weights) {
        List<EndpointConfiguration> configurations = weights.stream()
                .map(w -> EndpointConfiguration.builder().endpointId(w.endpointId()).weight(w.weight())
                        .clientIPPreservationEnabled(w.clientIpPreservation()).build())
                .toList();
        Duration backoff = firstBackoff;
        for (int attempt = 1; ; attempt++) {
            try {
                client.updateEndpointGroup(r -> r.endpointGroupArn(endpointGroupArn)
                        .endpointConfigurations(configurations));
                return;
            } catch (TransactionInProgressException e) {
                if (attempt >= maxAttempts) {
                    throw e;
                }
                try {
                    sleeper.sleep(backoff);
                } catch (InterruptedException interrupted) {
                    Thread.currentThread().interrupt();
                    throw e;
                }
                backoff = backoff.multipliedBy(2);
            }
        }
    }
}
