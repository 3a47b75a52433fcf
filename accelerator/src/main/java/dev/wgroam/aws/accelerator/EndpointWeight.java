package dev.wgroam.aws.accelerator;

import dev.wgroam.fleet.NodeStatus;
import java.util.Objects;

/**
 * One Global Accelerator endpoint as an UpdateEndpointGroup call must carry it: always with an
 * explicit weight (an omitted weight silently becomes 128) and its client-IP-preservation setting.
 */
public record EndpointWeight(String endpointId, int weight, boolean clientIpPreservation) {
    public EndpointWeight {
        Objects.requireNonNull(endpointId, "endpointId");
        NodeStatus.checkWeight(weight);
    }

    public EndpointWeight withWeight(int newWeight) {
        return new EndpointWeight(endpointId, newWeight, clientIpPreservation);
    }
}
