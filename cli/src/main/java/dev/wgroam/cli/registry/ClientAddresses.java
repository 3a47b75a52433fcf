package dev.wgroam.cli.registry;

import dev.wgroam.routes.Cidr;
import java.util.Optional;
import java.util.Set;

/**
 * Which /32s of the client CIDR a client may hold, and the lowest one still free. Not the network
 * and broadcast addresses, and not the first host address either: that is the gateway every
 * node's clients interface carries (node-reporter/README.md, {@code Address = 10.50.0.1/32}) and
 * the clients' watchdogs probe, so a client given it could never be reached.
 */
public final class ClientAddresses {

    private ClientAddresses() {
    }

    /** The gateway address the nodes' clients interfaces share: the client CIDR's first host address. */
    public static Cidr gateway(Cidr clientCidr) {
        return new Cidr(clientCidr.address() + 1, 32);
    }

    /** Why {@code address} cannot be a client's, or empty when it can. */
    public static Optional<String> refusal(Cidr clientCidr, Cidr address) {
        if (!address.isHost()) {
            return Optional.of("a client's tunnel address is a /32, not " + address);
        }
        if (!clientCidr.contains(address)) {
            return Optional.of(address + " is outside the client CIDR " + clientCidr);
        }
        int last = clientCidr.address() | ~(-1 << (32 - clientCidr.length()));
        if (address.address() == clientCidr.address()) {
            return Optional.of(address + " is the network address of the client CIDR " + clientCidr);
        }
        if (address.address() == last) {
            return Optional.of(address + " is the broadcast address of the client CIDR " + clientCidr);
        }
        if (address.equals(gateway(clientCidr))) {
            return Optional.of(address + " is the gateway address every node's clients interface carries");
        }
        return Optional.empty();
    }

    /** The lowest address a client may hold that is not in {@code taken}; empty when the CIDR is full. */
    public static Optional<Cidr> lowestFree(Cidr clientCidr, Set<Cidr> taken) {
        long first = Integer.toUnsignedLong(clientCidr.address());
        long size = 1L << (32 - clientCidr.length());
        for (long a = first; a < first + size; a++) {
            Cidr candidate = new Cidr((int) a, 32);
            if (!taken.contains(candidate) && refusal(clientCidr, candidate).isEmpty()) {
                return Optional.of(candidate);
            }
        }
        return Optional.empty();
    }
}
