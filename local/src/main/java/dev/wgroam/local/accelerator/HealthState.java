package dev.wgroam.local.accelerator;

/** An endpoint's health as Global Accelerator reports it; INITIAL until the first verdict. */
public enum HealthState {
    INITIAL, HEALTHY, UNHEALTHY;

    /** Whether new flows may go to an endpoint in this state (GA routes to endpoints not known unhealthy). */
    public boolean routable() {
        return this != UNHEALTHY;
    }
}
