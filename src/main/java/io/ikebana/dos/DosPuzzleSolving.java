package io.ikebana.dos;

import io.ikebana.dos.puzzle.PuzzleChallenge;
import io.ikebana.dos.puzzle.PuzzleInputs;
import io.ikebana.dos.puzzle.PuzzlePrf;
import io.ikebana.dos.puzzle.PuzzleSolver;
import io.ikebana.dos.puzzle.SolveBudget;
import io.ikebana.dos.puzzle.SolveResult;
import io.ikebana.ike.PuzzleSolving;
import java.time.Clock;
import java.util.Optional;

/** Our client's puzzle solver (RFC 8019 §7.1.3, §7.2.3), bounded by a {@link SolveBudget}. */
public final class DosPuzzleSolving implements PuzzleSolving {
    private final PuzzleSolver solver;
    private final SolveBudget budget;

    public DosPuzzleSolving(Clock clock, SolveBudget budget) {
        this.solver = new PuzzleSolver(new PuzzlePrf(), clock);
        this.budget = budget;
    }

    @Override
    public byte[] solveInit(byte[] puzzleData, byte[] cookie) {
        return solve(puzzleData, PuzzleInputs.forInit(cookie));
    }

    @Override
    public byte[] solveAuth(byte[] puzzleData, byte[] nr, long spiR) {
        return solve(puzzleData, PuzzleInputs.forAuth(nr, spiR));
    }

    private byte[] solve(byte[] puzzleData, byte[] input) {
        Optional<PuzzleChallenge> c = PuzzleChallenge.parse(puzzleData);
        if (c.isEmpty()) {
            return null;
        }
        SolveResult r = solver.solve(c.get(), input, budget);
        // RFC 8019 §7.1.2: a solution below the difficulty still beats a bare cookie
        return r.solution() == null ? null : r.solution().encode();
    }
}
