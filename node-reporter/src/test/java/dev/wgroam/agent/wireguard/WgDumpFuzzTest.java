package dev.wgroam.agent.wireguard;

import dev.wgroam.routes.Cidr;
import dev.wgroam.wireguard.Endpoint;
import dev.wgroam.wireguard.PeerKey;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.Size;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Valid dumps generated from a model, then broken line by line: dropped and extra fields, junk
 * and control characters, huge and negative numbers, bad keys and endpoints. Only the interface
 * line may make the parser throw, and then only {@link MalformedDumpException}; jqwik fails a
 * property on any other exception.
 */
class WgDumpFuzzTest {

    private static final String PRIVATE_KEY = "4HlvJvfVzZXSSk7bMmdXCZEBPYFMxcaK+XCHdsQxFHc=";
    private static final String PUBLIC_KEY = "Yu2n8njWl3Fif/ionEOvJy7HLn0YVOPdk0vq1MmwrCM=";
    private static final List<String> HEADER = List.of(PRIVATE_KEY, PUBLIC_KEY, "51820", "off");

    // ---- properties -------------------------------------------------------------------------

    @Property
    void validDumps_parseToExactlyTheModel(@ForAll("peerLines") List<PeerLine> lines) {
        WgDump dump = WgDumpParser.parse(dumpOf(HEADER, lines.stream().map(PeerLine::asIs).toList()));

        assertEquals(lines.stream().map(PeerLine::expected).toList(), dump.peers());
        assertEquals(List.of(), dump.rejected());
    }

    @Property
    void mutatedPeerLines_areEachEitherKeptOrRejected(@ForAll("mutatedPeerLines") List<MutatedLine> lines) {
        String text = dumpOf(HEADER, lines.stream().map(MutatedLine::text).toList());

        WgDump dump = WgDumpParser.parse(text);

        assertEquals(nonEmptyPeerLines(text), dump.peers().size() + dump.rejected().size());
    }

    @Property
    void untouchedLines_surviveNextToBrokenOnes_inTheirOrder(@ForAll("mutatedPeerLines") List<MutatedLine> lines) {
        WgDump dump = WgDumpParser.parse(dumpOf(HEADER, lines.stream().map(MutatedLine::text).toList()));

        List<PeerState> untouched = lines.stream().filter(l -> l.mutation() == null).map(l -> l.line().expected()).toList();
        List<PeerState> keptOfThose = dump.peers().stream().filter(untouched::contains).toList();
        assertEquals(untouched, keptOfThose);
    }

    @Property
    void reasons_neverShowKeyMaterial(@ForAll("mutatedPeerLines") List<MutatedLine> lines) {
        WgDump dump = WgDumpParser.parse(dumpOf(HEADER, lines.stream().map(MutatedLine::text).toList()));

        List<String> keys = new ArrayList<>(List.of(PRIVATE_KEY, PUBLIC_KEY));
        lines.forEach(l -> keys.addAll(l.line().keys()));
        dump.rejected().stream().map(Rejected::reason)
                .forEach(reason -> keys.forEach(key -> assertFalse(
                        Fixtures.showsPartOf(reason, key, KeyHiding.SHORTEST_HIDDEN_RUN), "key material in: " + reason)));
    }

    @Property
    void secrets_neverBecomePartOfAParsedPeer(@ForAll("mutatedPeerLines") List<MutatedLine> lines) {
        WgDump dump = WgDumpParser.parse(dumpOf(HEADER, lines.stream().map(MutatedLine::text).toList()));

        // Reasons are checked for fragments above; here the peers and the interface key must not hold a secret.
        String printed = dump.publicKey() + " " + dump.peers();
        List<String> secrets = new ArrayList<>(List.of(PRIVATE_KEY));
        lines.stream().map(l -> l.line().psk()).filter(psk -> !psk.equals("(none)")).forEach(secrets::add);
        secrets.forEach(secret -> assertFalse(printed.contains(secret), "a secret key in: " + printed));
    }

    @Property
    void mutatedInterfaceLine_parsesOrThrowsMalformedDump_withoutShowingThePrivateKey(
            @ForAll("headerMutations") Mutation mutation, @ForAll("peerLines") @Size(max = 3) List<PeerLine> lines) {
        String text = dumpOf(mutation.applyTo(HEADER, Shape.INTERFACE), lines.stream().map(PeerLine::asIs).toList());
        try {
            WgDump dump = WgDumpParser.parse(text);
            assertEquals(lines.size(), dump.peers().size());
        } catch (MalformedDumpException e) {
            assertFalse(Fixtures.showsPartOf(e.getMessage(), PRIVATE_KEY, KeyHiding.SHORTEST_HIDDEN_RUN), e.getMessage());
        }
    }

    @Property
    void anyTextAfterAValidInterfaceLine_isKeptOrRejectedLineByLine(@ForAll("anyText") String junk) {
        String text = String.join("\t", HEADER) + "\n" + junk;

        WgDump dump = WgDumpParser.parse(text);

        assertEquals(nonEmptyPeerLines(text), dump.peers().size() + dump.rejected().size());
        assertTrue(dump.rejected().stream().allMatch(r -> r.lineNumber() >= 2));
    }

    private static long nonEmptyPeerLines(String text) {
        return Arrays.stream(text.split("\n", -1)).skip(1).filter(line -> !line.isEmpty()).count();
    }

    private static String dumpOf(List<String> header, List<String> peerLines) {
        return Stream.concat(Stream.of(String.join("\t", header)), peerLines.stream())
                .collect(Collectors.joining("\n", "", "\n"));
    }

    // ---- the model: a valid peer line and what the parser must make of it ---------------------

    /** One valid peer line as `wg` would print it, and the peer the parser must return for it. */
    record PeerLine(List<String> fields, PeerState expected, String psk) {
        String asIs() {
            return String.join("\t", fields);
        }

        List<String> keys() {
            return psk.equals("(none)") ? List.of(fields.get(0)) : List.of(fields.get(0), psk);
        }
    }

    record MutatedLine(PeerLine line, Mutation mutation) {
        String text() {
            return String.join("\t", mutation == null ? line.fields() : mutation.applyTo(line.fields(), Shape.PEER));
        }
    }

    @Provide
    Arbitrary<List<PeerLine>> peerLines() {
        return peerLine().list().ofMaxSize(12).filter(WgDumpFuzzTest::keysDistinct);
    }

    @Provide
    Arbitrary<List<MutatedLine>> mutatedPeerLines() {
        return Combinators.combine(peerLine(), mutation().injectNull(0.4))
                .as(MutatedLine::new)
                .list().ofMaxSize(12)
                .filter(lines -> keysDistinct(lines.stream().map(MutatedLine::line).toList()));
    }

    /** Every public and preshared key of a dump differs from every other, as with real random keys. */
    private static boolean keysDistinct(List<PeerLine> lines) {
        List<String> keys = lines.stream().flatMap(l -> l.keys().stream()).toList();
        return keys.stream().distinct().count() == keys.size();
    }

    @Provide
    Arbitrary<Mutation> headerMutations() {
        return mutation();
    }

    @Provide
    Arbitrary<String> anyText() {
        Arbitrary<String> fieldish = Arbitraries.of("(none)", "off", "0", "10.50.0.2/32", "192.0.2.1:51820", "\t", "\n",
                "18446744073709551616", "-1", PUBLIC_KEY, ",", "[::1]:1", "\u0000", "\r");
        Arbitrary<String> anyChars = Arbitraries.strings().all().ofMaxLength(30);
        return Arbitraries.oneOf(fieldish, anyChars).list().ofMaxSize(40).map(parts -> String.join("", parts));
    }

    private static Arbitrary<PeerLine> peerLine() {
        Arbitrary<String> psk = Arbitraries.oneOf(Arbitraries.just("(none)"), key());
        Arbitrary<String> endpoint = Arbitraries.oneOf(Arbitraries.just("(none)"), ipv4Endpoint(), ipv6Endpoint());
        Arbitrary<List<Cidr>> ipv4 = cidr().list().ofMaxSize(4);
        Arbitrary<List<String>> ipv6 = Arbitraries.integers().between(1, 0xffff)
                .map(n -> "fd00:50::" + Integer.toHexString(n) + "/128").list().ofMaxSize(2);
        Arbitrary<Long> handshake = Arbitraries.oneOf(Arbitraries.just(0L),
                Arbitraries.longs().between(1, 253_402_300_799L));
        Arbitrary<Long> bytes = Arbitraries.longs().between(0, Long.MAX_VALUE);
        Arbitrary<Integer> keepalive = Arbitraries.oneOf(Arbitraries.just(0), Arbitraries.integers().between(1, 65535));
        return Combinators.combine(key(), psk, endpoint, ipv4, ipv6, handshake, bytes, bytes)
                .flatAs((key, secret, ep, v4, v6, hs, rx, tx) -> keepalive.map(ka -> {
                    List<String> allowed = new ArrayList<>(v4.stream().map(Cidr::toString).toList());
                    allowed.addAll(v6);
                    List<String> fields = List.of(key, secret, ep, allowed.isEmpty() ? "(none)" : String.join(",", allowed),
                            Long.toString(hs), Long.toString(rx), Long.toString(tx), ka == 0 ? "off" : Integer.toString(ka));
                    PeerState expected = new PeerState(new PeerKey(key), ep.equals("(none)") ? null : Endpoint.parse(ep),
                            v4, Instant.ofEpochSecond(hs), rx, tx, ka);
                    return new PeerLine(fields, expected, secret);
                }));
    }

    private static Arbitrary<String> key() {
        return Arbitraries.bytes().array(byte[].class).ofSize(32).map(raw -> Base64.getEncoder().encodeToString(raw));
    }

    private static Arbitrary<String> ipv4Endpoint() {
        Arbitrary<Integer> octet = Arbitraries.integers().between(0, 255);
        return Combinators.combine(octet, octet, octet, octet, Arbitraries.integers().between(1, 65535))
                .as((a, b, c, d, port) -> a + "." + b + "." + c + "." + d + ":" + port);
    }

    private static Arbitrary<String> ipv6Endpoint() {
        return Combinators.combine(Arbitraries.integers().between(0, 0xffff), Arbitraries.integers().between(1, 65535))
                .as((n, port) -> "[2001:db8::" + Integer.toHexString(n) + "]:" + port);
    }

    private static Arbitrary<Cidr> cidr() {
        return Combinators.combine(Arbitraries.integers(), Arbitraries.integers().between(0, 32))
                .as((address, length) -> new Cidr(length == 0 ? 0 : address & (-1 << (32 - length)), length));
    }

    // ---- mutations ------------------------------------------------------------------------------

    /** Which fields of a line hold what, so that a mutation hits the kind of field it is about. */
    enum Shape {
        PEER(List.of(0), 2, List.of(4, 5, 6, 7)),
        INTERFACE(List.of(0, 1), 1, List.of(2));

        final List<Integer> keyFields;
        final int endpointLikeField;
        final List<Integer> numberFields;

        Shape(List<Integer> keyFields, int endpointLikeField, List<Integer> numberFields) {
            this.keyFields = keyFields;
            this.endpointLikeField = endpointLikeField;
            this.numberFields = numberFields;
        }
    }

    enum Kind { DROP_FIELD, EXTRA_FIELD, JUNK, CONTROL_CHARS, HUGE_NUMBER, NEGATIVE_NUMBER, BAD_KEY, BAD_ENDPOINT, EMPTY_FIELD }

    /** One way of breaking a line; {@code where} picks the field and position, {@code payload} what goes in. */
    record Mutation(Kind kind, int where, String payload) {

        List<String> applyTo(List<String> original, Shape shape) {
            List<String> fields = new ArrayList<>(original);
            int field = Math.floorMod(where, fields.size());
            switch (kind) {
                case DROP_FIELD -> fields.remove(field);
                case EXTRA_FIELD -> fields.add(Math.floorMod(where, fields.size() + 1), payload);
                case JUNK, CONTROL_CHARS -> {
                    String value = fields.get(field);
                    int at = Math.floorMod(where / 8, value.length() + 1);
                    fields.set(field, value.substring(0, at) + payload + value.substring(at));
                }
                case HUGE_NUMBER, NEGATIVE_NUMBER ->
                        fields.set(shape.numberFields.get(Math.floorMod(where, shape.numberFields.size())), payload);
                case BAD_KEY -> {
                    int keyField = shape.keyFields.get(Math.floorMod(where, shape.keyFields.size()));
                    fields.set(keyField, badKey(fields.get(keyField)));
                }
                case BAD_ENDPOINT -> fields.set(shape.endpointLikeField, payload);
                case EMPTY_FIELD -> fields.set(field, "");
            }
            return fields;
        }

        private String badKey(String key) {
            return switch (Math.floorMod(where, 6)) {
                case 0 -> key.substring(0, 43);                                   // '=' lost
                case 1 -> key + "A";                                              // one too long
                case 2 -> key.substring(0, 20) + payload + key.substring(21);     // a character replaced
                case 3 -> key.substring(0, 42) + "B=";                            // spare bits set: not canonical
                case 4 -> key.substring(0, 22);                                   // cut in half
                default -> key.toUpperCase();
            };
        }
    }

    private static Arbitrary<Mutation> mutation() {
        Arbitrary<Integer> where = Arbitraries.integers().between(0, 1000);
        Arbitrary<String> junk = Arbitraries.strings().all().excludeChars('\n').ofMinLength(1).ofMaxLength(12);
        Arbitrary<String> control = Arbitraries.strings().withCharRange('\u0000', '\u001f').withChars('\u007f')
                .excludeChars('\n').ofMinLength(1).ofMaxLength(4);
        Arbitrary<String> huge = Arbitraries.oneOf(
                Arbitraries.of("9223372036854775808", "18446744073709551615", "99999999999999999999999999"),
                Arbitraries.strings().numeric().ofMinLength(20).ofMaxLength(60));
        Arbitrary<String> negative = Arbitraries.longs().between(1, Long.MAX_VALUE).map(n -> "-" + n);
        Arbitrary<String> badEndpoint = Arbitraries.oneOf(
                Arbitraries.of("192.0.2.1", "192.0.2.1:", ":51820", "192.0.2.1:0", "192.0.2.1:65536", "192.0.2.1:99999",
                        "256.1.1.1:1", "01.2.3.4:5", "[::1:51820", "[]:1", "host name:1", "1.2.3.4:-1", "(None)",
                        "1.2.3.4:+5", "[" + "f".repeat(60) + "]:1"),
                junk);
        Arbitrary<String> keyChar = Arbitraries.of("!", "-", "_", "*", " ", "\u00e9");
        return Arbitraries.of(Kind.class).flatMap(kind -> Combinators.combine(where, switch (kind) {
            case EXTRA_FIELD, JUNK -> junk;
            case CONTROL_CHARS -> control;
            case HUGE_NUMBER -> huge;
            case NEGATIVE_NUMBER -> negative;
            case BAD_ENDPOINT -> badEndpoint;
            case BAD_KEY -> keyChar;
            case DROP_FIELD, EMPTY_FIELD -> Arbitraries.just("");
        }).as((w, payload) -> new Mutation(kind, w, payload)));
    }
}
