package io.ikebana.dos;

import static io.ikebana.dos.Guards.fillHalfOpen;
import static io.ikebana.dos.Guards.guard;
import static io.ikebana.dos.Guards.quiet;
import static io.ikebana.dos.Guards.small;
import static io.ikebana.dos.Guards.solve;
import static io.ikebana.dos.Ike.ip;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ikebana.dos.cookie.CookieRejectReason;
import io.ikebana.dos.puzzle.PrfAlgorithm;
import io.ikebana.dos.puzzle.PuzzleChallenge;
import io.ikebana.dos.puzzle.PuzzleInputs;
import io.ikebana.dos.puzzle.PuzzleKind;
import io.ikebana.dos.puzzle.PuzzlePrf;
import io.ikebana.dos.puzzle.PuzzleSolver;
import io.ikebana.dos.puzzle.SolveBudget;
import io.ikebana.dos.queue.OfferOutcome;
import io.ikebana.dos.queue.Priority;
import io.ikebana.dos.queue.PriorityAdmission;
import io.ikebana.dos.queue.WorkClass;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class DosGuardLifecycleTest {
    private final MutableClock clock = MutableClock.atEpochSecond(1_700_000_000L);

    /** Default thresholds: cookies 30, puzzles 200, capacity 20,000; 30 s down to 2 s. */
    @ParameterizedTest(name = "{0} half-open -> {1} ms")
    @CsvSource({"0, 30000", "30, 30000", "200, 13614", "2000, 5218", "19999, 2000", "20000, 2000"})
    void halfOpenRetentionShrinksWithLoad(int halfOpen, long expectedMillis) {
        DosGuard g = guard(DosConfig.defaults(), clock, "timeout");
        fillHalfOpen(g, halfOpen);
        assertEquals(expectedMillis, g.halfOpenTimeout().toMillis(), 1);
    }

    @Test
    void suspiciousPrefixGetsShorterRetention() {
        DosGuard g = guard(small(), clock, "suspect");
        for (int i = 0; i < 5; i++) {
            g.halfOpenCreated(ip("203.0.113.9"));
        }
        assertEquals(Duration.ofSeconds(30), g.halfOpenTimeout(ip("198.51.100.1")));
        assertEquals(Duration.ofSeconds(15), g.halfOpenTimeout(ip("203.0.113.9")));
    }

    /** dos.enabled: false: no prefix is held to shorter retention, whatever its rate. */
    @Test
    void disabledGuardKeepsTheConfiguredRetention() {
        DosGuard g = guard(small().withEnabled(false), clock, "suspect-off");
        for (int i = 0; i < 5; i++) {
            g.halfOpenCreated(ip("203.0.113.9"));
        }
        assertEquals(Duration.ofSeconds(30), g.halfOpenTimeout(ip("203.0.113.9")));
    }

    @Test
    void halfOpenCountsFollowTheEngine() {
        DosGuard g = guard(small(), clock, "count");
        InitRequest r = Ike.init("198.51.100.7", 1);
        g.halfOpenCreated(r);
        g.halfOpenCreated(ip("198.51.100.7"));
        assertEquals(2, g.state().halfOpen());
        g.halfOpenRemoved(ip("198.51.100.7"));
        g.halfOpenRemoved(ip("198.51.100.7"));
        g.halfOpenRemoved(ip("198.51.100.7")); // an extra removal never goes negative
        assertEquals(0, g.state().halfOpen());
        assertInstanceOf(InitDecision.Accept.class, g.admitInit(Ike.init("198.51.100.7", 2)));
    }

    @Test
    void raisedLevelIsHeldAgainstJitter() {
        DosGuard g = guard(small(), clock, "hold");
        fillHalfOpen(g, 10);
        assertEquals(DosLevel.COOKIES, g.state().level());
        for (int i = 0; i < 10; i++) {
            g.halfOpenRemoved(quiet(1000 + i));
        }
        assertInstanceOf(InitDecision.RequireCookie.class, g.admitInit(Ike.init("198.51.100.7", 1)), "still held");
        clock.advance(Duration.ofSeconds(10));
        assertInstanceOf(InitDecision.Accept.class, g.admitInit(Ike.init("198.51.100.7", 2)));
        assertEquals(DosLevel.NORMAL, g.state().level());
    }

    @Test
    void authPuzzleOnlyForPuzzleSolversAndOnlyUnderAuthAttack() {
        DosGuard g = guard(small(), clock, "auth");
        fillHalfOpen(g, 20);
        InitRequest r = Ike.init("198.51.100.7", 42);
        InitDecision.RequirePuzzle p = assertInstanceOf(InitDecision.RequirePuzzle.class, g.admitInit(r));
        InitDecision.Accept solved = assertInstanceOf(InitDecision.Accept.class,
                g.admitInit(r.withCookie(p.cookie(), solve(p.puzzle(), p.cookie()))));
        InitDecision.Accept legacy = new InitDecision.Accept(Priority.of(WorkClass.INIT_COOKIE), true, false, 0);

        assertTrue(g.authPuzzleFor(solved, r.offeredPrfs()).isEmpty(), "no IKE_AUTH attack yet");
        for (int i = 0; i < 10; i++) {
            g.ikeAuthFailed(quiet(i)); // RFC 8019 §6: integrity failures from many sources
        }
        assertTrue(g.state().authPuzzlesActive());
        // RFC 8019 §7.2.1: never to a client that did not solve an IKE_SA_INIT puzzle
        assertTrue(g.authPuzzleFor(legacy, r.offeredPrfs()).isEmpty());
        PuzzleChallenge auth = g.authPuzzleFor(solved, r.offeredPrfs()).orElseThrow();
        assertEquals(10, auth.difficulty());
        assertEquals(PrfAlgorithm.HMAC_SHA2_256, auth.prf());

        byte[] nr = Ike.hex("a1a2a3a4a5a6a7a8a9aaabacadaeafb0");
        long spiR = 0x5eed5eed5eed5eedL;
        assertEquals(DropReason.AUTH_PUZZLE_MISSING, g.checkAuthPuzzle(auth, nr, spiR, null).reason());
        assertEquals(DropReason.AUTH_PUZZLE_INSUFFICIENT, g.checkAuthPuzzle(auth, nr, spiR, Ike.hex("01")).reason());
        byte[] ps = new PuzzleSolver(new PuzzlePrf(), clock)
                .solve(auth, PuzzleInputs.forAuth(nr, spiR), SolveBudget.defaults()).solution().encode();
        assertTrue(g.checkAuthPuzzle(auth, nr, spiR, ps).isPass());
        assertFalse(g.checkAuthPuzzle(auth, nr, spiR + 1, ps).isPass(), "bound to SPIr");
        assertEquals(1L, g.state().counters().authPuzzlesIssued().get(10));

        clock.advance(Duration.ofSeconds(25));
        assertFalse(g.state().authPuzzlesActive(), "failures aged out of the window");
    }

    @Test
    void authFailuresMakeTheirPrefixSuspicious() {
        DosGuard g = guard(small(), clock, "authprefix");
        for (int i = 0; i < 10; i++) {
            g.ikeAuthFailed(ip("203.0.113.9")); // weight 5 each: 50 in 10 s = 5/s, the /32 puzzle rate
        }
        assertInstanceOf(InitDecision.RequirePuzzle.class, g.admitInit(Ike.init("203.0.113.9", 1)));
        assertInstanceOf(InitDecision.Accept.class, g.admitInit(Ike.init("198.51.100.7", 1)));
    }

    @Test
    void admissionQueueReportsItsDropsToTheGuard() {
        DosGuard g = guard(small(), clock, "queue");
        PriorityAdmission<String> q = g.newAdmissionQueue(1);
        q.offer(Priority.of(WorkClass.INIT_PLAIN), "a");
        assertEquals(OfferOutcome.QUEUED_EVICTING, q.offer(Priority.of(WorkClass.AUTH), "b").outcome());
        assertEquals(1L, g.state().counters().drops().get(DropReason.QUEUE_FULL));
    }

    @Test
    void stateAndMetricsTwinSeeTheSameEvents() {
        List<String> events = new ArrayList<>();
        DosMetrics recording = new DosMetrics() {
            @Override
            public void cookieIssued() {
                events.add("cookie-issued");
            }

            @Override
            public void cookieAccepted() {
                events.add("cookie-accepted");
            }

            @Override
            public void cookieRejected(CookieRejectReason reason) {
                events.add("cookie-rejected:" + reason.label());
            }

            @Override
            public void puzzleIssued(PuzzleKind kind, int difficulty) {
                events.add("puzzle-issued:" + kind.label() + ":" + difficulty);
            }

            @Override
            public void puzzleSolved(PuzzleKind kind, int solvedDifficulty) {
                events.add("puzzle-solved:" + kind.label());
            }

            @Override
            public void dropped(DropReason reason) {
                events.add("drop:" + reason.label());
            }

            @Override
            public void admitted(WorkClass workClass) {
                events.add("admitted:" + workClass.label());
            }

            @Override
            public void halfOpen(int count) {
                events.add("half-open:" + count);
            }

            @Override
            public void level(DosLevel level) {
                events.add("level:" + level.label());
            }
        };
        DosGuard g = DosGuard.local(small(), clock, TestRandom.seeded("metrics"), recording);
        fillHalfOpen(g, 20);
        InitRequest r = Ike.init("198.51.100.7", 1);
        InitDecision.RequirePuzzle p = assertInstanceOf(InitDecision.RequirePuzzle.class, g.admitInit(r));
        g.admitInit(r.withCookie(p.cookie(), solve(p.puzzle(), p.cookie())));
        g.screen(Ike.datagram("198.51.100.7", Ike.Header.initRequest().spiI(0)));

        assertTrue(events.contains("half-open:20"));
        assertTrue(events.contains("level:puzzles"));
        assertTrue(events.containsAll(List.of("cookie-issued", "puzzle-issued:ike_sa_init:12", "cookie-accepted",
                "puzzle-solved:ike_sa_init", "admitted:init_solved_puzzle", "drop:init_zero_spi_i")), events.toString());
        DosState s = g.state();
        assertEquals(1, s.counters().cookiesIssued());
        assertEquals(1, s.counters().cookiesAccepted());
        assertEquals(1L, s.counters().admitted().get(WorkClass.INIT_SOLVED_PUZZLE));
        assertEquals(DosLevel.PUZZLES, s.level());
        assertEquals(12, s.puzzleDifficulty());
        assertEquals(20, s.halfOpen());
        assertEquals(40, s.halfOpenCapacity());
    }
}
