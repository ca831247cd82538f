package io.ikebana.dos;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ikebana.dos.puzzle.PrfAlgorithm;
import java.time.Duration;
import java.util.List;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class DosConfigTest {

    @Test
    void defaultsAreSane() {
        DosConfig c = DosConfig.defaults();
        assertTrue(c.enabled());
        assertEquals(2, c.prefixes(AddressFamily.IPV4).size());
        assertEquals(List.of(64, 48), c.prefixes(AddressFamily.IPV6).stream().map(PrefixPolicy::length).toList());
        assertEquals(Duration.ofSeconds(30), c.halfOpen().maxTimeout());
        assertEquals(Duration.ofSeconds(2), c.halfOpen().minTimeout());
        assertEquals(12, c.puzzles().minDifficulty());
    }

    static Stream<Arguments> invalid() {
        return Stream.of(
                bad("dos.puzzles.minDifficulty", () -> PuzzleConfig.defaults().withDifficulty(8, 18, 4)),
                bad("dos.puzzles.maxDifficulty", () -> PuzzleConfig.defaults().withDifficulty(12, 11, 4)),
                bad("dos.puzzles.authDifficulty", () -> PuzzleConfig.defaults().withAuth(0, 10)),
                bad("dos.puzzles.prfs", () -> new PuzzleConfig(true, 12, 18, 4, 10, 10, List.of(PrfAlgorithm.UNKNOWN))),
                bad("dos.halfOpen", () -> HalfOpenConfig.defaults().withThresholds(30, 20, 100)),
                bad("dos.halfOpen", () -> HalfOpenConfig.defaults().withThresholds(10, 20, 20)),
                bad("dos.cookies.secretRotation", () -> new CookieConfig(Duration.ofSeconds(30), Duration.ofSeconds(10),
                        false, false, 3, 0.1)),
                bad("dos.cookies.legacyAdmitFloor", () -> CookieConfig.defaults().withLegacy(3, 1.5)),
                bad("dos.sizes", () -> new SizeLimits(1000, 124, 2000)),
                bad("dos.sizes", () -> new SizeLimits(65_535, 20, 2000)),
                bad("dos.tables.sketchWidth", () -> TableConfig.defaults().withSketchWidth(1000)),
                bad("dos.prefixes.length", () -> new PrefixPolicy(AddressFamily.IPV4, 33, 3, 5, 20, 2, 5, 50, 20)),
                bad("dos.prefixes.*HalfOpen", () -> new PrefixPolicy(AddressFamily.IPV6, 64, 5, 3, 20, 2, 5, 50, 20)),
                bad("dos.prefixes.*Rate", () -> new PrefixPolicy(AddressFamily.IPV6, 64, 3, 5, 20, 2, 50, 50, 20)),
                bad("dos.prefixes: duplicate", () -> DosConfig.defaults().withPrefixes(List.of(
                        new PrefixPolicy(AddressFamily.IPV4, 32, 3, 5, 20, 2, 5, 50, 20),
                        new PrefixPolicy(AddressFamily.IPV4, 32, 3, 5, 20, 2, 5, 50, 20)))));
    }

    private static Arguments bad(String key, Supplier<Object> make) {
        return Arguments.of(key, make);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("invalid")
    void wrongValuesNameTheirKey(String key, Supplier<Object> make) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, make::get);
        assertTrue(e.getMessage().startsWith(key), e.getMessage());
    }
}
