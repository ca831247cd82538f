package io.ikebana.dos;

import java.util.List;

/**
 * Immutable configuration of the DoS guard. Every parameter is settable and protection can be
 * switched off, as RFC 8019 §6 asks (benchmarks look like attacks).
 *
 * @param enabled              false: no cookies, puzzles or prefix limits; sanity filters and the
 *                             half-open capacity still apply
 * @param allowLoopbackSources accept 127/8 and ::1 as sources (local demos and tests)
 */
public record DosConfig(
        boolean enabled,
        boolean allowLoopbackSources,
        SizeLimits sizes,
        HalfOpenConfig halfOpen,
        CookieConfig cookies,
        PuzzleConfig puzzles,
        List<PrefixPolicy> prefixes,
        TableConfig tables) {

    public DosConfig {
        if (sizes == null || halfOpen == null || cookies == null || puzzles == null || prefixes == null
                || tables == null) {
            throw new IllegalArgumentException("dos: missing section");
        }
        prefixes = List.copyOf(prefixes);
        long distinct = prefixes.stream().map(p -> p.family() + "/" + p.length()).distinct().count();
        if (distinct != prefixes.size()) {
            throw new IllegalArgumentException("dos.prefixes: duplicate family/length");
        }
    }

    public static DosConfig defaults() {
        return new DosConfig(true, true, SizeLimits.defaults(), HalfOpenConfig.defaults(), CookieConfig.defaults(),
                PuzzleConfig.defaults(), PrefixPolicy.defaults(), TableConfig.defaults());
    }

    public DosConfig withEnabled(boolean on) {
        return new DosConfig(on, allowLoopbackSources, sizes, halfOpen, cookies, puzzles, prefixes, tables);
    }

    public DosConfig withAllowLoopbackSources(boolean allow) {
        return new DosConfig(enabled, allow, sizes, halfOpen, cookies, puzzles, prefixes, tables);
    }

    public DosConfig withSizes(SizeLimits s) {
        return new DosConfig(enabled, allowLoopbackSources, s, halfOpen, cookies, puzzles, prefixes, tables);
    }

    public DosConfig withHalfOpen(HalfOpenConfig h) {
        return new DosConfig(enabled, allowLoopbackSources, sizes, h, cookies, puzzles, prefixes, tables);
    }

    public DosConfig withCookies(CookieConfig c) {
        return new DosConfig(enabled, allowLoopbackSources, sizes, halfOpen, c, puzzles, prefixes, tables);
    }

    public DosConfig withPuzzles(PuzzleConfig p) {
        return new DosConfig(enabled, allowLoopbackSources, sizes, halfOpen, cookies, p, prefixes, tables);
    }

    public DosConfig withPrefixes(List<PrefixPolicy> p) {
        return new DosConfig(enabled, allowLoopbackSources, sizes, halfOpen, cookies, puzzles, p, tables);
    }

    public DosConfig withTables(TableConfig t) {
        return new DosConfig(enabled, allowLoopbackSources, sizes, halfOpen, cookies, puzzles, prefixes, t);
    }

    /** Policies for one address family, in configuration order. */
    public List<PrefixPolicy> prefixes(AddressFamily family) {
        return prefixes.stream().filter(p -> p.family() == family).toList();
    }
}
