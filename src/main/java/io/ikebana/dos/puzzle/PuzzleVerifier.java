package io.ikebana.dos.puzzle;

import java.util.Arrays;

/**
 * Responder side: checks the four keys of a Puzzle Solution against S and reports the solved
 * difficulty. Costs exactly four PRF calls for well-formed input, nothing for malformed input.
 * Thread-safe.
 */
public final class PuzzleVerifier {
    private final PuzzlePrf prf;

    public PuzzleVerifier(PuzzlePrf prf) {
        this.prf = prf;
    }

    /**
     * @param algorithm the PRF named in our PUZZLE notify
     * @param s         the puzzle string (see {@link PuzzleInputs})
     * @param psData    Puzzle Solution Data (PS payload body without its 4-octet header)
     */
    public PuzzleVerification verify(PrfAlgorithm algorithm, byte[] s, byte[] psData) {
        if (algorithm == null || !algorithm.isKnown()) {
            return PuzzleVerification.invalid(PuzzleVerification.Outcome.UNSUPPORTED_PRF);
        }
        // RFC 8019 §8.2: "This field MUST NOT be empty."
        if (psData == null || psData.length == 0) {
            return PuzzleVerification.invalid(PuzzleVerification.Outcome.EMPTY);
        }
        // RFC 8019 §8.2: "the size of this field is always a multiple of 4 bytes"
        if (psData.length % PuzzleSolution.KEY_COUNT != 0) {
            return PuzzleVerification.invalid(PuzzleVerification.Outcome.LENGTH_NOT_MULTIPLE_OF_FOUR);
        }
        int keyLen = psData.length / PuzzleSolution.KEY_COUNT;
        // RFC 8019 §8.2: "between 1 octet and the preferred key length of the PRF (inclusive)"
        if (keyLen > algorithm.preferredKeyLength()) {
            return PuzzleVerification.invalid(PuzzleVerification.Outcome.KEY_SIZE_OUT_OF_RANGE);
        }
        // RFC 8019 §7.1.3: "find the four different, equal-sized keys"
        for (int i = 0; i < PuzzleSolution.KEY_COUNT; i++) {
            for (int j = i + 1; j < PuzzleSolution.KEY_COUNT; j++) {
                if (Arrays.equals(psData, i * keyLen, (i + 1) * keyLen, psData, j * keyLen, (j + 1) * keyLen)) {
                    return PuzzleVerification.invalid(PuzzleVerification.Outcome.DUPLICATE_KEYS);
                }
            }
        }
        // RFC 8019 §7.1.4: "The Responder MUST check all of the four returned keys" and "MUST take
        // the smallest number of trailing zero bits among the checked results"
        int solved = Integer.MAX_VALUE;
        for (int i = 0; i < PuzzleSolution.KEY_COUNT; i++) {
            solved = Math.min(solved, prf.trailingZeroBits(algorithm, psData, i * keyLen, keyLen, s));
        }
        return new PuzzleVerification(PuzzleVerification.Outcome.VALID, solved);
    }
}
