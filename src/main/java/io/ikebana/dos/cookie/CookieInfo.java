package io.ikebana.dos.cookie;

import io.ikebana.dos.puzzle.PrfAlgorithm;
import io.ikebana.dos.puzzle.PuzzleChallenge;
import java.util.Optional;

/**
 * What a valid cookie tells about itself (RFC 8019 §7.1.1.3: whether a puzzle was given, its
 * difficulty, the number of consecutive puzzles, the time spent).
 *
 * @param secretVersion  version octet of the secret
 * @param puzzleGiven    a PUZZLE notify accompanied the cookie
 * @param portBound      the initiator's UDP port is bound in
 * @param prf            puzzle PRF ({@link PrfAlgorithm#UNKNOWN} when no puzzle)
 * @param difficulty     puzzle difficulty (0 when no puzzle, or "do your best")
 * @param round          consecutive cookies given to this initiator for this request, from 1
 * @param issuedAtSecond issue time, seconds since 1970
 * @param serial         issue counter
 * @param tag            first 8 octets of the MAC: unique per cookie
 */
public record CookieInfo(int secretVersion, boolean puzzleGiven, boolean portBound, PrfAlgorithm prf,
        int difficulty, int round, long issuedAtSecond, long serial, long tag) {

    /** The puzzle this cookie was issued with. */
    public Optional<PuzzleChallenge> puzzle() {
        return puzzleGiven ? Optional.of(new PuzzleChallenge(prf, difficulty)) : Optional.empty();
    }
}
