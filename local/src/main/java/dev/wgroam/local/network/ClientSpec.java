package dev.wgroam.local.network;

import dev.wgroam.routes.Cidr;

/** One VPN client of the local fleet; its tunnel address is 10.50.0.(10 + n). */
public record ClientSpec(String name, int number) {

    public Cidr prefix() {
        return Cidr.parse(address() + "/32");
    }

    /** Its address on the internet side of the accelerator's edge. */
    public String internetAddress() {
        return "10.201.0." + (100 + number);
    }

    public String address() {
        return "10.50.0." + (10 + number);
    }
}
