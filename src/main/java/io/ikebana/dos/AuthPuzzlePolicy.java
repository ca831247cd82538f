package io.ikebana.dos;

import io.ikebana.dos.puzzle.PrfAlgorithm;
import io.ikebana.dos.puzzle.PuzzleChallenge;
import io.ikebana.dos.puzzle.PuzzleInputs;
import io.ikebana.dos.puzzle.PuzzleKind;
import io.ikebana.dos.puzzle.PuzzleVerification;
import io.ikebana.dos.puzzle.PuzzleVerifier;
import io.ikebana.dos.table.SlidingWindowCounter;
import java.time.Clock;
import java.util.List;
import java.util.Optional;

/**
 * IKE_AUTH puzzles (RFC 8019 §7.2): handed out in the regular IKE_SA_INIT response while IKE_AUTH
 * integrity failures indicate an attack, and only to initiators that solved an IKE_SA_INIT puzzle;
 * verified before any DH or key derivation. Thread-safe.
 */
final class AuthPuzzlePolicy {
    private final PuzzleConfig config;
    private final Clock clock;
    private final PuzzleVerifier verifier;
    private final DifficultyPolicy difficulty;
    private final SlidingWindowCounter failures;
    private final DosMetrics metrics;

    AuthPuzzlePolicy(PuzzleConfig config, Clock clock, PuzzleVerifier verifier, DifficultyPolicy difficulty,
            SlidingWindowCounter failures, DosMetrics metrics) {
        this.config = config;
        this.clock = clock;
        this.verifier = verifier;
        this.difficulty = difficulty;
        this.failures = failures;
        this.metrics = metrics;
    }

    /** RFC 8019 §7.2: "If the percentage of such states is high ... SHOULD use puzzles". */
    boolean active() {
        return config.enabled() && failures.estimate(clock.millis()) >= config.authFailureThreshold();
    }

    void integrityFailure() {
        failures.add(1, clock.millis());
    }

    Optional<PuzzleChallenge> challengeFor(InitDecision.Accept accepted, List<Integer> offeredPrfs) {
        // RFC 8019 §7.2.1: "MUST NOT use puzzles in the IKE_AUTH exchange unless a puzzle has been
        // previously presented and solved in the preceding IKE_SA_INIT exchange"
        if (!accepted.puzzleSolved() || !active()) {
            return Optional.empty();
        }
        // RFC 8019 §7.2.1.2: the algorithm is selected as for IKE_SA_INIT puzzles
        PrfAlgorithm prf = InitAdmissionPolicy.choosePrf(offeredPrfs, config.prfs());
        if (prf == null) {
            return Optional.empty();
        }
        // RFC 8019 §7.2.1.1: "MUST NOT be 0"
        PuzzleChallenge c = new PuzzleChallenge(prf, difficulty.forAuth(accepted.solvedDifficulty()));
        metrics.puzzleIssued(PuzzleKind.IKE_AUTH, c.difficulty());
        return Optional.of(c);
    }

    Verdict check(PuzzleChallenge challenge, byte[] responderNonce, long responderSpi, byte[] psData) {
        // RFC 8019 §7.2.4: "MUST silently discard all the IKE_AUTH request messages without the PS payload"
        if (psData == null) {
            metrics.dropped(DropReason.AUTH_PUZZLE_MISSING);
            return Verdict.drop(DropReason.AUTH_PUZZLE_MISSING);
        }
        // RFC 8019 §7.2.3: S = Nr | SPIr; §7.2.4: "MUST verify all four of the returned keys"
        PuzzleVerification v = verifier.verify(challenge.prf(), PuzzleInputs.forAuth(responderNonce, responderSpi),
                psData);
        // RFC 8019 §7.2.4: "MUST silently discard ... if any checked verification result is not correct"
        if (!v.isValid() || v.solvedDifficulty() < challenge.difficulty()) {
            metrics.dropped(DropReason.AUTH_PUZZLE_INSUFFICIENT);
            return Verdict.drop(DropReason.AUTH_PUZZLE_INSUFFICIENT);
        }
        metrics.puzzleSolved(PuzzleKind.IKE_AUTH, v.solvedDifficulty());
        return Verdict.pass();
    }
}
