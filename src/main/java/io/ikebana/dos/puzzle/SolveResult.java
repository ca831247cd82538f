package io.ikebana.dos.puzzle;

import java.time.Duration;

/**
 * Best solution a solver found within its budget.
 *
 * @param solution         the four best keys found
 * @param solvedDifficulty smallest zero-bit count among them (what the responder will compute)
 * @param meetsDifficulty  whether that honours the requested difficulty
 * @param prfCalls         PRF evaluations spent
 * @param elapsed          wall-clock time spent
 */
public record SolveResult(PuzzleSolution solution, int solvedDifficulty, boolean meetsDifficulty, long prfCalls,
        Duration elapsed) {
}
