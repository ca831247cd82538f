package io.ikebana.admin;

import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.IntSupplier;

/**
 * The DoS guard as the admin API sees it: its state (level, half-open count, puzzle difficulty,
 * counters) and the settings an operator may change at run time (thresholds, difficulty). No
 * addresses, SPIs or secrets. {@link DosGuardControl} is the implementation over a
 * {@link io.ikebana.dos.DosGuard}; {@link #unwired} is the honest answer of a node whose engine
 * does not consult a guard.
 */
public interface DosControl {

    /**
     * @param active            a guard screens this node's traffic
     * @param enabled           protection switched on (cookies, puzzles, prefix limits)
     * @param level             normal, cookies or puzzles
     * @param halfOpen          half-open IKE SAs now
     * @param halfOpenCapacity  cap of the half-open table
     * @param halfOpenTimeoutMillis retention of new half-open SAs now
     * @param puzzleDifficulty  difficulty an unremarkable prefix would get now (0: none asked)
     * @param authPuzzlesActive IKE_AUTH puzzles are being handed out
     * @param counters          event counters since start (cookies, puzzles by difficulty, drops by reason)
     */
    record Status(boolean active, boolean enabled, String level, int halfOpen, int halfOpenCapacity,
            long halfOpenTimeoutMillis, int puzzleDifficulty, boolean authPuzzlesActive, Map<String, Object> counters) {
    }

    /** What may change at run time; see {@code dos.*} in the configuration reference. */
    record Settings(boolean enabled, int cookieThreshold, int puzzleThreshold, int halfOpenCapacity,
            boolean puzzlesEnabled, int minDifficulty, int maxDifficulty, int prefixExtraDifficulty,
            int authDifficulty, int authFailureThreshold) {
    }

    /** A partial update: null fields keep their value. */
    record SettingsPatch(Boolean enabled, Integer cookieThreshold, Integer puzzleThreshold, Integer halfOpenCapacity,
            Boolean puzzlesEnabled, Integer minDifficulty, Integer maxDifficulty, Integer prefixExtraDifficulty,
            Integer authDifficulty, Integer authFailureThreshold) {
    }

    CompletionStage<Status> state();

    /** Fails with {@link Problem.Failure} (503) when no guard is wired. */
    CompletionStage<Settings> settings();

    /**
     * Applies a patch; fails with {@link IllegalArgumentException} (the API's 422) when the result
     * is inconsistent (e.g. cookieThreshold above puzzleThreshold), leaving the settings unchanged.
     */
    CompletionStage<Settings> update(SettingsPatch patch);

    /** A node without a DoS guard: reports the engine's half-open count, refuses settings. */
    static DosControl unwired(IntSupplier halfOpen) {
        return new DosControl() {
            @Override
            public CompletionStage<Status> state() {
                return CompletableFuture.completedFuture(new Status(false, false, "normal", halfOpen.getAsInt(), 0, 0,
                        0, false, Map.of()));
            }

            @Override
            public CompletionStage<Settings> settings() {
                return CompletableFuture.failedFuture(unavailable());
            }

            @Override
            public CompletionStage<Settings> update(SettingsPatch patch) {
                return CompletableFuture.failedFuture(unavailable());
            }

            private Problem.Failure unavailable() {
                return new Problem.Failure(Problem.typed(503, "dos-unavailable", "DoS guard not active",
                        "this node's engine does not consult a DoS guard"));
            }
        };
    }
}
