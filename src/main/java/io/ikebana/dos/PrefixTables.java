package io.ikebana.dos;

import io.ikebana.dos.table.CountMinSketch;
import io.ikebana.dos.table.PrefixHasher;
import io.ikebana.dos.table.SlidingWindowSketch;
import java.net.InetAddress;
import java.security.SecureRandom;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * Per-prefix accounting in fixed memory: half-open SAs (count-min sketch with decrements), request
 * pressure and cookie demands (sliding-window sketches). Keys are hashed with secret seeds.
 * Memory is {@link #cells()} ints whatever the number of sources. Thread-safe.
 */
public final class PrefixTables {
    private final PrefixHasher hasher;
    private final Map<AddressFamily, List<PrefixPolicy>> policies = new EnumMap<>(AddressFamily.class);
    private final CountMinSketch halfOpen;
    private final SlidingWindowSketch requests;
    private final SlidingWindowSketch cookies;
    private final long windowMillis;

    public PrefixTables(DosConfig config, SecureRandom random, long nowMillis) {
        TableConfig t = config.tables();
        this.hasher = new PrefixHasher(random.nextLong(), random.nextLong());
        for (AddressFamily f : AddressFamily.values()) {
            policies.put(f, config.prefixes(f));
        }
        this.windowMillis = t.window().toMillis();
        this.halfOpen = new CountMinSketch(t.sketchDepth(), t.sketchWidth(), seeds(random, t.sketchDepth()));
        this.requests = new SlidingWindowSketch(t.sketchDepth(), t.sketchWidth(), seeds(random, t.sketchDepth()),
                windowMillis, nowMillis);
        this.cookies = new SlidingWindowSketch(t.sketchDepth(), t.sketchWidth(), seeds(random, t.sketchDepth()),
                windowMillis, nowMillis);
    }

    public SourcePrefixes prefixes(InetAddress source) {
        List<PrefixPolicy> ps = policies.get(AddressFamily.of(source));
        byte[] addr = source.getAddress();
        long[] keys = new long[ps.size()];
        for (int i = 0; i < keys.length; i++) {
            keys[i] = hasher.key(addr, ps.get(i).length());
        }
        return new SourcePrefixes(ps, keys);
    }

    /** Counts {@code weight} units of pressure (IKE_SA_INIT requests, weighted IKE_AUTH failures). */
    public void recordPressure(SourcePrefixes sp, int weight, long nowMillis) {
        for (long k : sp.keys()) {
            requests.add(k, weight, nowMillis);
        }
    }

    /** Requests per second of prefix {@code i} over the window. */
    public double requestRate(SourcePrefixes sp, int i, long nowMillis) {
        return requests.ratePerSecond(sp.keys()[i], nowMillis);
    }

    public void addHalfOpen(SourcePrefixes sp, int delta) {
        for (long k : sp.keys()) {
            halfOpen.add(k, delta);
        }
    }

    public int halfOpen(SourcePrefixes sp, int i) {
        return halfOpen.estimate(sp.keys()[i]);
    }

    public void recordCookie(SourcePrefixes sp, long nowMillis) {
        for (long k : sp.keys()) {
            cookies.add(k, 1, nowMillis);
        }
    }

    /** Cookies prefix {@code i} called for in the window (handed out or refused). */
    public double cookies(SourcePrefixes sp, int i, long nowMillis) {
        return cookies.estimate(sp.keys()[i], nowMillis);
    }

    /**
     * Share (0..1] of requests a prefix may pass: 1 below the hard rate of every policy, else
     * hardRate / rate of the worst one (RFC 8019 §4.2: a limit per prefix, never zero).
     */
    public double passShare(SourcePrefixes sp, long nowMillis) {
        double share = 1.0;
        for (int i = 0; i < sp.keys().length; i++) {
            double rate = requestRate(sp, i, nowMillis);
            double hard = sp.policies().get(i).hardRate();
            if (rate > hard) {
                share = Math.min(share, hard / rate);
            }
        }
        return share;
    }

    /** Requirement, heat and cookie budget of the source's prefixes (RFC 8019 §4.2). */
    SourceAssessment assess(SourcePrefixes sp, long nowMillis) {
        Requirement req = Requirement.NONE;
        double heat = 0;
        double budget = 1.0;
        for (int i = 0; i < sp.keys().length; i++) {
            PrefixPolicy p = sp.policies().get(i);
            int ho = halfOpen(sp, i);
            double rate = requestRate(sp, i, nowMillis);
            if (ho >= p.hardHalfOpen()) {
                req = req.max(Requirement.HARD_LIMIT);
            } else if (ho >= p.puzzleHalfOpen() || rate >= p.puzzleRate()) {
                req = req.max(Requirement.PUZZLE);
            } else if (ho >= p.cookieHalfOpen() || rate >= p.cookieRate()) {
                req = req.max(Requirement.COOKIE);
            }
            heat = Math.max(heat, ramp(ho, p.puzzleHalfOpen(), p.hardHalfOpen()));
            heat = Math.max(heat, ramp(rate, p.puzzleRate(), p.hardRate()));
            double demanded = cookies(sp, i, nowMillis);
            if (demanded >= p.maxCookiesPerWindow()) {
                budget = Math.min(budget, p.maxCookiesPerWindow() / (demanded + 1));
            }
        }
        return new SourceAssessment(req, heat, budget);
    }

    /** Counter cells of all tables: constant. */
    public long cells() {
        return (long) halfOpen.cells() + requests.cells() + cookies.cells();
    }

    private static double ramp(double v, double from, double to) {
        if (v <= from) {
            return 0;
        }
        return Math.min(1.0, (v - from) / (to - from));
    }

    private static long[] seeds(SecureRandom random, int n) {
        long[] s = new long[n];
        for (int i = 0; i < n; i++) {
            s[i] = random.nextLong();
        }
        return s;
    }
}
