package io.ikebana.admin;

import io.ikebana.dos.DosConfig;
import io.ikebana.dos.DosCounters;
import io.ikebana.dos.DosGuard;
import io.ikebana.dos.DosState;
import io.ikebana.dos.HalfOpenConfig;
import io.ikebana.dos.PuzzleConfig;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;

/**
 * {@link DosControl} over a {@link DosGuard}. A guard's configuration is immutable, so a settings
 * change builds a new guard with {@code factory} (which should reuse the cookie secret store, so
 * cookies handed out before the change stay valid) and swaps it in: whoever screens traffic must
 * read {@link #guard()} per message (or per decision), not keep the first one.
 */
public final class DosGuardControl implements DosControl {
    private final AtomicReference<DosGuard> guard;
    private final Function<DosConfig, DosGuard> factory;

    public DosGuardControl(DosGuard initial, Function<DosConfig, DosGuard> factory) {
        this.guard = new AtomicReference<>(initial);
        this.factory = factory;
    }

    /** The guard in force now. */
    public DosGuard guard() {
        return guard.get();
    }

    @Override
    public CompletionStage<Status> state() {
        DosState s = guard.get().state();
        return CompletableFuture.completedFuture(new Status(true, s.enabled(), s.level().label(), s.halfOpen(),
                s.halfOpenCapacity(), s.halfOpenTimeout().toMillis(), s.puzzleDifficulty(), s.authPuzzlesActive(),
                counters(s.counters())));
    }

    @Override
    public CompletionStage<Settings> settings() {
        return CompletableFuture.completedFuture(settingsOf(guard.get().config()));
    }

    @Override
    public synchronized CompletionStage<Settings> update(SettingsPatch p) {
        DosConfig c = guard.get().config();
        try {
            HalfOpenConfig h = c.halfOpen().withThresholds(
                    or(p.cookieThreshold(), c.halfOpen().cookieThreshold()),
                    or(p.puzzleThreshold(), c.halfOpen().puzzleThreshold()),
                    or(p.halfOpenCapacity(), c.halfOpen().capacity()));
            PuzzleConfig z = c.puzzles()
                    .withEnabled(p.puzzlesEnabled() != null ? p.puzzlesEnabled() : c.puzzles().enabled())
                    .withDifficulty(or(p.minDifficulty(), c.puzzles().minDifficulty()),
                            or(p.maxDifficulty(), c.puzzles().maxDifficulty()),
                            or(p.prefixExtraDifficulty(), c.puzzles().prefixExtraDifficulty()))
                    .withAuth(or(p.authDifficulty(), c.puzzles().authDifficulty()),
                            or(p.authFailureThreshold(), c.puzzles().authFailureThreshold()));
            DosConfig next = c.withHalfOpen(h).withPuzzles(z)
                    .withEnabled(p.enabled() != null ? p.enabled() : c.enabled());
            guard.set(factory.apply(next));
            return CompletableFuture.completedFuture(settingsOf(next));
        } catch (IllegalArgumentException e) {
            return CompletableFuture.failedFuture(e);
        }
    }

    private static int or(Integer v, int def) {
        return v != null ? v : def;
    }

    static Settings settingsOf(DosConfig c) {
        return new Settings(c.enabled(), c.halfOpen().cookieThreshold(), c.halfOpen().puzzleThreshold(),
                c.halfOpen().capacity(), c.puzzles().enabled(), c.puzzles().minDifficulty(),
                c.puzzles().maxDifficulty(), c.puzzles().prefixExtraDifficulty(), c.puzzles().authDifficulty(),
                c.puzzles().authFailureThreshold());
    }

    static Map<String, Object> counters(DosCounters.Snapshot s) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("cookiesIssued", s.cookiesIssued());
        m.put("cookiesAccepted", s.cookiesAccepted());
        m.put("cookiesRejected", labels(s.cookiesRejected()));
        m.put("initPuzzlesIssuedByDifficulty", new TreeMap<>(s.initPuzzlesIssued()));
        m.put("initPuzzlesSolvedByDifficulty", new TreeMap<>(s.initPuzzlesSolved()));
        m.put("authPuzzlesIssuedByDifficulty", new TreeMap<>(s.authPuzzlesIssued()));
        m.put("authPuzzlesSolvedByDifficulty", new TreeMap<>(s.authPuzzlesSolved()));
        m.put("drops", labels(s.drops()));
        m.put("admitted", labels(s.admitted()));
        return m;
    }

    private static Map<String, Long> labels(Map<? extends Enum<?>, Long> m) {
        Map<String, Long> out = new TreeMap<>();
        m.forEach((k, v) -> out.put(k.name().toLowerCase(Locale.ROOT), v));
        return out;
    }
}
