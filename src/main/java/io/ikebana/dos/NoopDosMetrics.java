package io.ikebana.dos;

import io.ikebana.dos.cookie.CookieRejectReason;
import io.ikebana.dos.puzzle.PuzzleKind;
import io.ikebana.dos.queue.WorkClass;

/** Metrics that go nowhere. Stateless, so one shared instance is fine. */
public final class NoopDosMetrics implements DosMetrics {
    static final NoopDosMetrics INSTANCE = new NoopDosMetrics();

    private NoopDosMetrics() {
    }

    @Override
    public void cookieIssued() {
    }

    @Override
    public void cookieAccepted() {
    }

    @Override
    public void cookieRejected(CookieRejectReason reason) {
    }

    @Override
    public void puzzleIssued(PuzzleKind kind, int difficulty) {
    }

    @Override
    public void puzzleSolved(PuzzleKind kind, int solvedDifficulty) {
    }

    @Override
    public void dropped(DropReason reason) {
    }

    @Override
    public void admitted(WorkClass workClass) {
    }

    @Override
    public void halfOpen(int count) {
    }

    @Override
    public void level(DosLevel level) {
    }
}
