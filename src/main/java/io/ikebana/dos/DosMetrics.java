package io.ikebana.dos;

import io.ikebana.dos.cookie.CookieRejectReason;
import io.ikebana.dos.puzzle.PuzzleKind;
import io.ikebana.dos.queue.WorkClass;

/**
 * What the guard reports. Names for an implementation: {@code ikebana_dos_cookies_issued_total},
 * {@code ikebana_dos_cookies_accepted_total}, {@code ikebana_dos_cookies_rejected_total{reason}},
 * {@code ikebana_dos_puzzles_issued_total{kind}} and {@code ikebana_dos_puzzles_solved_total{kind}}
 * with the difficulty as a histogram (not a label), {@code ikebana_dos_drops_total{reason}},
 * {@code ikebana_dos_admitted_total{class}}, gauges {@code ikebana_dos_half_open} and
 * {@code ikebana_dos_level}. Labels come from enums only; never an address, SPI or identity.
 * Implementations must be thread-safe and cheap: they are called on the packet path.
 */
public interface DosMetrics {

    void cookieIssued();

    void cookieAccepted();

    void cookieRejected(CookieRejectReason reason);

    void puzzleIssued(PuzzleKind kind, int difficulty);

    /** A solution met the requested difficulty; {@code solvedDifficulty} is what it achieved. */
    void puzzleSolved(PuzzleKind kind, int solvedDifficulty);

    void dropped(DropReason reason);

    void admitted(WorkClass workClass);

    void halfOpen(int count);

    void level(DosLevel level);

    /** The no-op twin. */
    static DosMetrics noop() {
        return NoopDosMetrics.INSTANCE;
    }
}
