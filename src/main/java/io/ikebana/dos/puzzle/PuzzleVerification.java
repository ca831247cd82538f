package io.ikebana.dos.puzzle;

/**
 * Result of checking a Puzzle Solution.
 *
 * @param outcome          whether the PS data is well formed
 * @param solvedDifficulty the smallest trailing-zero-bit count among the four PRF results (RFC 8019
 *                         §7.1.4); 0 unless the outcome is {@link Outcome#VALID}
 */
public record PuzzleVerification(Outcome outcome, int solvedDifficulty) {

    public enum Outcome {
        VALID,
        /** RFC 8019 §8.2: "This field MUST NOT be empty." */
        EMPTY,
        /** RFC 8019 §8.2: four equal-sized keys, "always a multiple of 4 bytes". */
        LENGTH_NOT_MULTIPLE_OF_FOUR,
        /** RFC 8019 §8.2: each key between 1 octet and the PRF's preferred key length. */
        KEY_SIZE_OUT_OF_RANGE,
        /** RFC 8019 §7.1.3: "four different keys". */
        DUPLICATE_KEYS,
        /** The PRF is not one we compute. */
        UNSUPPORTED_PRF
    }

    public static PuzzleVerification invalid(Outcome outcome) {
        return new PuzzleVerification(outcome, 0);
    }

    public boolean isValid() {
        return outcome == Outcome.VALID;
    }

    /**
     * Whether the solution honours a requested difficulty: every result has at least that many
     * trailing zero bits, or none was requested (difficulty 0, RFC 8019 §7.1.4).
     */
    public boolean meets(int requestedDifficulty) {
        return isValid() && (requestedDifficulty == 0 || solvedDifficulty >= requestedDifficulty);
    }
}
