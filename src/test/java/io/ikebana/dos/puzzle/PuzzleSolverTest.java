package io.ikebana.dos.puzzle;

import static io.ikebana.dos.Ike.hex;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ikebana.dos.MutableClock;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;

class PuzzleSolverTest {
    private final PuzzlePrf prf = new PuzzlePrf();
    private final PuzzleSolver solver = new PuzzleSolver(prf, new MutableClock(0));
    private final PuzzleVerifier verifier = new PuzzleVerifier(prf);

    @Test
    void findsTheHandCheckedKeys() {
        PuzzleChallenge c = new PuzzleChallenge(PrfAlgorithm.HMAC_SHA2_256, 8);
        SolveResult r = solver.solve(c, PuzzleVerifierTest.COOKIE, new SolveBudget(1_000_000, Duration.ofMinutes(1), 3, 0));
        assertEquals(List.of("000090", "00013a", "0001bb", "00025e"),
                r.solution().keys().stream().map(k -> HexFormat.of().formatHex(k)).sorted().toList());
        assertEquals(607, r.prfCalls(), "spec: 607 candidates tried");
        assertEquals(8, r.solvedDifficulty());
        assertTrue(r.meetsDifficulty());
        assertArrayEquals4(hex("000090 00013a 0001bb 00025e"), sortedEncoding(r.solution()));
    }

    @Test
    void solutionVerifiesWithTheRfcDefinition() {
        byte[] cookie = hex("0a1b2c3d4e5f60718293a4b5c6d7e8f90a1b2c3d4e5f60718293a4b5");
        for (PrfAlgorithm alg : List.of(PrfAlgorithm.HMAC_SHA1, PrfAlgorithm.HMAC_SHA2_256, PrfAlgorithm.HMAC_SHA2_512)) {
            PuzzleChallenge c = new PuzzleChallenge(alg, 10);
            SolveResult r = solver.solve(c, PuzzleInputs.forInit(cookie), SolveBudget.defaults());
            assertTrue(r.meetsDifficulty(), alg.name());
            PuzzleVerification v = verifier.verify(alg, cookie, r.solution().encode());
            assertTrue(v.meets(10), alg.name());
            assertEquals(r.solvedDifficulty(), v.solvedDifficulty(), "solver and verifier agree");
        }
    }

    @Test
    void budgetExhaustedReturnsBestSoFar() {
        PuzzleChallenge hard = new PuzzleChallenge(PrfAlgorithm.HMAC_SHA2_256, 40);
        SolveResult r = solver.solve(hard, PuzzleVerifierTest.COOKIE, new SolveBudget(2_000, Duration.ofMinutes(1), 4, 0));
        assertEquals(2_000, r.prfCalls());
        assertFalse(r.meetsDifficulty());
        assertTrue(r.solvedDifficulty() >= 6, "best four of 2000 tries: " + r.solvedDifficulty());
        assertEquals(r.solvedDifficulty(),
                verifier.verify(PrfAlgorithm.HMAC_SHA2_256, PuzzleVerifierTest.COOKIE, r.solution().encode())
                        .solvedDifficulty());
    }

    @Test
    void difficultyZeroDoesItsBestWithinBudgetOrStopsAtTarget() {
        PuzzleChallenge open = new PuzzleChallenge(PrfAlgorithm.HMAC_SHA2_256, 0);
        SolveResult whole = solver.solve(open, PuzzleVerifierTest.COOKIE, new SolveBudget(4_096, Duration.ofMinutes(1), 4, 0));
        assertEquals(4_096, whole.prfCalls(), "uses the whole budget");
        assertTrue(whole.meetsDifficulty());
        SolveResult early = solver.solve(open, PuzzleVerifierTest.COOKIE, new SolveBudget(1_000_000, Duration.ofMinutes(1), 4, 6));
        assertTrue(early.prfCalls() < 1_000_000);
        assertTrue(early.solvedDifficulty() >= 6);
    }

    @Test
    void timeBudgetStopsTheSolver() {
        MutableClock clock = new MutableClock(0);
        PuzzleSolver timed = new PuzzleSolver(prf, new java.time.Clock() {
            @Override
            public long millis() {
                clock.advance(Duration.ofMillis(1)); // every look at the clock costs 1 ms
                return clock.millis();
            }

            @Override
            public java.time.Instant instant() {
                return java.time.Instant.ofEpochMilli(millis());
            }

            @Override
            public java.time.ZoneId getZone() {
                return java.time.ZoneOffset.UTC;
            }

            @Override
            public java.time.Clock withZone(java.time.ZoneId z) {
                return this;
            }
        });
        SolveResult r = timed.solve(new PuzzleChallenge(PrfAlgorithm.HMAC_SHA2_256, 60), PuzzleVerifierTest.COOKIE,
                new SolveBudget(Long.MAX_VALUE, Duration.ofMillis(10), 4, 0));
        assertTrue(r.prfCalls() <= 256 * 12, "stopped by time after " + r.prfCalls());
    }

    @Test
    void ikeAuthPuzzleUsesNrThenSpir() {
        byte[] nr = hex("00112233445566778899aabbccddeeff");
        long spiR = 0x0102030405060708L;
        byte[] s = PuzzleInputs.forAuth(nr, spiR);
        assertEquals("00112233445566778899aabbccddeeff0102030405060708", HexFormat.of().formatHex(s));
        PuzzleChallenge c = new PuzzleChallenge(PrfAlgorithm.HMAC_SHA2_256, 9);
        SolveResult r = solver.solve(c, s, SolveBudget.defaults());
        assertTrue(verifier.verify(PrfAlgorithm.HMAC_SHA2_256, s, r.solution().encode()).meets(9));
        assertFalse(verifier.verify(PrfAlgorithm.HMAC_SHA2_256, PuzzleInputs.forAuth(nr, spiR + 1),
                r.solution().encode()).meets(9), "bound to SPIr (fails with overwhelming probability)");
    }

    private static byte[] sortedEncoding(PuzzleSolution s) {
        List<byte[]> keys = new java.util.ArrayList<>(s.keys());
        keys.sort(java.util.Arrays::compareUnsigned);
        return PuzzleSolution.of(keys).encode();
    }

    private static void assertArrayEquals4(byte[] a, byte[] b) {
        org.junit.jupiter.api.Assertions.assertArrayEquals(a, b);
    }
}
