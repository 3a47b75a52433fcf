package dev.wgroam.wireguard;

import static dev.wgroam.text.PrintableAssertions.assertPrintableIfRejected;
import static dev.wgroam.text.PrintableAssertions.assertRejectedPrintably;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.wgroam.text.Hostile;
import java.util.stream.Stream;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

class EndpointTest {

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "203.0.113.7:51820        | 203.0.113.7        | 51820",
            "0.0.0.0:1                | 0.0.0.0            | 1",
            "255.255.255.255:65535    | 255.255.255.255    | 65535",
            "[2001:db8::1]:51820      | [2001:db8::1]      | 51820",
            "[::ffff:10.0.0.1]:51820  | [::ffff:10.0.0.1]  | 51820",
            "[fe80::1%eth0]:51820     | [fe80::1%eth0]     | 51820",
            "vpn.example.com:51820    | vpn.example.com    | 51820",
            "localhost:51820          | localhost          | 51820",
            "node-a:51820             | node-a             | 51820",
            "ip-10-0-0-1.eu-west-1.compute.internal:51820 | ip-10-0-0-1.eu-west-1.compute.internal | 51820",
    })
    void parse_whenHostAndPort_splitsThemAndPrintsTheSameText(String text, String host, int port) {
        Endpoint endpoint = Endpoint.parse(text);
        assertEquals(host, endpoint.host());
        assertEquals(port, endpoint.port());
        assertEquals(text, endpoint.toString());
    }

    @ParameterizedTest
    @NullAndEmptySource
    @ValueSource(strings = {
            ":51820",
            "vpn.example.com",
            "vpn.example.com:",
            "vpn.example.com:0",
            "vpn.example.com:65536",
            "vpn.example.com:99999",
            "vpn.example.com:123456",
            "vpn.example.com:-1",
            "vpn.example.com:+1",
            "vpn.example.com: 1",
            "vpn.example.com:1 ",
            "vpn.example.com:0x10",
            "vpn.example.com:\u0665\u0661\u0668\u0662\u0660",    // Arabic-Indic digits
            "vpn.example.com:\uff15\uff11\uff18\uff12\uff10",    // full-width digits
            "::1:51820",                                         // IPv6 without brackets
            "[::1]51820",
            "[::1;reboot]:51820",
            "[]:51820",
            "-vpn.example.com:51820",
            "vpn-.example.com:51820",
            "vpn..example.com:51820",
            "vpn.example.com.:51820",
            "vpn_example.com:51820",
            "010.1.2.3:51820",       // inet_aton reads 010 as octal: 8.1.2.3
            "10.1.2.010:51820",
            "0x7f.0.0.1:51820",      // inet_aton reads hex: 127.0.0.1
            "1.2.3.0x4:51820",
            "2130706433:51820",      // one number: 127.0.0.1 to inet_aton
            "127.1:51820",           // two parts: 127.0.0.1 to inet_aton
            "256.1.2.3:51820",
            "1.2.3.4.5:51820",
            "vpn.example.com:51820\n",
            "vpn.exa\u0000mple.com:51820",
    })
    void parse_whenNotHostAndPort_rejects(String text) {
        assertRejectedPrintably(() -> Endpoint.parse(text));
    }

    @ParameterizedTest
    @MethodSource("hostileEndpoints")
    void parse_whenHostile_rejects(String text) {
        assertRejectedPrintably(() -> Endpoint.parse(text));
    }

    static Stream<String> hostileEndpoints() {
        return Stream.concat(Hostile.variantsOf("vpn.example.com:51820").stream(), Stream.of(
                "a".repeat(64) + ".example.com:51820",                   // label of 64
                ("a".repeat(63) + ".").repeat(4) + "com:51820",           // name of 256
                "vpn.example.com:51820".repeat(1000)));
    }

    @ParameterizedTest
    @CsvSource({"vpn.example.com, 0", "vpn.example.com, 65536", "vpn.example.com, -51820"})
    void new_whenPortOutOfRange_rejects(String host, int port) {
        assertThrows(IllegalArgumentException.class, () -> new Endpoint(host, port));
    }

    @Property
    void parse_ofToString_givesTheSameEndpoint(@ForAll("endpoints") Endpoint endpoint) {
        assertEquals(endpoint, Endpoint.parse(endpoint.toString()));
    }

    @Property
    void parse_whenRejected_messageHasNoRawControlCharacters(@ForAll("anyText") String text) {
        assertPrintableIfRejected(() -> Endpoint.parse(text));
    }

    @Provide
    Arbitrary<Endpoint> endpoints() {
        Arbitrary<Integer> octet = Arbitraries.integers().between(0, 255);
        Arbitrary<String> ipv4 = Combinators.combine(octet, octet, octet, octet).as((a, b, c, d) -> a + "." + b + "." + c + "." + d);
        Arbitrary<String> ipv6 = Arbitraries.integers().between(0, 0xffff).map(n -> "[2001:db8::" + Integer.toHexString(n) + "]");
        Arbitrary<String> label = Arbitraries.strings().withCharRange('a', 'z').ofMinLength(1).ofMaxLength(20);
        Arbitrary<String> name = label.list().ofMinSize(1).ofMaxSize(4).map(labels -> String.join(".", labels));
        return Combinators.combine(Arbitraries.oneOf(ipv4, ipv6, name), Arbitraries.integers().between(1, 65535))
                .as(Endpoint::new);
    }

    @Provide
    Arbitrary<String> anyText() {
        return Hostile.anyText(400);
    }
}
