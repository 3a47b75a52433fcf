package dev.wgroam.local.network;

/**
 * One VPN client of the local fleet, as the lab places it: its number decides its namespace and
 * its address on the internet side of the accelerator's edge. Its tunnel address is the registry's
 * (the config it was given says it; {@link Network#address}).
 */
public record ClientSpec(String name, int number) {

    /** Client numbers the lab's /24s have room for (10.200.0.100+n, 10.201.0.100+n). */
    public static final int MAX_NUMBER = 150;

    public ClientSpec {
        if (number < 1 || number > MAX_NUMBER) {
            throw new IllegalArgumentException("a lab client's number is 1 to " + MAX_NUMBER + ", not " + number);
        }
    }

    /** Its address on the internet side of the accelerator's edge. */
    public String internetAddress() {
        return "10.201.0." + (100 + number);
    }
}
