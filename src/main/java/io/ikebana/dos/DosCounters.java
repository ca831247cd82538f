package io.ikebana.dos;

import io.ikebana.dos.cookie.CookieRejectReason;
import io.ikebana.dos.puzzle.PuzzleKind;
import io.ikebana.dos.queue.WorkClass;
import java.util.EnumMap;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.atomic.LongAdder;

/**
 * Counts everything locally for {@link DosState} and forwards each event to another
 * {@link DosMetrics} (Micrometer, or the no-op twin). Fixed memory, thread-safe.
 */
public final class DosCounters implements DosMetrics {
    private final DosMetrics delegate;
    private final LongAdder cookiesIssued = new LongAdder();
    private final LongAdder cookiesAccepted = new LongAdder();
    private final Map<CookieRejectReason, LongAdder> cookiesRejected = adders(CookieRejectReason.class);
    private final Map<PuzzleKind, AtomicLongArray> puzzlesIssued = byDifficulty();
    private final Map<PuzzleKind, AtomicLongArray> puzzlesSolved = byDifficulty();
    private final Map<DropReason, LongAdder> drops = adders(DropReason.class);
    private final Map<WorkClass, LongAdder> admitted = adders(WorkClass.class);

    public DosCounters(DosMetrics delegate) {
        this.delegate = delegate;
    }

    @Override
    public void cookieIssued() {
        cookiesIssued.increment();
        delegate.cookieIssued();
    }

    @Override
    public void cookieAccepted() {
        cookiesAccepted.increment();
        delegate.cookieAccepted();
    }

    @Override
    public void cookieRejected(CookieRejectReason reason) {
        cookiesRejected.get(reason).increment();
        delegate.cookieRejected(reason);
    }

    @Override
    public void puzzleIssued(PuzzleKind kind, int difficulty) {
        puzzlesIssued.get(kind).incrementAndGet(difficulty & 0xFF);
        delegate.puzzleIssued(kind, difficulty);
    }

    @Override
    public void puzzleSolved(PuzzleKind kind, int solvedDifficulty) {
        puzzlesSolved.get(kind).incrementAndGet(Math.min(255, solvedDifficulty));
        delegate.puzzleSolved(kind, solvedDifficulty);
    }

    @Override
    public void dropped(DropReason reason) {
        drops.get(reason).increment();
        delegate.dropped(reason);
    }

    @Override
    public void admitted(WorkClass workClass) {
        admitted.get(workClass).increment();
        delegate.admitted(workClass);
    }

    @Override
    public void halfOpen(int count) {
        delegate.halfOpen(count);
    }

    @Override
    public void level(DosLevel level) {
        delegate.level(level);
    }

    public long drops(DropReason reason) {
        return drops.get(reason).sum();
    }

    public Snapshot snapshot() {
        return new Snapshot(cookiesIssued.sum(), cookiesAccepted.sum(), sums(cookiesRejected),
                nonZero(puzzlesIssued.get(PuzzleKind.IKE_SA_INIT)), nonZero(puzzlesSolved.get(PuzzleKind.IKE_SA_INIT)),
                nonZero(puzzlesIssued.get(PuzzleKind.IKE_AUTH)), nonZero(puzzlesSolved.get(PuzzleKind.IKE_AUTH)),
                sums(drops), sums(admitted));
    }

    /**
     * Counter values at one instant; maps omit zero entries.
     *
     * @param initPuzzlesIssued difficulty -> IKE_SA_INIT puzzles issued at it
     * @param initPuzzlesSolved solved difficulty -> IKE_SA_INIT solutions meeting their request
     */
    public record Snapshot(long cookiesIssued, long cookiesAccepted, Map<CookieRejectReason, Long> cookiesRejected,
            Map<Integer, Long> initPuzzlesIssued, Map<Integer, Long> initPuzzlesSolved,
            Map<Integer, Long> authPuzzlesIssued, Map<Integer, Long> authPuzzlesSolved,
            Map<DropReason, Long> drops, Map<WorkClass, Long> admitted) {

        public long cookiesRejectedTotal() {
            return cookiesRejected.values().stream().mapToLong(Long::longValue).sum();
        }

        public long dropsTotal() {
            return drops.values().stream().mapToLong(Long::longValue).sum();
        }
    }

    private static <E extends Enum<E>> Map<E, LongAdder> adders(Class<E> type) {
        Map<E, LongAdder> m = new EnumMap<>(type);
        for (E e : type.getEnumConstants()) {
            m.put(e, new LongAdder());
        }
        return m;
    }

    private static Map<PuzzleKind, AtomicLongArray> byDifficulty() {
        Map<PuzzleKind, AtomicLongArray> m = new EnumMap<>(PuzzleKind.class);
        for (PuzzleKind k : PuzzleKind.values()) {
            m.put(k, new AtomicLongArray(256));
        }
        return m;
    }

    private static <E extends Enum<E>> Map<E, Long> sums(Map<E, LongAdder> adders) {
        Map<E, Long> out = new TreeMap<>();
        adders.forEach((k, v) -> {
            long s = v.sum();
            if (s != 0) {
                out.put(k, s);
            }
        });
        return Map.copyOf(out);
    }

    private static Map<Integer, Long> nonZero(AtomicLongArray a) {
        Map<Integer, Long> out = new TreeMap<>();
        for (int i = 0; i < a.length(); i++) {
            long v = a.get(i);
            if (v != 0) {
                out.put(i, v);
            }
        }
        return java.util.Collections.unmodifiableMap(out);
    }
}
