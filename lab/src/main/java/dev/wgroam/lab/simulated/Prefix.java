package dev.wgroam.lab.simulated;

import java.math.BigInteger;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.regex.Pattern;

/** An IPv4 or IPv6 prefix as wg and ip read and print it; {@code hostBits} says whether the text had any. */
record Prefix(BigInteger address, int length, boolean ipv6, boolean hostBits) implements Comparable<Prefix> {

    private static final Pattern IPV4 = Pattern.compile("(25[0-5]|2[0-4]\\d|1?\\d?\\d)(\\.(25[0-5]|2[0-4]\\d|1?\\d?\\d)){3}");
    private static final Pattern IPV6 = Pattern.compile("[0-9a-fA-F:.]{2,45}");

    /** Parses {@code a.b.c.d[/n]} or {@code v6[/n]} (no suffix: one address); null when it is neither. */
    static Prefix parse(String text) {
        int slash = text.indexOf('/');
        String address = slash < 0 ? text : text.substring(0, slash);
        boolean ipv6 = address.contains(":");
        if (ipv6 ? !IPV6.matcher(address).matches() : !IPV4.matcher(address).matches()) {
            return null;
        }
        int bits = ipv6 ? 128 : 32;
        int length = bits;
        if (slash >= 0) {
            String digits = text.substring(slash + 1);
            if (!digits.matches("\\d{1,3}") || Integer.parseInt(digits) > bits) {
                return null;
            }
            length = Integer.parseInt(digits);
        }
        BigInteger value;
        try {
            // A literal of digits, dots and colons only: no name lookup.
            value = new BigInteger(1, InetAddress.getByName(address).getAddress());
        } catch (UnknownHostException e) {
            return null;
        }
        BigInteger mask = BigInteger.ONE.shiftLeft(bits).subtract(BigInteger.ONE)
                .xor(BigInteger.ONE.shiftLeft(bits - length).subtract(BigInteger.ONE));
        BigInteger network = value.and(mask);
        return new Prefix(network, length, ipv6, !network.equals(value));
    }

    /** As wg prints it: the network address, compressed for IPv6, with its length. */
    @Override
    public String toString() {
        return addressText() + "/" + length;
    }

    /** As {@code ip -o route} prints a destination: a single address without its /32. */
    String routeText() {
        return length == (ipv6 ? 128 : 32) ? addressText() : toString();
    }

    private String addressText() {
        if (!ipv6) {
            long v = address.longValue();
            return (v >> 24 & 255) + "." + (v >> 16 & 255) + "." + (v >> 8 & 255) + "." + (v & 255);
        }
        int[] groups = new int[8];
        for (int i = 0; i < 8; i++) {
            groups[i] = address.shiftRight(16 * (7 - i)).intValue() & 0xffff;
        }
        // RFC 5952: the longest run of two or more zero groups becomes "::".
        int bestStart = -1;
        int bestLength = 1;
        for (int i = 0; i < 8; ) {
            int j = i;
            while (j < 8 && groups[j] == 0) {
                j++;
            }
            if (j - i > bestLength) {
                bestStart = i;
                bestLength = j - i;
            }
            i = j == i ? i + 1 : j;
        }
        StringBuilder s = new StringBuilder();
        for (int i = 0; i < 8; i++) {
            if (i == bestStart) {
                s.append("::");
                i += bestLength - 1;
                continue;
            }
            if (!s.isEmpty() && s.charAt(s.length() - 1) != ':') {
                s.append(':');
            }
            s.append(Integer.toHexString(groups[i]));
        }
        return s.toString();
    }

    /** The kernel's order in {@code ip route show}: by address, then by length. */
    @Override
    public int compareTo(Prefix other) {
        int byFamily = Boolean.compare(ipv6, other.ipv6);
        if (byFamily != 0) {
            return byFamily;
        }
        int byAddress = address.compareTo(other.address);
        return byAddress != 0 ? byAddress : Integer.compare(length, other.length);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Prefix p && p.ipv6 == ipv6 && p.length == length && p.address.equals(address);
    }

    @Override
    public int hashCode() {
        return address.hashCode() * 31 + length;
    }
}
