package io.ikebana.ike;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ikebana.dos.DosConfig;
import io.ikebana.dos.DosGuard;
import io.ikebana.dos.DosInitGuard;
import io.ikebana.dos.DosMetrics;
import io.ikebana.dos.DosPuzzleSolving;
import io.ikebana.dos.HalfOpenConfig;
import io.ikebana.dos.puzzle.SolveBudget;
import io.ikebana.wire.ExchangeType;
import io.ikebana.wire.IkeHeader;
import io.ikebana.wire.NotifyType;
import io.ikebana.wire.codec.MessageDecoder;
import io.ikebana.wire.DecodeResult;
import io.ikebana.wire.IkeMessage;
import java.net.InetSocketAddress;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The engine with the DoS guard: past the half-open thresholds a client must return a cookie,
 * then solve a puzzle; a client without puzzle support still gets in with the cookie alone.
 */
class DosEngineTest {

    /** Cookies from the first half-open SA on, puzzles from the second. */
    static DosGuard guard() {
        DosConfig c = DosConfig.defaults().withHalfOpen(
                new HalfOpenConfig(1, 2, 1000, Duration.ofSeconds(1), Duration.ofSeconds(30), Duration.ofSeconds(2)));
        c = c.withPuzzles(c.puzzles().withDifficulty(9, 10, 0));
        return DosGuard.local(c, Clock.systemUTC(), new SecureRandom(), DosMetrics.noop());
    }

    private static IkeMessage firstResponse(Loopback net, java.util.function.Predicate<IkeMessage> which) {
        for (Packet p : net.sent) {
            if (p.remote().equals(TestNodes.CLIENT) && (p.data()[16] & 0xff) != 46) {
                DecodeResult r = MessageDecoder.plain(p.data());
                if (r instanceof DecodeResult.Ok ok && ok.message().isResponse() && which.test(ok.message())) {
                    return ok.message();
                }
            }
        }
        return null;
    }

    private static IkeSa connect(TestNodes n) throws Exception {
        CompletableFuture<IkeSa> up = new CompletableFuture<>();
        n.client.addListener(new EngineListener() {
            @Override
            public void established(IkeSa sa) {
                up.complete(sa);
            }

            @Override
            public void handshakeFailed(long spi, String reason) {
                up.completeExceptionally(new AssertionError(reason));
            }
        });
        n.client.connect(n.settings());
        return up.get(20, TimeUnit.SECONDS);
    }

    /** Half-open SAs that never finish: IKE_SA_INITs from other clients whose IKE_AUTH we never send. */
    private static void halfOpen(TestNodes n, DosGuard g, int count) throws Exception {
        for (int i = 0; i < count; i++) {
            InetSocketAddress src = new InetSocketAddress("127.0.0." + (10 + i), 40000);
            Loopback other = new Loopback();
            IkeEngine e = new IkeEngine(TestNodes.clientConfig(EngineConfig.Timers.defaults(),
                    "aes256gcm16-prfsha256-x25519", "aes256gcm16"), p -> n.net.send(p), new io.ikebana.store.InMemorySaStore(),
                    ChildSaInstaller.NONE, new io.ikebana.policy.InMemoryAddressPools(java.util.Map.of()),
                    io.ikebana.metrics.IkeMetrics.NOOP, Clock.systemUTC(), new SecureRandom(), n.scheduler,
                    new Lanes("x", 1, 100, j -> { }));
            n.net.attach(src, e);
            e.puzzles(new DosPuzzleSolving(Clock.systemUTC(), SolveBudget.defaults()));
            InitiatorSettings s = new InitiatorSettings(TestNodes.GW, src, e.config().peers().get(0), false, false,
                    java.util.List.of(), java.util.List.of(), false, false, false);
            // the attacker never completes IKE_AUTH
            java.util.function.Predicate<Packet> old = n.net.drop;
            n.net.drop = p -> old.test(p) || (p.local().equals(src) && (p.data()[18] & 0xff) == ExchangeType.IKE_AUTH.code());
            e.connect(s);
            int target = i + 1;
            // the guard learns of a half-open SA just after the engine's table (another thread)
            ClientGatewayExchangeTest.waitFor(() -> n.gateway.halfOpenCount() >= target && g.state().halfOpen() >= target);
        }
    }

    @Test
    void cookieThenEstablished() throws Exception {
        try (TestNodes n = new TestNodes(EngineConfig.Timers.defaults(), "aes256gcm16-prfsha256-x25519", "aes256gcm16")) {
            DosGuard g = guard();
            n.gateway.initGuard(new DosInitGuard(g));
            halfOpen(n, g, 1);
            IkeSa sa = connect(n);
            assertTrue(sa.remoteId().toString().contains("gw.ikebana.test"));
            IkeMessage cookie = firstResponse(n.net, m -> m.hasNotify(NotifyType.COOKIE));
            assertTrue(cookie != null, "the gateway asked for a cookie");
            assertEquals(0, cookie.header().spiR(), "stateless: SPIr is 0 (RFC 7296 §2.6)");
        }
    }

    @Test
    void puzzleSolvedByOurClient() throws Exception {
        try (TestNodes n = new TestNodes(EngineConfig.Timers.defaults(), "aes256gcm16-prfsha256-x25519", "aes256gcm16")) {
            DosGuard g = guard();
            n.gateway.initGuard(new DosInitGuard(g));
            n.client.puzzles(new DosPuzzleSolving(Clock.systemUTC(), SolveBudget.defaults()));
            halfOpen(n, g, 3);
            connect(n);
            IkeMessage puzzle = firstResponse(n.net, m -> m.hasNotify(NotifyType.PUZZLE));
            assertTrue(puzzle != null, "the gateway asked for a puzzle");
            boolean sentSolution = n.net.sent.stream().anyMatch(p -> p.local().equals(TestNodes.CLIENT)
                    && MessageDecoder.plain(p.data()) instanceof DecodeResult.Ok ok
                    && ok.message().first(io.ikebana.wire.payload.PsPayload.class) != null);
            assertTrue(sentSolution, "our client returned a PS payload");
        }
    }

    @Test
    void clientWithoutPuzzleSupportStillGetsIn() throws Exception {
        try (TestNodes n = new TestNodes(EngineConfig.Timers.defaults(), "aes256gcm16-prfsha256-x25519", "aes256gcm16")) {
            DosGuard g = guard();
            n.gateway.initGuard(new DosInitGuard(g));
            halfOpen(n, g, 3);
            connect(n);
            assertTrue(firstResponse(n.net, m -> m.hasNotify(NotifyType.PUZZLE)) != null);
        }
    }
}
