package io.ikebana.dos;

import io.ikebana.dos.cookie.CookieBinding;
import io.ikebana.dos.cookie.CookieCheck;
import io.ikebana.dos.cookie.CookieInfo;
import io.ikebana.dos.cookie.CookieRejectReason;
import io.ikebana.dos.cookie.StatelessCookies;
import io.ikebana.dos.puzzle.PrfAlgorithm;
import io.ikebana.dos.puzzle.PuzzleChallenge;
import io.ikebana.dos.puzzle.PuzzleInputs;
import io.ikebana.dos.puzzle.PuzzleKind;
import io.ikebana.dos.puzzle.PuzzleVerification;
import io.ikebana.dos.puzzle.PuzzleVerifier;
import io.ikebana.dos.queue.Priority;
import io.ikebana.dos.queue.WorkClass;
import io.ikebana.dos.table.SpentCookieCache;
import java.time.Clock;
import java.util.List;

/**
 * The decision for one IKE_SA_INIT request, in RFC 8019 §6's order: nothing below the thresholds;
 * cookies past the first (global or per prefix); puzzles with rising difficulty past the next;
 * per-prefix hard limits last. A returned cookie is analysed as RFC 8019 §7.1.4 says. Stateless
 * apart from the shared counters. Thread-safe.
 */
final class InitAdmissionPolicy {
    /** Priority levels within INIT_SOLVED_PUZZLE: solved bits first, then consecutive rounds. */
    private static final int ROUND_SLOTS = 8;

    private final DosConfig config;
    private final Clock clock;
    private final Lottery lottery;
    private final StatelessCookies cookies;
    private final PuzzleVerifier verifier;
    private final SpentCookieCache spent;
    private final PrefixTables tables;
    private final HalfOpenTracker halfOpen;
    private final LoadModel load;
    private final DifficultyPolicy difficulty;
    private final DosMetrics metrics;

    InitAdmissionPolicy(DosConfig config, Clock clock, Lottery lottery, StatelessCookies cookies,
            PuzzleVerifier verifier, SpentCookieCache spent, PrefixTables tables, HalfOpenTracker halfOpen,
            LoadModel load, DifficultyPolicy difficulty, DosMetrics metrics) {
        this.config = config;
        this.clock = clock;
        this.lottery = lottery;
        this.cookies = cookies;
        this.verifier = verifier;
        this.spent = spent;
        this.tables = tables;
        this.halfOpen = halfOpen;
        this.load = load;
        this.difficulty = difficulty;
        this.metrics = metrics;
    }

    InitDecision decide(InitRequest r) {
        long now = clock.millis();
        int h = halfOpen.count();
        boolean full = h >= config.halfOpen().capacity();
        if (!config.enabled()) {
            return full ? drop(DropReason.HALF_OPEN_CAPACITY) : accept(Priority.of(WorkClass.INIT_PLAIN), false, 0);
        }
        CookieBinding binding = new CookieBinding(r.nonceI(), r.source(), r.spiI(), r.sourcePort(), r.transport());
        CookieInfo cookie = r.cookie() == null ? null : check(binding, r.cookie());
        SourcePrefixes sp = tables.prefixes(r.source());
        SourceAssessment source = tables.assess(sp, now);
        // RFC 8019 §4.2: hard limit on half-open SAs per prefix, "further IKE_SA_INIT rejected"; last step
        if (source.requirement() == Requirement.HARD_LIMIT) {
            return drop(DropReason.PREFIX_HALF_OPEN_LIMIT);
        }
        Requirement required = Requirement.of(load.level(h, now)).max(source.requirement());
        // RFC 9329 §6.3: over TCP "SHOULD NOT send an IKEv2 Cookie request without an accompanied Puzzle"
        if (r.transport() == Transport.TCP && required == Requirement.COOKIE
                && !config.cookies().tcpCookieWithoutPuzzle()) {
            required = Requirement.NONE;
        }
        if (cookie != null) {
            metrics.cookieAccepted();
            InitDecision.Accept candidate = evaluate(r, cookie);
            if (required == Requirement.PUZZLE && !candidate.puzzleSolved() && !admitLegacy(cookie, h)) {
                // RFC 8019 §7.1.5: "Demand more work from the Initiator by giving it a new puzzle"
                return challenge(r, binding, cookie, required, source, sp, h, now);
            }
            // RFC 8019 §4.1: no state beyond the table's capacity; the retransmission is the back-off
            return full ? drop(DropReason.HALF_OPEN_CAPACITY) : admitted(candidate);
        }
        if (required == Requirement.NONE && !full) {
            return accept(Priority.of(WorkClass.INIT_PLAIN), false, 0);
        }
        // RFC 7296 §2.6: no state until the initiator shows it receives at its address
        return challenge(r, binding, null, required.max(Requirement.COOKIE), source, sp, h, now);
    }

    private CookieInfo check(CookieBinding binding, byte[] data) {
        CookieCheck check = cookies.verify(binding, data);
        if (check instanceof CookieCheck.Rejected rejected) {
            // RFC 7296 §2.6: "MUST ignore the cookie and process the message as if no cookie had been included"
            metrics.cookieRejected(rejected.reason());
            return null;
        }
        CookieInfo info = ((CookieCheck.Valid) check).info();
        // RFC 8019 §10: no benefit from reusing a puzzle solution once its half-open SA is gone
        if (spent.isSpent(info.tag())) {
            metrics.cookieRejected(CookieRejectReason.REPLAYED);
            return null;
        }
        return info;
    }

    /** Priority of a request that returned a valid cookie (RFC 8019 §7.1.4). */
    private InitDecision.Accept evaluate(InitRequest r, CookieInfo cookie) {
        // RFC 8019 §7.1.4: cookie only, or puzzle given but no PS: "marks the request with the lowest priority"
        if (!cookie.puzzleGiven() || r.puzzleSolution() == null) {
            return new InitDecision.Accept(Priority.of(WorkClass.INIT_COOKIE), true, false, 0);
        }
        // RFC 8019 §7.1.4: "the Responder MUST verify the puzzle solution", with the PRF it named
        PuzzleVerification v = verifier.verify(cookie.prf(), PuzzleInputs.forInit(r.cookie()), r.puzzleSolution());
        // RFC 8019 §7.1.4: "If any checked result contains fewer bits than were requested ... lowest priority"
        if (!v.meets(cookie.difficulty())) {
            return new InitDecision.Accept(Priority.of(WorkClass.INIT_COOKIE), true, false, 0);
        }
        metrics.puzzleSolved(PuzzleKind.IKE_SA_INIT, v.solvedDifficulty());
        // RFC 8019 §7.1.4: more zero bits, then more consecutive puzzles, mean higher priority
        int level = v.solvedDifficulty() * ROUND_SLOTS + Math.min(cookie.round() - 1, ROUND_SLOTS - 1);
        return new InitDecision.Accept(new Priority(WorkClass.INIT_SOLVED_PUZZLE, level), true, true,
                v.solvedDifficulty());
    }

    /**
     * RFC 8019 §7.1: legacy clients "have a chance to be served", by a lottery weighted by load,
     * and only after a return routability check. After enough consecutive cookies they are
     * admitted anyway, at the lowest priority, so a standard client is never locked out.
     */
    private boolean admitLegacy(CookieInfo cookie, int h) {
        int after = config.cookies().legacyAdmitAfterRounds();
        if (after > 0 && cookie.round() >= after) {
            return true;
        }
        double p = Math.max(config.cookies().legacyAdmitFloor(), 1.0 - load.load(h));
        return lottery.draw(p);
    }

    private InitDecision challenge(InitRequest r, CookieBinding binding, CookieInfo previous, Requirement required,
            SourceAssessment source, SourcePrefixes sp, int h, long now) {
        // RFC 7296 §2.6: cookie exchanges are bounded; a prefix past its budget gets only a share
        // (demands are counted, so what it receives converges to its budget per window)
        tables.recordCookie(sp, now);
        if (!lottery.draw(source.cookieBudget())) {
            return drop(DropReason.COOKIE_ROUND_TRIP_LIMIT);
        }
        int round = previous == null ? 1 : Math.min(255, previous.round() + 1);
        PuzzleChallenge puzzle = null;
        if (required == Requirement.PUZZLE && config.puzzles().enabled()) {
            // RFC 8019 §7.1.1.2: a PRF the initiator proposed; none we share -> cookie only
            PrfAlgorithm prf = choosePrf(r.offeredPrfs(), config.puzzles().prfs());
            if (prf != null) {
                puzzle = new PuzzleChallenge(prf, difficulty.forInit(load.load(h), source.heat()));
            }
        }
        byte[] c = cookies.issue(binding, puzzle, round, r.cookie());
        metrics.cookieIssued();
        if (puzzle == null) {
            return new InitDecision.RequireCookie(c);
        }
        metrics.puzzleIssued(PuzzleKind.IKE_SA_INIT, puzzle.difficulty());
        return new InitDecision.RequirePuzzle(c, puzzle);
    }

    /** Our most preferred PRF among those the initiator proposed, or null. */
    static PrfAlgorithm choosePrf(List<Integer> offered, List<PrfAlgorithm> preference) {
        for (PrfAlgorithm p : preference) {
            if (offered.contains(p.code())) {
                return p;
            }
        }
        return null;
    }

    private InitDecision.Accept accept(Priority priority, boolean cookie, int solved) {
        return admitted(new InitDecision.Accept(priority, cookie, false, solved));
    }

    private InitDecision.Accept admitted(InitDecision.Accept a) {
        metrics.admitted(a.priority().workClass());
        return a;
    }

    private InitDecision drop(DropReason reason) {
        metrics.dropped(reason);
        return new InitDecision.Drop(reason);
    }
}
