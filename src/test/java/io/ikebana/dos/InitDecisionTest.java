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
import io.ikebana.dos.queue.Priority;
import io.ikebana.dos.queue.WorkClass;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

class InitDecisionTest {
    private final MutableClock clock = MutableClock.atEpochSecond(1_700_000_000L);

    /** Global ladder: fresh request from a quiet source while {@code halfOpen} SAs exist elsewhere. */
    @ParameterizedTest(name = "{0} half-open -> {1} {2}")
    @CsvSource({
        "0,  Accept,        -1",
        "9,  Accept,        -1",
        "10, RequireCookie, -1",
        "19, RequireCookie, -1",
        "20, RequirePuzzle, 12",
        "30, RequirePuzzle, 15",
        "39, RequirePuzzle, 18",
        "40, RequirePuzzle, 18",
    })
    void globalLadder(int halfOpen, String expected, int difficulty) {
        DosGuard g = guard(small(), clock, "ladder");
        fillHalfOpen(g, halfOpen);
        InitDecision d = g.admitInit(Ike.init(quiet(1).getHostAddress(), 7));
        assertEquals(expected, d.getClass().getSimpleName());
        if (d instanceof InitDecision.RequirePuzzle p) {
            assertEquals(difficulty, p.difficulty());
        }
        if (d instanceof InitDecision.Accept a) {
            assertEquals(Priority.of(WorkClass.INIT_PLAIN), a.priority());
        }
    }

    static Stream<Arguments> prefixLadder() {
        return Stream.of(
                Arguments.of(0, "203.0.113.9", InitDecision.Accept.class),
                Arguments.of(2, "203.0.113.9", InitDecision.Accept.class),
                Arguments.of(3, "203.0.113.9", InitDecision.RequireCookie.class),
                Arguments.of(4, "203.0.113.9", InitDecision.RequireCookie.class),
                Arguments.of(5, "203.0.113.9", InitDecision.RequirePuzzle.class),
                Arguments.of(19, "203.0.113.9", InitDecision.RequirePuzzle.class),
                Arguments.of(20, "203.0.113.9", InitDecision.Drop.class),
                // neighbours in the same /24 only see the /24 limits (cookie at 20, puzzle at 40)
                Arguments.of(5, "203.0.113.10", InitDecision.Accept.class),
                Arguments.of(20, "203.0.113.10", InitDecision.RequireCookie.class),
                // another prefix is untouched
                Arguments.of(20, "198.51.100.1", InitDecision.Accept.class));
    }

    /** Per-prefix ladder, global quiet: {@code n} half-open SAs from 203.0.113.9 (v4 /32: 3, 5, 20). */
    @ParameterizedTest(name = "{0} half-open from 203.0.113.9, request from {1} -> {2}")
    @MethodSource("prefixLadder")
    void prefixLadder(int n, String requester, Class<?> expected) {
        DosConfig cfg = small().withHalfOpen(HalfOpenConfig.defaults()); // global thresholds out of reach
        DosGuard g = guard(cfg, clock, "prefix");
        for (int i = 0; i < n; i++) {
            g.halfOpenCreated(ip("203.0.113.9"));
        }
        InitDecision d = g.admitInit(Ike.init(requester, 99));
        assertInstanceOf(expected, d);
        if (d instanceof InitDecision.Drop drop) {
            assertEquals(DropReason.PREFIX_HALF_OPEN_LIMIT, drop.reason());
        }
    }

    @Test
    void ipv6CountsPer64And48() {
        DosGuard g = guard(small().withHalfOpen(HalfOpenConfig.defaults()), clock, "v6");
        for (int i = 0; i < 5; i++) {
            g.halfOpenCreated(ip("2001:db8:1:2::" + (i + 1))); // 5 different addresses, one /64
        }
        assertInstanceOf(InitDecision.RequirePuzzle.class, g.admitInit(Ike.init("2001:db8:1:2::99", 1)), "same /64");
        assertInstanceOf(InitDecision.Accept.class, g.admitInit(Ike.init("2001:db8:1:3::1", 1)), "other /64");
        for (int i = 0; i < 20; i++) {
            g.halfOpenCreated(ip("2001:db8:1:" + (100 + i) + "::1")); // 20 /64s in one /48
        }
        assertInstanceOf(InitDecision.RequireCookie.class, g.admitInit(Ike.init("2001:db8:1:999::1", 1)), "/48");
        assertInstanceOf(InitDecision.Accept.class, g.admitInit(Ike.init("2001:db8:2::1", 1)), "other /48");
    }

    @Test
    void cookieRoundTrip() {
        DosGuard g = guard(small(), clock, "cookie");
        fillHalfOpen(g, 10);
        InitRequest first = Ike.init("198.51.100.7", 42);
        byte[] cookie = assertInstanceOf(InitDecision.RequireCookie.class, g.admitInit(first)).cookie();

        // initiator retries with N(COOKIE) first and all other payloads unchanged (RFC 7296 §2.6)
        InitDecision.Accept a = assertInstanceOf(InitDecision.Accept.class, g.admitInit(first.withCookie(cookie, null)));
        assertEquals(Priority.of(WorkClass.INIT_COOKIE), a.priority());
        assertTrue(a.cookieVerified());
        assertFalse(a.puzzleSolved());

        // a cookie that does not match is ignored: a fresh, different cookie (RFC 7296 §2.6)
        byte[] forged = cookie.clone();
        forged[20] ^= 1;
        byte[] fresh = assertInstanceOf(InitDecision.RequireCookie.class, g.admitInit(first.withCookie(forged, null)))
                .cookie();
        assertFalse(Arrays.equals(fresh, forged));
        assertEquals(1L, g.state().counters().cookiesRejected().get(CookieRejectReason.BAD_MAC));
        // another initiator cannot use it
        InitRequest thief = Ike.init("198.51.100.8", 42).withCookie(cookie, null);
        assertInstanceOf(InitDecision.RequireCookie.class, g.admitInit(thief));
    }

    @Test
    void puzzleRoundTripGivesPriorityBySolvedBits() {
        DosGuard g = guard(small(), clock, "puzzle");
        fillHalfOpen(g, 20);
        InitRequest first = Ike.init("198.51.100.7", 42);
        InitDecision.RequirePuzzle p = assertInstanceOf(InitDecision.RequirePuzzle.class, g.admitInit(first));
        assertEquals(12, p.difficulty());
        assertEquals(Ike.PRF_SHA256, p.puzzle().prf().code());

        byte[] ps = solve(p.puzzle(), p.cookie());
        InitDecision.Accept a = assertInstanceOf(InitDecision.Accept.class,
                g.admitInit(first.withCookie(p.cookie(), ps)));
        assertTrue(a.puzzleSolved());
        assertTrue(a.solvedDifficulty() >= 12);
        assertEquals(WorkClass.INIT_SOLVED_PUZZLE, a.priority().workClass());
        assertEquals(a.solvedDifficulty() * 8, a.priority().level(), "first round");
        assertEquals(1L, g.state().counters().initPuzzlesIssued().get(12));
        assertEquals(1L, g.state().counters().initPuzzlesSolved().get(a.solvedDifficulty()));
    }

    @Test
    void legacyClientWithoutPuzzleSupportIsNeverLockedOut() {
        // high load: the lottery share is at its floor of 0
        DosConfig cfg = small().withCookies(CookieConfig.defaults().withLegacy(3, 0.0));
        DosGuard g = guard(cfg, clock, "legacy");
        fillHalfOpen(g, 39);
        InitRequest req = Ike.init("198.51.100.7", 42);
        InitDecision d = g.admitInit(req);
        byte[] previous = null;
        int sends = 1;
        // strongSwan: returns the cookie, ignores PUZZLE, gives up after 5 retries
        while (d instanceof InitDecision.RequirePuzzle p && sends <= 6) {
            assertFalse(Arrays.equals(p.cookie(), previous), "never the same cookie twice");
            previous = p.cookie();
            d = g.admitInit(req.withCookie(p.cookie(), null));
            sends++;
        }
        InitDecision.Accept a = assertInstanceOf(InitDecision.Accept.class, d);
        assertEquals(WorkClass.INIT_COOKIE, a.priority().workClass(), "lowest priority");
        assertTrue(sends <= 4, "admitted by the 3rd retry, within strongSwan's 5: " + sends);
    }

    @Test
    void legacyLotteryFollowsLoad() {
        DosConfig cfg = small().withCookies(CookieConfig.defaults().withLegacy(0, 0.0));
        DosGuard g = guard(cfg, clock, "lottery");
        fillHalfOpen(g, 30); // load 0.5
        int admitted = 0;
        for (int i = 0; i < 400; i++) {
            InitRequest r = Ike.init(quiet(i).getHostAddress(), i + 1);
            InitDecision.RequirePuzzle p = assertInstanceOf(InitDecision.RequirePuzzle.class, g.admitInit(r));
            if (g.admitInit(r.withCookie(p.cookie(), null)) instanceof InitDecision.Accept) {
                admitted++;
            }
        }
        assertTrue(admitted > 150 && admitted < 250, "about half: " + admitted);
    }

    @Test
    void insufficientOrIgnoredSolutionsGetLowestPriority() {
        DosGuard g = guard(small(), clock, "weak");
        fillHalfOpen(g, 10); // cookies only
        InitRequest r = Ike.init("198.51.100.7", 42);
        byte[] cookie = assertInstanceOf(InitDecision.RequireCookie.class, g.admitInit(r)).cookie();
        // RFC 8019 §7.1.4: no puzzle was given, so a PS is ignored
        InitDecision.Accept a = assertInstanceOf(InitDecision.Accept.class,
                g.admitInit(r.withCookie(cookie, Ike.hex("01020304"))));
        assertEquals(WorkClass.INIT_COOKIE, a.priority().workClass());

        DosGuard h = guard(small().withCookies(CookieConfig.defaults().withLegacy(1, 0)), clock, "weak2");
        fillHalfOpen(h, 20);
        InitDecision.RequirePuzzle p = assertInstanceOf(InitDecision.RequirePuzzle.class, h.admitInit(r));
        // four distinct keys that (almost surely) miss 12 bits -> treated like no solution
        InitDecision.Accept weak = assertInstanceOf(InitDecision.Accept.class,
                h.admitInit(r.withCookie(p.cookie(), Ike.hex("01020304"))));
        assertFalse(weak.puzzleSolved());
        assertEquals(WorkClass.INIT_COOKIE, weak.priority().workClass());
    }

    @Test
    void noSharedPrfMeansCookieOnly() {
        DosGuard g = guard(small(), clock, "prf");
        fillHalfOpen(g, 20);
        InitRequest xcbcOnly = new InitRequest(ip("198.51.100.7"), 500, null, Transport.UDP, 42, new byte[16], null,
                null, List.of(4, 8));
        assertInstanceOf(InitDecision.RequireCookie.class, g.admitInit(xcbcOnly));
        InitRequest sha1 = new InitRequest(ip("198.51.100.7"), 500, null, Transport.UDP, 43, new byte[16], null, null,
                List.of(4, 2));
        assertEquals(2, assertInstanceOf(InitDecision.RequirePuzzle.class, g.admitInit(sha1)).puzzle().prf().code());
    }

    @Test
    void tcpNeverGetsABareCookie() {
        DosGuard g = guard(small(), clock, "tcp");
        fillHalfOpen(g, 10);
        InitRequest tcp = Ike.init(ip("198.51.100.7"), 40000, Transport.TCP, 42);
        assertInstanceOf(InitDecision.Accept.class, g.admitInit(tcp), "RFC 9329 §6.3");
        fillHalfOpen(g, 10);
        InitDecision.RequirePuzzle p = assertInstanceOf(InitDecision.RequirePuzzle.class, g.admitInit(tcp));
        // the retry arrives on a new connection from another port
        InitRequest retry = Ike.init(ip("198.51.100.7"), 40001, Transport.TCP, 42)
                .withCookie(p.cookie(), solve(p.puzzle(), p.cookie()));
        assertTrue(assertInstanceOf(InitDecision.Accept.class, g.admitInit(retry)).puzzleSolved());
    }

    @Test
    void fullHalfOpenTableAdmitsNothingButStillAnswersStatelessly() {
        DosGuard g = guard(small(), clock, "full");
        fillHalfOpen(g, 40);
        InitRequest r = Ike.init("198.51.100.7", 42);
        InitDecision.RequirePuzzle p = assertInstanceOf(InitDecision.RequirePuzzle.class, g.admitInit(r));
        InitDecision d = g.admitInit(r.withCookie(p.cookie(), solve(p.puzzle(), p.cookie())));
        assertEquals(DropReason.HALF_OPEN_CAPACITY, assertInstanceOf(InitDecision.Drop.class, d).reason());
        g.halfOpenRemoved(quiet(1000));
        assertInstanceOf(InitDecision.Accept.class,
                g.admitInit(r.withCookie(p.cookie(), solve(p.puzzle(), p.cookie()))), "a slot freed: same cookie ok");
    }

    @Test
    void spentCookieCannotCreateASecondHalfOpenSa() {
        DosGuard g = guard(small(), clock, "replay");
        fillHalfOpen(g, 20);
        InitRequest r = Ike.init("198.51.100.7", 42);
        InitDecision.RequirePuzzle p = assertInstanceOf(InitDecision.RequirePuzzle.class, g.admitInit(r));
        InitRequest solved = r.withCookie(p.cookie(), solve(p.puzzle(), p.cookie()));
        // INVALID_KE_PAYLOAD retry keeps the cookie (RFC 7296 §2.6.1): accepted again before the SA exists
        assertInstanceOf(InitDecision.Accept.class, g.admitInit(solved));
        assertInstanceOf(InitDecision.Accept.class, g.admitInit(solved));
        g.halfOpenCreated(solved);
        g.halfOpenRemoved(solved.source()); // expired; the attacker replays the solved request
        assertInstanceOf(InitDecision.RequirePuzzle.class, g.admitInit(solved), "RFC 8019 §10");
        assertEquals(1L, g.state().counters().cookiesRejected().get(CookieRejectReason.REPLAYED));
    }

    @Test
    void floodingPrefixGetsHarderPuzzlesOthersDoNot() {
        DosGuard g = guard(small(), clock, "flood");
        fillHalfOpen(g, 20); // global puzzles at the base difficulty
        // 203.0.113.9 sends 30 IKE_SA_INIT/s for 10 s (puzzle rate 5/s, hard rate 50/s per /32)
        for (int i = 0; i < 300; i++) {
            clock.advance(Duration.ofMillis(33));
            g.screen(Ike.initDatagram("203.0.113.9"));
        }
        int flooder = assertInstanceOf(InitDecision.RequirePuzzle.class,
                g.admitInit(Ike.init("203.0.113.9", 1))).difficulty();
        int other = assertInstanceOf(InitDecision.RequirePuzzle.class,
                g.admitInit(Ike.init("198.51.100.7", 1))).difficulty();
        int neighbour = assertInstanceOf(InitDecision.RequirePuzzle.class,
                g.admitInit(Ike.init("203.0.113.77", 1))).difficulty();
        assertEquals(12, other);
        assertEquals(12, neighbour, "the /24 is below its own limits");
        assertTrue(flooder > other, "flooder " + flooder + " vs " + other);
        assertTrue(flooder <= 18 + 4);
    }

    @Test
    void floodingPrefixAloneGetsPuzzlesWhileTheGatewayIsCalm() {
        DosGuard g = guard(small(), clock, "calm");
        for (int i = 0; i < 100; i++) {
            clock.advance(Duration.ofMillis(100)); // 10/s: above the /32 puzzle rate of 5/s
            g.screen(Ike.initDatagram("203.0.113.9"));
        }
        assertInstanceOf(InitDecision.RequirePuzzle.class, g.admitInit(Ike.init("203.0.113.9", 1)));
        assertInstanceOf(InitDecision.Accept.class, g.admitInit(Ike.init("198.51.100.7", 1)));
        assertEquals(DosLevel.NORMAL, g.state().level());
    }

    @Test
    void cookieRoundTripsPerPrefixAreBounded() {
        DosGuard g = guard(small(), clock, "budget");
        fillHalfOpen(g, 10);
        int cookies = 0;
        int drops = 0;
        for (int i = 0; i < 200; i++) {
            InitDecision d = g.admitInit(Ike.init("203.0.113.9", i + 1)); // a client that never returns them
            if (d instanceof InitDecision.RequireCookie) {
                cookies++;
            } else if (d instanceof InitDecision.Drop drop) {
                assertEquals(DropReason.COOKIE_ROUND_TRIP_LIMIT, drop.reason());
                drops++;
            }
        }
        assertTrue(cookies >= 20 && cookies < 80, "budget 20 per window, then a shrinking share: " + cookies);
        assertTrue(drops > 100);
        assertInstanceOf(InitDecision.RequireCookie.class, g.admitInit(Ike.init("198.51.100.7", 1)), "others fine");
    }

    @Test
    void disabledGuardAcceptsButKeepsTheCapacity() {
        DosGuard g = guard(small().withEnabled(false), clock, "off");
        fillHalfOpen(g, 39);
        assertInstanceOf(InitDecision.Accept.class, g.admitInit(Ike.init("198.51.100.7", 1)));
        fillHalfOpen(g, 1);
        assertEquals(DropReason.HALF_OPEN_CAPACITY,
                assertInstanceOf(InitDecision.Drop.class, g.admitInit(Ike.init("198.51.100.7", 2))).reason());
        assertFalse(g.state().enabled());
    }
}
