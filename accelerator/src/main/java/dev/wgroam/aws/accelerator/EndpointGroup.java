package dev.wgroam.aws.accelerator;

import java.util.List;

/** The node region's Global Accelerator endpoint group: read its weights, set them all at once. */
public interface EndpointGroup {

    List<EndpointWeight> describe();

    /** Sends the full list; every endpoint with an explicit weight. */
    void update(List<EndpointWeight> weights);
}
