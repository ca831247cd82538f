package io.ikebana.dos;

import io.ikebana.dos.puzzle.PrfAlgorithm;
import io.ikebana.dos.puzzle.PuzzleChallenge;
import io.ikebana.dos.puzzle.PuzzleInputs;
import io.ikebana.dos.puzzle.PuzzlePrf;
import io.ikebana.dos.puzzle.PuzzleSolver;
import io.ikebana.dos.puzzle.SolveBudget;
import java.net.InetAddress;
import java.time.Duration;

/** Test fixtures for guards. */
final class Guards {
    private Guards() {
    }

    /** Defaults, with global thresholds small enough to reach in a test: cookies 10, puzzles 20, cap 40. */
    static DosConfig small() {
        return DosConfig.defaults().withHalfOpen(HalfOpenConfig.defaults().withThresholds(10, 20, 40));
    }

    static DosGuard guard(DosConfig config, MutableClock clock, String seed) {
        return DosGuard.local(config, clock, TestRandom.seeded(seed), DosMetrics.noop());
    }

    /** A source in its own /24 (and /32), so only global thresholds apply to it. */
    static InetAddress quiet(int i) {
        return Ike.ip("10." + ((i >> 8) & 0xFF) + "." + (i & 0xFF) + ".1");
    }

    /** Creates {@code n} half-open SAs, each from a different /24. */
    static void fillHalfOpen(DosGuard guard, int n) {
        for (int i = 0; i < n; i++) {
            guard.halfOpenCreated(quiet(1000 + i));
        }
    }

    static byte[] solve(PuzzleChallenge p, byte[] cookie) {
        return new PuzzleSolver(new PuzzlePrf(), java.time.Clock.systemUTC())
                .solve(p, PuzzleInputs.forInit(cookie), new SolveBudget(50_000_000, Duration.ofSeconds(30), 4, 0))
                .solution().encode();
    }

    static PuzzleChallenge sha256(int difficulty) {
        return new PuzzleChallenge(PrfAlgorithm.HMAC_SHA2_256, difficulty);
    }
}
