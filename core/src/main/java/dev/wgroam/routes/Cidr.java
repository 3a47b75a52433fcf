package dev.wgroam.routes;

import dev.wgroam.text.Printable;

/**
 * An IPv4 prefix in canonical form ({@code 10.50.0.7/32}): four decimal octets without leading
 * zeros, a length from 0 to 32 and no bits set past the length. Strict on purpose: the same text
 * becomes an argument to {@code ip} and {@code wg}, so only one spelling of a prefix exists.
 */
public record Cidr(int address, int length) implements Comparable<Cidr> {

    public Cidr {
        if (length < 0 || length > 32) {
            throw new IllegalArgumentException("prefix length out of range 0-32: " + length);
        }
        if ((address & ~mask(length)) != 0) {
            throw new IllegalArgumentException("host bits set past /" + length + ": " + dotted(address) + "/" + length);
        }
    }

    public static Cidr parse(String text) {
        if (text == null || text.length() > 18) {
            throw new IllegalArgumentException("not an IPv4 prefix (a.b.c.d/n): " + Printable.quote(text));
        }
        int slash = text.indexOf('/');
        if (slash < 0) {
            throw new IllegalArgumentException("not an IPv4 prefix, the /length is missing: " + Printable.quote(text));
        }
        int address = parseAddress(text.substring(0, slash), text);
        int length = parseNumber(text.substring(slash + 1), 32, text);
        return new Cidr(address, length);
    }

    /** The /32 of one IPv4 address given as text. */
    public static Cidr host(String address) {
        if (address == null) {
            throw new IllegalArgumentException("not an IPv4 address: " + Printable.quote(address));
        }
        return new Cidr(parseAddress(address, address), 32);
    }

    public boolean isHost() {
        return length == 32;
    }

    /** The address without the length, e.g. {@code 10.50.0.7}. */
    public String addressText() {
        return dotted(address);
    }

    public boolean contains(Cidr other) {
        return other.length >= length && (other.address & mask(length)) == address;
    }

    /** Whether the two prefixes share any address: one contains the other. */
    public boolean overlaps(Cidr other) {
        return contains(other) || other.contains(this);
    }

    @Override
    public int compareTo(Cidr other) {
        int byAddress = Integer.compareUnsigned(address, other.address);
        return byAddress != 0 ? byAddress : Integer.compare(length, other.length);
    }

    @Override
    public String toString() {
        return dotted(address) + "/" + length;
    }

    private static int mask(int length) {
        return length == 0 ? 0 : -1 << (32 - length);
    }

    private static String dotted(int address) {
        return (address >>> 24) + "." + ((address >>> 16) & 0xff) + "." + ((address >>> 8) & 0xff) + "." + (address & 0xff);
    }

    private static int parseAddress(String dotted, String whole) {
        String[] octets = dotted.split("\\.", -1);
        if (octets.length != 4) {
            throw new IllegalArgumentException("not an IPv4 address (four octets): " + Printable.quote(whole));
        }
        int address = 0;
        for (String octet : octets) {
            address = (address << 8) | parseNumber(octet, 255, whole);
        }
        return address;
    }

    private static int parseNumber(String digits, int max, String whole) {
        boolean canonical = !digits.isEmpty() && digits.length() <= 3
                && digits.chars().allMatch(c -> c >= '0' && c <= '9')
                && (digits.length() == 1 || digits.charAt(0) != '0');
        if (!canonical || Integer.parseInt(digits) > max) {
            throw new IllegalArgumentException("not a canonical IPv4 prefix: " + Printable.quote(whole));
        }
        return Integer.parseInt(digits);
    }
}
