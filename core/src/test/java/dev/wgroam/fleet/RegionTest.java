package dev.wgroam.fleet;

import static dev.wgroam.text.PrintableAssertions.assertPrintableIfRejected;
import static dev.wgroam.text.PrintableAssertions.assertRejectedPrintably;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.wgroam.text.Hostile;
import java.util.stream.Stream;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

class RegionTest {

    @ParameterizedTest
    @ValueSource(strings = {
            "eu-west-1", "us-east-1", "us-west-2", "ap-southeast-2", "ap-northeast-3", "ca-central-1",
            "me-south-1", "il-central-1", "mx-central-1", "us-gov-west-1", "cn-northwest-1", "us-isob-east-1",
            "eu-isoe-west-1", "ap-southeast-7", "eu-central-2",
    })
    void new_whenAwsRegionName_accepts(String name) {
        assertEquals(name, new Region(name).toString());
    }

    @ParameterizedTest
    @NullAndEmptySource
    @ValueSource(strings = {
            "EU-WEST-1", "eu-west", "eu-west-", "eu-west-123", "euwest1", "e-west-1", "eu--west-1",
            "eu-west-1a", "eu-west-1 ", " eu-west-1", "eu-west-1\n", "eu-west-1\u0000", "eu-w\u00e9st-1",
            "eu-a-b-c-d-1", "eu_west_1", "eu-west-1;reboot", "$(reboot)", "eu-west-1|sh",
    })
    void new_whenNotARegionName_rejects(String name) {
        assertRejectedPrintably(() -> new Region(name));
    }

    @ParameterizedTest
    @MethodSource("hostileRegions")
    void new_whenHostileOrOverlong_rejects(String name) {
        assertRejectedPrintably(() -> new Region(name));
    }

    static Stream<String> hostileRegions() {
        return Stream.concat(Hostile.variantsOf("eu-west-1").stream(), Stream.of(
                "eu-" + "west".repeat(20) + "-1",
                "eu-" + "w".repeat(100_000) + "-1",
                "eu-west-1".repeat(10)));
    }

    @Property
    void new_whenRejected_messageHasNoRawControlCharacters(@ForAll("anyText") String name) {
        assertPrintableIfRejected(() -> new Region(name));
    }

    @Provide
    Arbitrary<String> anyText() {
        return Hostile.anyText(300);
    }
}
