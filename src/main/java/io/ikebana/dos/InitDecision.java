package io.ikebana.dos;

import io.ikebana.dos.puzzle.PuzzleChallenge;
import io.ikebana.dos.queue.Priority;

/** What to do with one IKE_SA_INIT request. */
public sealed interface InitDecision {

    /**
     * Go ahead: queue the work with this priority; when the half-open SA is created call
     * {@link DosGuard#halfOpenCreated(InitRequest)}.
     *
     * @param priority         admission priority (RFC 8019 §7.1.4)
     * @param cookieVerified   the request carried a valid cookie
     * @param puzzleSolved     it also carried a puzzle solution meeting the requested difficulty
     *                         (the precondition for an IKE_AUTH puzzle, RFC 8019 §7.2.1)
     * @param solvedDifficulty the solution's smallest zero-bit count, 0 without a solution
     */
    record Accept(Priority priority, boolean cookieVerified, boolean puzzleSolved, int solvedDifficulty)
            implements InitDecision {
    }

    /**
     * Answer {@code HDR(SPIi, SPIr=0), N(COOKIE)} with this data and keep no state (RFC 7296 §2.6).
     */
    record RequireCookie(byte[] cookie) implements InitDecision {
    }

    /**
     * Answer {@code HDR(SPIi, SPIr=0), N(COOKIE), N(PUZZLE)} and keep no state (RFC 8019 §7.1.1);
     * the PUZZLE data is {@code puzzle.notifyData()}.
     */
    record RequirePuzzle(byte[] cookie, PuzzleChallenge puzzle) implements InitDecision {

        public int difficulty() {
            return puzzle.difficulty();
        }
    }

    /** Send nothing; already counted under the reason. */
    record Drop(DropReason reason) implements InitDecision {
    }
}
