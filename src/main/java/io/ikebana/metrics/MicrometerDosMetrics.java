package io.ikebana.metrics;

import io.ikebana.dos.DosLevel;
import io.ikebana.dos.DosMetrics;
import io.ikebana.dos.DropReason;
import io.ikebana.dos.cookie.CookieRejectReason;
import io.ikebana.dos.puzzle.PuzzleKind;
import io.ikebana.dos.queue.WorkClass;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * {@link DosMetrics} on Micrometer, with the names the interface documents. Difficulty is a
 * histogram ({@code ikebana_dos_puzzle_difficulty_bits{kind,stage}}), never a label.
 *
 * <pre>
 * ikebana_dos_cookies_issued_total, ikebana_dos_cookies_accepted_total
 * ikebana_dos_cookies_rejected_total{reason}
 * ikebana_dos_puzzles_issued_total{kind}, ikebana_dos_puzzles_solved_total{kind}
 * ikebana_dos_puzzle_difficulty_bits{kind,stage=issued|solved} (histogram)
 * ikebana_dos_drops_total{reason}
 * ikebana_dos_admitted_total{class}
 * ikebana_dos_half_open, ikebana_dos_level (0 normal, 1 cookies, 2 puzzles)
 * </pre>
 */
public final class MicrometerDosMetrics implements DosMetrics {
    /** le 0.5 counts difficulty 0 ("do your best"); 9..24 is the useful range (RFC 8019 §4.4); beyond that nobody solves it. */
    static final double[] DIFFICULTY_BUCKETS = {0.5, 8, 10, 12, 14, 16, 18, 20, 22, 24, 32};

    private final Counter cookiesIssued;
    private final Counter cookiesAccepted;
    private final Map<CookieRejectReason, Counter> cookiesRejected = new EnumMap<>(CookieRejectReason.class);
    private final Map<PuzzleKind, Counter> puzzlesIssued = new EnumMap<>(PuzzleKind.class);
    private final Map<PuzzleKind, Counter> puzzlesSolved = new EnumMap<>(PuzzleKind.class);
    private final Map<PuzzleKind, DistributionSummary> issuedDifficulty = new EnumMap<>(PuzzleKind.class);
    private final Map<PuzzleKind, DistributionSummary> solvedDifficulty = new EnumMap<>(PuzzleKind.class);
    private final Map<DropReason, Counter> drops = new EnumMap<>(DropReason.class);
    private final Map<WorkClass, Counter> admitted = new EnumMap<>(WorkClass.class);
    private final AtomicInteger halfOpen = new AtomicInteger();
    private final AtomicInteger level = new AtomicInteger();

    public MicrometerDosMetrics(MeterRegistry registry) {
        cookiesIssued = Counter.builder("ikebana_dos_cookies_issued").description("COOKIE notifications sent")
                .register(registry);
        cookiesAccepted = Counter.builder("ikebana_dos_cookies_accepted")
                .description("valid cookies returned by initiators").register(registry);
        for (CookieRejectReason r : CookieRejectReason.values()) {
            cookiesRejected.put(r, Counter.builder("ikebana_dos_cookies_rejected")
                    .description("returned cookies not accepted, by reason").tag("reason", r.label())
                    .register(registry));
        }
        for (PuzzleKind k : PuzzleKind.values()) {
            puzzlesIssued.put(k, Counter.builder("ikebana_dos_puzzles_issued")
                    .description("puzzles handed out (RFC 8019)").tag("kind", k.label()).register(registry));
            puzzlesSolved.put(k, Counter.builder("ikebana_dos_puzzles_solved")
                    .description("puzzle solutions meeting the requested difficulty").tag("kind", k.label())
                    .register(registry));
            issuedDifficulty.put(k, difficulty(registry, k, "issued"));
            solvedDifficulty.put(k, difficulty(registry, k, "solved"));
        }
        for (DropReason r : DropReason.values()) {
            drops.put(r, Counter.builder("ikebana_dos_drops").description("messages dropped by the DoS guard")
                    .tag("reason", r.label()).register(registry));
        }
        for (WorkClass c : WorkClass.values()) {
            admitted.put(c, Counter.builder("ikebana_dos_admitted")
                    .description("work admitted by the priority queue, by class").tag("class", c.label())
                    .register(registry));
        }
        Gauge.builder("ikebana_dos_half_open", halfOpen, AtomicInteger::get)
                .description("half-open IKE SAs counted by the DoS guard").register(registry);
        Gauge.builder("ikebana_dos_level", level, AtomicInteger::get)
                .description("global DoS level: 0 normal, 1 cookies, 2 puzzles").register(registry);
    }

    private static DistributionSummary difficulty(MeterRegistry registry, PuzzleKind k, String stage) {
        return DistributionSummary.builder("ikebana_dos_puzzle_difficulty").baseUnit("bits")
                .description("puzzle difficulty (leading zero bits) issued and achieved")
                .tag("kind", k.label()).tag("stage", stage)
                .serviceLevelObjectives(DIFFICULTY_BUCKETS).register(registry);
    }

    @Override
    public void cookieIssued() {
        cookiesIssued.increment();
    }

    @Override
    public void cookieAccepted() {
        cookiesAccepted.increment();
    }

    @Override
    public void cookieRejected(CookieRejectReason reason) {
        cookiesRejected.get(reason).increment();
    }

    @Override
    public void puzzleIssued(PuzzleKind kind, int difficulty) {
        puzzlesIssued.get(kind).increment();
        issuedDifficulty.get(kind).record(difficulty);
    }

    @Override
    public void puzzleSolved(PuzzleKind kind, int solved) {
        puzzlesSolved.get(kind).increment();
        solvedDifficulty.get(kind).record(solved);
    }

    @Override
    public void dropped(DropReason reason) {
        drops.get(reason).increment();
    }

    @Override
    public void admitted(WorkClass workClass) {
        admitted.get(workClass).increment();
    }

    @Override
    public void halfOpen(int count) {
        halfOpen.set(count);
    }

    @Override
    public void level(DosLevel l) {
        level.set(l.ordinal());
    }
}
