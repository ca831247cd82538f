package io.ikebana.dos;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.ikebana.client.ClientOptions;
import io.ikebana.client.InitFlood;
import io.ikebana.client.LoadGenerator;
import io.ikebana.crypto.Secret;
import io.ikebana.dos.puzzle.PuzzleChallenge;
import io.ikebana.dos.puzzle.PuzzleInputs;
import io.ikebana.dos.puzzle.PuzzlePrf;
import io.ikebana.dos.puzzle.PuzzleSolver;
import io.ikebana.dos.puzzle.SolveBudget;
import io.ikebana.ike.EngineConfig;
import io.ikebana.ike.Identity;
import io.ikebana.interop.InteropEnvironment;
import io.ikebana.policy.AuthMethod;
import io.ikebana.policy.CryptoProposal;
import io.ikebana.testing.AdminClient;
import io.ikebana.testing.GatewayProcess;
import io.ikebana.testing.RawInit;
import io.ikebana.wire.NotifyType;
import io.ikebana.wire.payload.TrafficSelector;
import io.vertx.core.Vertx;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Issue acceptance on loopback, one gateway JVM per test, floods from this JVM (bounded in count
 * and time, only to 127.0.77.1): a prefix that floods gets harder puzzles while a quiet one does
 * not; our client solves puzzles and is preferred over cookie-only clients, which still get in; the
 * half-open table stays capped and the heap bounded under a flood.
 */
class DosPuzzleIT {
    static final String HOST = "127.0.77.1";
    static final String PSK = "ikebana-dos-it-psk-0123456789";
    static final InetSocketAddress IKE = new InetSocketAddress(HOST, 5500);
    GatewayProcess gw;
    AdminClient admin;

    void start(String dos) {
        Path dir = InteropEnvironment.basedir().resolve("target/dos-it/puzzle-" + UUID.randomUUID().toString()
                .substring(0, 6));
        gw = GatewayProcess.start(dir, """
                node: {name: gw-dos}
                listen: {addresses: [%1$s], ikePort: 5500, nattPort: 5501}
                identity: {id: gw.ikebana.test, auth: psk}
                ike: {dpd: 0, ikeRekey: 0, childRekey: 0}
                peers:
                  - {name: clients, remoteId: "%%any", auth: psk, psk: %2$s, pools: [pool4], localTs: [10.99.200.0/24]}
                pools: [{name: pool4, cidr: 10.96.0.0/12}]
                dataplane: {backend: none}
                admin: {enabled: true, address: %1$s, port: 8480, token: {value: dos-it-token}}
                """.formatted(HOST, PSK) + dos);
        admin = new AdminClient(HOST + ":8480", "dos-it-token");
        // the admin API starts right after the IKE sockets
        gw.awaitLog(Duration.ofSeconds(30), l -> l.contains("/healthz"));
    }

    @AfterEach
    void down() {
        if (gw != null) {
            gw.close();
        }
    }

    JsonNode dos() {
        AdminClient.Reply r = admin.get("/api/v1/dos");
        assertEquals(200, r.status(), String.valueOf(r.body()));
        return r.body();
    }

    /** One source address in each of {@code n} /24s: 127.A.0.1, 127.A.1.1, ... */
    static List<InetAddress> onePerNet(int a, int n) {
        List<InetAddress> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            out.add(ip("127." + (a + i / 256) + "." + (i % 256) + ".1"));
        }
        return out;
    }

    static InetAddress ip(String s) {
        try {
            return InetAddress.getByName(s);
        } catch (UnknownHostException e) {
            throw new AssertionError(e);
        }
    }

    static CompletableFuture<InitFlood.Result> flood(List<InetAddress> sources, boolean answerCookies, double rate,
            long millis) {
        InitFlood f = new InitFlood(IKE, sources, answerCookies);
        return CompletableFuture.supplyAsync(() -> {
            try {
                return f.run(rate, (long) (rate * millis / 1000), millis);
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        });
    }

    /** {@code n} half-open SAs that are never completed, one per /24 from 127.A.x.1 (cookies returned). */
    static void halfOpen(int a, int n) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Future<RawInit.Answer>> all = new ArrayList<>();
            for (InetAddress s : onePerNet(a, n)) {
                all.add(pool.submit(() -> {
                    try (RawInit r = new RawInit(s.getHostAddress())) {
                        return r.halfOpen(IKE, 6);
                    }
                }));
            }
            for (Future<RawInit.Answer> f : all) {
                assertTrue(f.get().accepted(), "half-open SA created: " + f.get());
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void aFloodingPrefixGetsHarderPuzzlesThanAQuietOne() throws Exception {
        start("""
                dos:
                  halfOpen: {cookieThreshold: 2, puzzleThreshold: 4, capacity: 3000}
                  puzzles: {minDifficulty: 10, maxDifficulty: 12, prefixExtraDifficulty: 4}
                """);
        halfOpen(60, 5);
        assertEquals("puzzles", dos().get("level").asText(), dos().toString());
        int quietBefore;
        try (RawInit q = new RawInit("127.61.0.1")) {
            quietBefore = q.sendUntilAnswered(IKE, null, 3, 2000).puzzleDifficulty();
        }
        assertTrue(quietBefore >= 10, "a puzzle for everyone at this level: " + quietBefore);
        // 127.62.0.0/24 floods (128 sources, 1500 requests/s, never answering) for 4 s
        List<InetAddress> sources = new ArrayList<>();
        for (int i = 1; i <= 128; i++) {
            sources.add(ip("127.62.0." + i));
        }
        CompletableFuture<InitFlood.Result> f = flood(sources, false, 1500, 4500);
        // the prefix's rate is measured over a sliding window: let it build up
        Thread.sleep(3000);
        int quiet;
        try (RawInit elsewhere = new RawInit("127.61.0.2")) {
            quiet = elsewhere.sendUntilAnswered(IKE, null, 3, 2000).puzzleDifficulty();
        }
        InitFlood.Result r = f.get();
        // what the flooding prefix was asked (its cookie answers are throttled to its budget, RFC 7296 §2.6)
        int hot = r.maxDifficulty();
        JsonNode issued = dos().get("counters").get("initPuzzlesIssuedByDifficulty");
        System.out.println("prefix difficulty: quiet before=" + quietBefore + " quiet during=" + quiet
                + " flooding prefix up to " + hot + "; " + r + "; issued by difficulty " + issued);
        assertTrue(r.puzzles() > 0, r.toString());
        assertEquals(quietBefore, quiet, "a quiet prefix keeps its difficulty during the flood");
        assertTrue(hot >= quiet + 3, "the flooding prefix gets harder puzzles: " + r.difficulties() + " vs " + quiet);
        assertTrue(issued.has(String.valueOf(hot)), issued.toString());
    }

    static ClientOptions client(InetAddress src) {
        EngineConfig.Timers d = EngineConfig.Timers.defaults();
        return new ClientOptions(IKE, new InetSocketAddress(src, 0), Identity.parse("load@ikebana.test"),
                Identity.parse("gw.ikebana.test"), Secret.wrap(PSK.getBytes(StandardCharsets.UTF_8)), null, null,
                List.of(), AuthMethod.PSK, List.of(CryptoProposal.parse("aes256gcm16-prfsha256-x25519", false)),
                List.of(CryptoProposal.parse("aes256gcm16", true)), true,
                List.of(TrafficSelector.ofSubnet(ip("0.0.0.0"), 0)),
                new EngineConfig.Timers(0, 0, 0, d.halfOpenMillis(), 1000, 1.5, 4, 0), false);
    }

    static byte[] solve(byte[] puzzle, byte[] cookie) {
        PuzzleChallenge c = PuzzleChallenge.parse(puzzle).orElseThrow();
        return new PuzzleSolver(new PuzzlePrf(), Clock.systemUTC()).solve(c, PuzzleInputs.forInit(cookie),
                new SolveBudget(50_000_000, Duration.ofSeconds(30), 4, 0)).solution().encode();
    }

    /**
     * RFC 8019 §7.1: under heavy load (half-open table ~90% full) a returned cookie with a solved
     * puzzle is admitted at once, a bare cookie (legacy client) only by a lottery weighted by load,
     * else it gets a new puzzle; after 3 rounds it is admitted anyway. Our client solves puzzles.
     */
    @Test
    void ourClientSolvesPuzzlesAndIsPreferred() throws Exception {
        // retention fixed at 60 s, so that the load stays where the test puts it
        start("""
                dos:
                  halfOpen: {cookieThreshold: 2, puzzleThreshold: 4, capacity: 250, minTimeout: 60s, maxTimeout: 60s}
                  puzzles: {minDifficulty: 10, maxDifficulty: 11, prefixExtraDifficulty: 0}
                """);
        halfOpen(100, 215);
        JsonNode loaded = dos();
        assertEquals("puzzles", loaded.get("level").asText(), loaded.toString());
        int trials = 12;
        int solvedFirst = 0;
        int legacyFirst = 0;
        int legacyIn = 0;
        List<Integer> legacyRounds = new ArrayList<>();
        for (int i = 0; i < trials; i++) {
            try (RawInit solver = new RawInit("127.110." + i + ".1"); RawInit legacy = new RawInit("127.111." + i + ".1")) {
                RawInit.Answer p = solver.sendUntilAnswered(IKE, null, 3, 2000);
                byte[] puzzle = p.message().notify(NotifyType.PUZZLE).data();
                // the request again: the cookie first, then PS (RFC 8019 §7.1.2)
                RawInit.Answer s = solver.sendUntilAnswered(IKE, p.cookie(), solve(puzzle, p.cookie()), 3, 2000);
                solvedFirst += s.accepted() ? 1 : 0;

                RawInit.Answer l = legacy.sendUntilAnswered(IKE, null, 3, 2000);
                assertNotNull(l.cookie(), l.toString());
                int rounds = 0;
                while (!l.accepted() && l.cookie() != null && rounds < 5) {
                    l = legacy.sendUntilAnswered(IKE, l.cookie(), 3, 2000);
                    rounds++;
                }
                legacyFirst += rounds == 1 && l.accepted() ? 1 : 0;
                legacyIn += l.accepted() ? 1 : 0;
                legacyRounds.add(rounds);
            }
        }
        JsonNode after = dos();
        System.out.println("preference: solved puzzle admitted on its first retry " + solvedFirst + "/" + trials
                + ", bare cookie " + legacyFirst + "/" + trials + " (rounds " + legacyRounds + "), legacy in "
                + legacyIn + "/" + trials + "; before " + loaded + "; after " + after);
        assertEquals(trials, solvedFirst, "a solved puzzle is admitted at once");
        assertTrue(legacyFirst <= trials / 2, "a bare cookie mostly has to come back: " + legacyFirst);
        assertEquals(trials, legacyIn, "legacy clients still get in (3 rounds at most)");
        assertTrue(legacyRounds.stream().allMatch(r -> r <= 3), legacyRounds.toString());

        // our client engine solves the puzzles on its own and establishes
        Vertx vertx = Vertx.vertx();
        try (LoadGenerator solvers = new LoadGenerator(vertx, onePerNet(120, 4), DosPuzzleIT::client, true)) {
            long solvedBefore = after.get("counters").get("admitted").path("init_solved_puzzle").asLong();
            LoadGenerator.Result r = solvers.run(4, 4, 20_000);
            JsonNode end = dos();
            System.out.println("our client: " + r + "; " + end.get("counters"));
            assertEquals(4, r.established(), r.toString());
            assertEquals(solvedBefore + 4, end.get("counters").get("admitted").path("init_solved_puzzle").asLong(),
                    end.toString());
        } finally {
            vertx.close();
        }
    }

    static final int CAP = 100;

    @Test
    void halfOpenTableStaysCappedAndHeapBoundedUnderAFlood() throws Exception {
        start("""
                dos:
                  halfOpen: {cookieThreshold: 10, puzzleThreshold: 20, capacity: %d}
                  puzzles: {minDifficulty: 10, maxDifficulty: 12}
                """.formatted(CAP));
        // 1024 sources, each in its own /24, returning every cookie (it owns its addresses); rounds of
        // 5 s until the table is full (a slow start on a loaded machine), at most 3
        int maxGuard = 0;
        long maxEngine = 0;
        long maxHeap = 0;
        long answers = 0;
        InitFlood.Result r = null;
        for (int round = 0; round < 3 && maxGuard < CAP; round++) {
            CompletableFuture<InitFlood.Result> f = flood(onePerNet(130, 1024), true, 2500, 5000);
            while (!f.isDone()) {
                maxGuard = Math.max(maxGuard, dos().get("halfOpen").asInt());
                String m = admin.text("/metrics");
                maxEngine = Math.max(maxEngine, Math.max(metric(m, "ikebana_ike_half_open"),
                        metric(m, "ikebana_dos_half_open")));
                maxHeap = Math.max(maxHeap, metric(m, "jvm_memory_used_bytes", "area=\"heap\""));
                Thread.sleep(250);
            }
            r = f.get();
            answers += r.answers();
            maxGuard = Math.max(maxGuard, dos().get("halfOpen").asInt());
        }
        JsonNode s = dos();
        System.out.println("bounded: " + r + "; IKE_SA_INIT answers " + answers + "; max half-open guard=" + maxGuard
                + " engine=" + maxEngine + " heap=" + maxHeap / 1024 / 1024 + " MiB; " + s);
        assertTrue(gw.process().isAlive());
        assertTrue(maxGuard >= CAP - 4 && answers > CAP / 2, "the flood filled the table: " + maxGuard + ", " + r);
        // checked at admission and again right before the D-H work; lanes racing past the check: a few
        assertTrue(maxGuard <= CAP + 4, "guard's half-open count capped: " + maxGuard);
        assertTrue(s.get("counters").get("drops").path("half_open_capacity").asLong() > 0, s.toString());
        assertTrue(maxEngine <= CAP + 4, "engine half-open table capped: " + maxEngine);
        assertTrue(maxHeap > 0 && maxHeap < 200L * 1024 * 1024, "heap bounded: " + maxHeap);
    }

    static long metric(String text, String name, String... labels) {
        Matcher m = Pattern.compile("(?m)^" + Pattern.quote(name) + "(\\{[^}]*\\})? ([0-9.eE+-]+)$").matcher(text);
        double sum = 0;
        boolean found = false;
        while (m.find()) {
            String l = m.group(1) == null ? "" : m.group(1);
            boolean all = true;
            for (String want : labels) {
                all &= l.contains(want);
            }
            if (all) {
                sum += Double.parseDouble(m.group(2));
                found = true;
            }
        }
        return found ? (long) sum : -1;
    }
}
