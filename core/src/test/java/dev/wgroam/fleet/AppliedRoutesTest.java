package dev.wgroam.fleet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.wgroam.routes.RouteEntry;
import java.math.BigInteger;
import java.time.Instant;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class AppliedRoutesTest {

    @Test
    void sumOf_addsTheVersions() {
        assertEquals(0, AppliedRoutes.sumOf(List.of()));
        assertEquals(16, AppliedRoutes.sumOf(List.of(12L, 3L, 1L)));
        assertEquals(2 * RouteEntry.MAX_VERSION, AppliedRoutes.sumOf(List.of(RouteEntry.MAX_VERSION, RouteEntry.MAX_VERSION)));
    }

    @ParameterizedTest
    @ValueSource(longs = {0, -1, RouteEntry.MAX_VERSION + 1, Long.MAX_VALUE, Long.MIN_VALUE})
    void sumOf_refusesAVersionOutOfRange(long version) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> AppliedRoutes.sumOf(List.of(1L, version, 2L)));
        assertTrue(e.getMessage().contains(Long.toString(version)), e.getMessage());
    }

    @Test
    void sumOf_tenPushedVersionsNearTheLongLimit_areRefusedNotWrapped() {
        // The attack of issue 13: ten versions near Long.MAX_VALUE used to wrap versionSum negative.
        List<Long> nearLimit = Arrays.asList(new Long[10]);
        nearLimit.replaceAll(v -> Long.MAX_VALUE / 9);
        assertThrows(IllegalArgumentException.class, () -> AppliedRoutes.sumOf(nearLimit));
    }

    @Test
    void sumOf_whenTheExactSumWouldNotFitALong_throwsInsteadOfWrapping() {
        // Long.MAX_VALUE / MAX_VERSION + 1 routes at the largest version: more than any fleet has, but never a wrapped sum.
        long count = Long.MAX_VALUE / RouteEntry.MAX_VERSION + 1;
        Iterable<Long> many = () -> new Iterator<>() {
            private long left = count;

            @Override
            public boolean hasNext() {
                return left > 0;
            }

            @Override
            public Long next() {
                if (left-- <= 0) {
                    throw new NoSuchElementException();
                }
                return RouteEntry.MAX_VERSION;
            }
        };
        assertThrows(ArithmeticException.class, () -> AppliedRoutes.sumOf(many));
    }

    @Provide
    Arbitrary<List<Long>> versions() {
        return Arbitraries.oneOf(Arbitraries.longs().between(1, RouteEntry.MAX_VERSION),
                Arbitraries.longs().between(RouteEntry.MAX_VERSION - 10, RouteEntry.MAX_VERSION)).list().ofMaxSize(200);
    }

    @Property
    void sumOf_isTheExactSum(@ForAll("versions") List<Long> versions) {
        BigInteger exact = versions.stream().map(BigInteger::valueOf).reduce(BigInteger.ZERO, BigInteger::add);
        assertEquals(exact, BigInteger.valueOf(AppliedRoutes.sumOf(versions)));
    }

    @Test
    void constructor_refusesNegativeCounts() {
        assertThrows(IllegalArgumentException.class, () -> new AppliedRoutes(-1, 0, Instant.EPOCH));
        assertThrows(IllegalArgumentException.class, () -> new AppliedRoutes(0, -1, Instant.EPOCH));
    }
}
