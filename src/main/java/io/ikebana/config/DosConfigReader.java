package io.ikebana.config;

import io.ikebana.dos.AddressFamily;
import io.ikebana.dos.CookieConfig;
import io.ikebana.dos.DosConfig;
import io.ikebana.dos.HalfOpenConfig;
import io.ikebana.dos.PrefixPolicy;
import io.ikebana.dos.PuzzleConfig;
import io.ikebana.dos.SizeLimits;
import io.ikebana.dos.TableConfig;
import io.ikebana.dos.puzzle.PrfAlgorithm;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Reads the {@code dos:} section into a {@link DosConfig}. Every key is optional; defaults are
 * the guard's. Range errors of the DoS records become configuration errors with their key.
 */
final class DosConfigReader {

    private DosConfigReader() {
    }

    static DosConfig read(Section s) {
        DosConfig d = DosConfig.defaults();
        try {
            Section sz = s.section("sizes");
            SizeLimits sizes = new SizeLimits(sz.integer("maxMessage", d.sizes().maxMessage(), 28, 65535),
                    sz.integer("initMinimum", d.sizes().initMinimum(), 28, 65535),
                    sz.integer("initMaximum", d.sizes().initMaximum(), 28, 65535));
            sz.finish();
            Section ho = s.section("halfOpen");
            HalfOpenConfig hd = d.halfOpen();
            HalfOpenConfig halfOpen = new HalfOpenConfig(
                    ho.integer("cookieThreshold", hd.cookieThreshold(), 1, 10_000_000),
                    ho.integer("puzzleThreshold", hd.puzzleThreshold(), 1, 10_000_000),
                    ho.integer("capacity", hd.capacity(), 2, 10_000_000),
                    ho.duration("levelHold", hd.levelHold()),
                    ho.duration("maxTimeout", hd.maxTimeout()),
                    ho.duration("minTimeout", hd.minTimeout()));
            ho.finish();
            Section ck = s.section("cookies");
            CookieConfig cd = d.cookies();
            CookieConfig cookies = new CookieConfig(ck.duration("lifetime", cd.lifetime()),
                    ck.duration("secretRotation", cd.secretRotation()),
                    ck.bool("bindUdpPort", cd.bindUdpPort()),
                    ck.bool("tcpCookieWithoutPuzzle", cd.tcpCookieWithoutPuzzle()),
                    ck.integer("legacyAdmitAfterRounds", cd.legacyAdmitAfterRounds(), 0, 100),
                    ck.decimal("legacyAdmitFloor", cd.legacyAdmitFloor(), 0, 1));
            ck.finish();
            Section pz = s.section("puzzles");
            PuzzleConfig pd = d.puzzles();
            List<PrfAlgorithm> prfs = pz.parsedList("prfs", names(pd.prfs()), DosConfigReader::prf);
            PuzzleConfig puzzles = new PuzzleConfig(pz.bool("enabled", pd.enabled()),
                    pz.integer("minDifficulty", pd.minDifficulty(), 0, 255),
                    pz.integer("maxDifficulty", pd.maxDifficulty(), 0, 255),
                    pz.integer("prefixExtraDifficulty", pd.prefixExtraDifficulty(), 0, 64),
                    pz.integer("authDifficulty", pd.authDifficulty(), 0, 255),
                    pz.integer("authFailureThreshold", pd.authFailureThreshold(), 1, 1_000_000), prfs);
            pz.finish();
            List<PrefixPolicy> prefixes = d.prefixes();
            if (s.has("prefixes")) {
                prefixes = new ArrayList<>();
                for (Section p : s.sections("prefixes")) {
                    String fam = p.required("family").toLowerCase(Locale.ROOT);
                    AddressFamily f = fam.equals("ipv4") ? AddressFamily.IPV4
                            : fam.equals("ipv6") ? AddressFamily.IPV6 : null;
                    if (f == null) {
                        throw p.error("family", "'" + fam + "' is not ipv4 or ipv6");
                    }
                    prefixes.add(new PrefixPolicy(f, p.integer("length", -1, 1, f.bits()),
                            p.integer("cookieHalfOpen", 3, 1, 10_000_000), p.integer("puzzleHalfOpen", 5, 1, 10_000_000),
                            p.integer("hardHalfOpen", 20, 1, 10_000_000), p.decimal("cookieRate", 2, 0, 1e9),
                            p.decimal("puzzleRate", 5, 0, 1e9), p.decimal("hardRate", 50, 0, 1e9),
                            p.integer("maxCookiesPerWindow", 20, 1, 10_000_000)));
                    p.finish();
                }
            } else {
                s.sections("prefixes");
            }
            Section tb = s.section("tables");
            TableConfig td = d.tables();
            TableConfig tables = new TableConfig(tb.integer("sketchWidth", td.sketchWidth(), 16, 1 << 24),
                    tb.integer("sketchDepth", td.sketchDepth(), 1, 8), tb.duration("window", td.window()),
                    tb.integer("spentCookieCapacity", td.spentCookieCapacity(), 16, 1 << 24),
                    tb.integer("authFailureWeight", td.authFailureWeight(), 0, 1000));
            tb.finish();
            DosConfig out = new DosConfig(s.bool("enabled", d.enabled()),
                    s.bool("allowLoopbackSources", d.allowLoopbackSources()), sizes, halfOpen, cookies, puzzles,
                    prefixes, tables);
            s.finish();
            return out;
        } catch (IllegalArgumentException e) {
            // the DoS records name their key as "dos.key: reason"
            String m = e.getMessage() == null ? "invalid" : e.getMessage();
            int colon = m.indexOf(": ");
            if (m.startsWith("dos.") && colon > 0) {
                throw new ConfigException(s.file(), m.substring(0, colon), m.substring(colon + 2));
            }
            throw s.error("", m);
        }
    }

    private static List<String> names(List<PrfAlgorithm> prfs) {
        List<String> out = new ArrayList<>();
        for (PrfAlgorithm p : prfs) {
            out.add(p.name().toLowerCase(Locale.ROOT));
        }
        return out;
    }

    private static PrfAlgorithm prf(String s) {
        return PrfAlgorithm.valueOf(s.toUpperCase(Locale.ROOT).replace('-', '_'));
    }
}
