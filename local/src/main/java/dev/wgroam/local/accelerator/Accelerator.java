package dev.wgroam.local.accelerator;

import dev.wgroam.fleet.Region;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * The stand-in accelerator's state: one endpoint group per region, each endpoint's weight and
 * health. Updates follow Global Accelerator's rules: an update replaces the group's whole endpoint
 * list, an omitted weight becomes 128, and only endpoints the accelerator can reach may be added.
 * Every change is handed to a listener (the edge), in order.
 */
public final class Accelerator {

    /** One entry of an UpdateEndpointGroup call; null fields were omitted by the caller. */
    public record EndpointSetting(String endpointId, Integer weight, Boolean clientIpPreservation) {
    }

    /** A request GA would refuse, with GA's error code. */
    public static final class RefusedException extends RuntimeException {
        private final String code;

        public RefusedException(String code, String message) {
            super(message);
            this.code = code;
        }

        public String code() {
            return code;
        }
    }

    public static final int DEFAULT_WEIGHT = 128;

    private final Map<String, EndpointGroupState> groups = new LinkedHashMap<>();
    private final Map<String, String> addresses;
    private final Map<String, HealthState> health = new HashMap<>();
    private final Consumer<List<EndpointGroupState>> onChange;

    /**
     * @param addresses every endpoint id the accelerator can reach, with the node address behind it
     * @param onChange  called with all groups after each change, under this object's lock
     */
    public Accelerator(Map<String, String> addresses, Consumer<List<EndpointGroupState>> onChange) {
        this.addresses = Map.copyOf(addresses);
        this.onChange = onChange;
    }

    /** Adds a region's endpoint group with every endpoint at the default weight. */
    public synchronized void addGroup(String arn, Region region, List<String> endpointIds) {
        groups.put(arn, new EndpointGroupState(arn, region, List.of()));
        update(arn, endpointIds.stream().map(id -> new EndpointSetting(id, null, true)).toList());
    }

    public synchronized List<EndpointGroupState> groups() {
        return List.copyOf(groups.values());
    }

    public synchronized EndpointGroupState describe(String arn) {
        EndpointGroupState group = groups.get(arn);
        if (group == null) {
            throw new RefusedException("EndpointGroupNotFoundException", "no endpoint group " + arn);
        }
        return group;
    }

    public synchronized EndpointGroupState update(String arn, List<EndpointSetting> settings) {
        EndpointGroupState group = describe(arn);
        List<AcceleratorEndpoint> endpoints = new ArrayList<>();
        for (EndpointSetting s : settings) {
            String address = addresses.get(s.endpointId());
            if (address == null) {
                throw new RefusedException("InvalidArgumentException", "endpoint " + s.endpointId()
                        + " is not an instance this accelerator can reach");
            }
            int weight = s.weight() == null ? DEFAULT_WEIGHT : s.weight();
            if (weight < 0 || weight > 255) {
                throw new RefusedException("InvalidArgumentException", "weight must be 0..255, not " + weight);
            }
            endpoints.add(new AcceleratorEndpoint(s.endpointId(), address, weight,
                    s.clientIpPreservation() == null || s.clientIpPreservation(),
                    health.getOrDefault(s.endpointId(), HealthState.INITIAL)));
        }
        EndpointGroupState updated = new EndpointGroupState(arn, group.region(), endpoints);
        groups.put(arn, updated);
        onChange.accept(groups());
        return updated;
    }

    /** Hands the groups to the listener again, unchanged: what it derives from them besides (the clients it steers) changed. */
    public synchronized void refresh() {
        onChange.accept(groups());
    }

    /** A health checker's verdict on an endpoint; a change reaches the edge at once. */
    public synchronized void health(String endpointId, HealthState state) {
        if (health.put(endpointId, state) == state) {
            return;
        }
        groups.replaceAll((arn, g) -> new EndpointGroupState(arn, g.region(), g.endpoints().stream()
                .map(e -> e.id().equals(endpointId)
                        ? new AcceleratorEndpoint(e.id(), e.address(), e.weight(), e.clientIpPreservation(), state) : e)
                .toList()));
        onChange.accept(groups());
    }
}
