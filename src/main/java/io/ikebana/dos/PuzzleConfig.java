package io.ikebana.dos;

import io.ikebana.dos.puzzle.PrfAlgorithm;
import java.util.List;

/**
 * Client puzzles (RFC 8019).
 *
 * @param enabled               false: never ask for puzzles, cookies only
 * @param minDifficulty         difficulty when puzzles start; 0 ("do your best", RFC 8019 §7.1.1.1)
 *                              or 9..255 (values 1-8 are excluded, RFC 8019 §4.4)
 * @param maxDifficulty         difficulty at full global load (RFC 8019 §4.4: 18 is reasonable for
 *                              all initiators)
 * @param prefixExtraDifficulty extra bits for a flooding prefix on top of the global difficulty
 *                              (RFC 8019 §4.4: 20 acceptable for specific prefixes)
 * @param authDifficulty        IKE_AUTH puzzle difficulty; never 0 (RFC 8019 §7.2.1.1)
 * @param authFailureThreshold  IKE_AUTH integrity failures per window from which IKE_AUTH puzzles
 *                              are used (RFC 8019 §6: more than one per second is an indicator)
 * @param prfs                  PRFs we solve and verify puzzles with, most preferred first
 */
public record PuzzleConfig(
        boolean enabled,
        int minDifficulty,
        int maxDifficulty,
        int prefixExtraDifficulty,
        int authDifficulty,
        int authFailureThreshold,
        List<PrfAlgorithm> prfs) {

    public PuzzleConfig {
        if (minDifficulty != 0 && (minDifficulty < 9 || minDifficulty > 255)) {
            throw new IllegalArgumentException("dos.puzzles.minDifficulty: must be 0 or 9..255 (RFC 8019 §4.4)");
        }
        if (maxDifficulty < Math.max(minDifficulty, 9) || maxDifficulty > 255) {
            throw new IllegalArgumentException("dos.puzzles.maxDifficulty: must be in max(minDifficulty,9)..255");
        }
        if (prefixExtraDifficulty < 0 || maxDifficulty + prefixExtraDifficulty > 255) {
            throw new IllegalArgumentException("dos.puzzles.prefixExtraDifficulty: must be >= 0, total <= 255");
        }
        if (authDifficulty < 1 || authDifficulty > 255) {
            throw new IllegalArgumentException("dos.puzzles.authDifficulty: must be in 1..255 (RFC 8019 §7.2.1.1)");
        }
        if (authFailureThreshold < 1) {
            throw new IllegalArgumentException("dos.puzzles.authFailureThreshold: must be >= 1");
        }
        prfs = List.copyOf(prfs);
        if (prfs.isEmpty() || prfs.contains(PrfAlgorithm.UNKNOWN)) {
            throw new IllegalArgumentException("dos.puzzles.prfs: need at least one known PRF");
        }
    }

    public static PuzzleConfig defaults() {
        return new PuzzleConfig(true, 12, 18, 4, 10, 10, List.of(PrfAlgorithm.HMAC_SHA2_256,
                PrfAlgorithm.HMAC_SHA2_384, PrfAlgorithm.HMAC_SHA2_512, PrfAlgorithm.HMAC_SHA1));
    }

    public PuzzleConfig withDifficulty(int min, int max, int prefixExtra) {
        return new PuzzleConfig(enabled, min, max, prefixExtra, authDifficulty, authFailureThreshold, prfs);
    }

    public PuzzleConfig withEnabled(boolean on) {
        return new PuzzleConfig(on, minDifficulty, maxDifficulty, prefixExtraDifficulty, authDifficulty,
                authFailureThreshold, prfs);
    }

    public PuzzleConfig withAuth(int difficulty, int failureThreshold) {
        return new PuzzleConfig(enabled, minDifficulty, maxDifficulty, prefixExtraDifficulty, difficulty,
                failureThreshold, prfs);
    }
}
