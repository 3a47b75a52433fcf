package dev.wgroam.routes;

import static dev.wgroam.text.PrintableAssertions.assertNoControlCharacters;
import static dev.wgroam.text.PrintableAssertions.assertPrintableIfRejected;
import static dev.wgroam.text.PrintableAssertions.assertRejectedPrintably;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.wgroam.text.Hostile;
import java.util.stream.Stream;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

class CidrTest {

    @ParameterizedTest
    @CsvSource({
            "10.50.0.7/32,      10.50.0.7,       32",
            "10.0.0.0/8,        10.0.0.0,        8",
            "0.0.0.0/0,         0.0.0.0,         0",
            "255.255.255.255/32, 255.255.255.255, 32",
            "128.0.0.0/1,       128.0.0.0,       1",
            "192.168.100.0/22,  192.168.100.0,   22",
            "172.31.255.254/31, 172.31.255.254,  31",
    })
    void parse_whenCanonical_keepsAddressAndLengthAndSpelling(String text, String address, int length) {
        Cidr cidr = Cidr.parse(text);
        assertEquals(address, cidr.addressText());
        assertEquals(length, cidr.length());
        assertEquals(text, cidr.toString());
    }

    @Test
    void parse_readsOctetsMostSignificantFirst() {
        assertEquals(0x0A320007, Cidr.parse("10.50.0.7/32").address());
        assertEquals(0xC0A86400, Cidr.parse("192.168.100.0/22").address());
    }

    @ParameterizedTest
    @NullAndEmptySource
    @ValueSource(strings = {
            "10.1.2.3",            // no length
            "10.1.2.3/",           // empty length
            "/32",                 // no address
            "10.1.2.3/33",         // length too large
            "10.1.2.3/-1",
            "10.1.2.3/+32",
            "10.1.2.3/032",        // leading zero in the length
            "10.1.2.3/00",
            "010.1.2.3/32",        // leading zero in an octet (octal to inet_aton)
            "10.01.2.3/32",
            "10.1.2.00/32",
            "0x0a.1.2.3/32",       // hex octet
            "10.1.2.3/24",         // host bits set
            "10.0.0.1/8",
            "0.0.0.1/0",
            "256.1.2.3/32",
            "10.1.2.256/32",
            "1000.1.2.3/8",
            "10.1.2/24",           // three octets
            "10.1.2.3.4/32",       // five octets
            "10..2.3/32",
            "10.1.2.3./32",
            ".10.1.2.3/32",
            "10.1.2.3/8/8",
            "10.1.2.3/32 ",
            "10.1.2.3 /32",
            "10.1.2.3\t/32",
            "10.1.2.3/32\n",
            "10.1.2.3/3\u0000",
            "\u0661\u0660.1.2.3/32",  // Arabic-Indic digits
            "10.1.2.3/\uff13\uff12",  // full-width digits
            "10.1.2.3/32;reboot",
            "$(reboot)/32",
            "::1/128",
            "99999999999.1.2.3/32",
    })
    void parse_whenNotCanonicalIpv4Prefix_rejects(String text) {
        assertRejectedPrintably(() -> Cidr.parse(text));
    }

    @ParameterizedTest
    @MethodSource("hostilePrefixes")
    void parse_whenHostile_rejects(String text) {
        assertRejectedPrintably(() -> Cidr.parse(text));
    }

    static Stream<String> hostilePrefixes() {
        return Stream.concat(Hostile.variantsOf("10.50.0.7/32").stream(),
                Stream.of("10.50.0.7/32".repeat(1000), "1".repeat(100_000), "10.50.0." + "7".repeat(50) + "/32"));
    }

    @ParameterizedTest
    @CsvSource({"0, -1", "0, 33", "1, 31", "16777216, 7", "-1, 31"})
    void new_whenLengthOutOfRangeOrHostBitsSet_rejects(int address, int length) {
        assertThrows(IllegalArgumentException.class, () -> new Cidr(address, length));
    }

    @Test
    void host_givesTheSlash32OfAnAddress() {
        assertEquals(Cidr.parse("10.50.0.7/32"), Cidr.host("10.50.0.7"));
        assertTrue(Cidr.host("10.50.0.7").isHost());
    }

    @ParameterizedTest
    @NullAndEmptySource
    @ValueSource(strings = {"10.50.0.7/32", "010.50.0.7", "10.50.0", "10.50.0.7 ", "10.50.0.7;reboot"})
    void host_whenNotOneCanonicalAddress_rejects(String text) {
        assertThrows(IllegalArgumentException.class, () -> Cidr.host(text));
    }

    @Test
    void contains_whenOtherIsInsideOrEqual_isTrue() {
        Cidr vpc = Cidr.parse("10.8.0.0/16");
        assertTrue(vpc.contains(vpc));
        assertTrue(vpc.contains(Cidr.parse("10.8.255.1/32")));
        assertFalse(vpc.contains(Cidr.parse("10.9.0.1/32")));
        assertFalse(vpc.contains(Cidr.parse("10.0.0.0/8")));
        assertTrue(Cidr.parse("0.0.0.0/0").contains(Cidr.parse("255.255.255.255/32")));
    }

    @Property
    void parse_ofToString_givesTheSamePrefix(@ForAll("cidrs") Cidr cidr) {
        assertEquals(cidr, Cidr.parse(cidr.toString()));
    }

    @Property
    void parse_acceptsOnlyOneSpellingOfEachPrefix(@ForAll("prefixLikeText") String text) {
        Cidr parsed;
        try {
            parsed = Cidr.parse(text);
        } catch (IllegalArgumentException e) {
            assertNoControlCharacters(e.getMessage());
            return;
        }
        assertEquals(text, parsed.toString());
    }

    @Property
    void contains_holdsForEveryAddressInsideThePrefix(@ForAll("cidrs") Cidr cidr, @ForAll int anyAddress) {
        int hostBits = 32 - cidr.length();
        int inside = hostBits == 0 ? cidr.address() : cidr.address() | (anyAddress >>> (32 - hostBits));
        assertTrue(cidr.contains(new Cidr(inside, 32)), () -> cidr + " should contain " + inside);
    }

    @Property
    void parse_whenRejected_messageHasNoRawControlCharacters(@ForAll("anyText") String text) {
        assertPrintableIfRejected(() -> Cidr.parse(text));
    }

    @Provide
    Arbitrary<Cidr> cidrs() {
        return Combinators.combine(Arbitraries.integers(), Arbitraries.integers().between(0, 32))
                .as((address, length) -> new Cidr(length == 0 ? 0 : address & (-1 << (32 - length)), length));
    }

    @Provide
    Arbitrary<String> prefixLikeText() {
        Arbitrary<String> octet = Arbitraries.oneOf(
                Arbitraries.integers().between(0, 255).map(String::valueOf),
                Arbitraries.strings().withChars("0123456789").ofMinLength(0).ofMaxLength(4));
        Arbitrary<String> length = Arbitraries.oneOf(
                Arbitraries.integers().between(0, 32).map(String::valueOf),
                Arbitraries.strings().withChars("0123456789+-").ofMaxLength(3));
        Arbitrary<String> shaped = Combinators.combine(octet, octet, octet, octet, length)
                .as((a, b, c, d, n) -> a + "." + b + "." + c + "." + d + "/" + n);
        Arbitrary<String> loose = Arbitraries.strings().withChars("0123456789./").ofMaxLength(20);
        return Arbitraries.oneOf(shaped, loose);
    }

    @Provide
    Arbitrary<String> anyText() {
        return Hostile.anyText(300);
    }
}
