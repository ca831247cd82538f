package io.ikebana.transport.tcp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ikebana.Gateway;
import io.ikebana.crypto.Secret;
import io.ikebana.ike.ChildSaInstaller;
import io.ikebana.ike.EngineConfig;
import io.ikebana.ike.EngineListener;
import io.ikebana.ike.ExecutorScheduler;
import io.ikebana.ike.Identity;
import io.ikebana.ike.IkeEngine;
import io.ikebana.ike.IkeSa;
import io.ikebana.ike.InitiatorSettings;
import io.ikebana.ike.Lanes;
import io.ikebana.metrics.IkeMetrics;
import io.ikebana.policy.AuthMethod;
import io.ikebana.policy.CryptoProposal;
import io.ikebana.policy.InMemoryAddressPools;
import io.ikebana.policy.LocalCredentials;
import io.ikebana.policy.PeerPolicy;
import io.ikebana.store.InMemorySaStore;
import io.ikebana.transport.Transports;
import io.ikebana.transport.UdpTransport;
import io.ikebana.wire.payload.TrafficSelector;
import io.vertx.core.Vertx;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Streams whose negotiation fails (RFC 9329 §6.1, §6.4): a client that keeps its stream open after
 * NO_PROPOSAL_CHOSEN or AUTHENTICATION_FAILED leaves the gateway with no IKE state for it (the
 * half-open SA is deleted), and the gateway closes the stream after a short silence; after
 * INVALID_KE_PAYLOAD, which invites a corrected retry, the same stream goes on to an SA.
 */
class TcpNegotiationFailureTest {
    static final String LIMITS = "{firstMessage: 2s, statelessIdle: 500ms}";
    static Vertx vertx;
    @TempDir
    Path dir;

    @BeforeAll
    static void up() {
        vertx = Vertx.vertx();
    }

    @AfterAll
    static void down() throws Exception {
        vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    /** A bare client engine on a TCP stream, without the client's own clean-up (it keeps the stream). */
    static final class StubbornClient implements AutoCloseable {
        final TcpCounters counters = new TcpCounters();
        final TcpClient tcp;
        final IkeEngine engine;
        final ExecutorScheduler scheduler = new ExecutorScheduler("stubborn");
        final CompletableFuture<String> outcome = new CompletableFuture<>();
        final InetSocketAddress stream;

        StubbornClient(InetAddress bind, InetSocketAddress gateway, String ike, String psk) throws Exception {
            Transports t = new Transports(new UdpTransport(vertx), counters);
            tcp = new TcpClient(vertx, bind, TcpLimits.defaults(), counters);
            t.tcp(tcp);
            PeerPolicy gw = new PeerPolicy("gateway", Identity.parse("gw.ikebana.test"), AuthMethod.PSK, AuthMethod.PSK,
                    Secret.wrap(psk.getBytes(StandardCharsets.US_ASCII)), List.of(), List.of(), List.of(), List.of());
            EngineConfig cfg = new EngineConfig("client", new LocalCredentials(Identity.parse("client@ikebana.test"),
                    AuthMethod.PSK, null, null, null), List.of(gw), List.of(CryptoProposal.parse(ike, false)),
                    List.of(CryptoProposal.parse("aes256gcm16", true)), Testbed.fastTimers(),
                    EngineConfig.Features.defaults(), EngineConfig.Limits.defaults());
            engine = new IkeEngine(cfg, t, new InMemorySaStore(), ChildSaInstaller.NONE, new InMemoryAddressPools(Map.of()),
                    IkeMetrics.NOOP, Clock.systemUTC(), new SecureRandom(), scheduler, new Lanes("stubborn", 1, 1000, i -> { }));
            t.engine(engine);
            engine.addListener(new EngineListener() {
                @Override
                public void established(IkeSa sa) {
                    outcome.complete("established");
                }

                @Override
                public void handshakeFailed(long spi, String reason) {
                    outcome.complete(reason);
                }
            });
            stream = tcp.open(gateway).toCompletionStage().toCompletableFuture().get(5, TimeUnit.SECONDS);
            InitiatorSettings s = new InitiatorSettings(gateway, stream, gw, true, false, List.of(),
                    List.of(TrafficSelector.ofSubnet(Testbed.addr("10.99.200.0"), 24)), true, true, true);
            engine.connect(s.overTcp(gateway, stream));
        }

        @Override
        public void close() {
            engine.close();
            scheduler.close();
            tcp.close();
        }
    }

    @Test
    void streamsWithoutIkeStateAreClosedAndRecoverableErrorsAreNot() throws Exception {
        InetAddress[] ip = Testbed.loopbacks();
        try (Gateway gw = Testbed.gateway(vertx, Testbed.config(dir, "gw1", ip[0], LIMITS))) {
            InetSocketAddress listener = new InetSocketAddress(ip[0], Testbed.TCP_PORT);
            TcpCounters counts = gw.tcpCounters();
            try (StubbornClient noProposal = new StubbornClient(ip[1], listener, "aes128-sha256-ecp256", Testbed.PSK);
                    StubbornClient badPsk = new StubbornClient(ip[2], listener, "aes256gcm16-prfsha256-x25519", "wrong-psk");
                    StubbornClient invalidKe = new StubbornClient(ip[3], listener, "aes256gcm16-prfsha256-ecp256-x25519",
                            Testbed.PSK)) {
                assertTrue(noProposal.outcome.get(5, TimeUnit.SECONDS).contains("NO_PROPOSAL_CHOSEN"));
                assertTrue(badPsk.outcome.get(5, TimeUnit.SECONDS).contains("AUTHENTICATION_FAILED"));
                // RFC 9329 §6.4: INVALID_KE_PAYLOAD asks for a retry; the stream stays and the SA comes up
                assertEquals("established", invalidKe.outcome.get(5, TimeUnit.SECONDS));
                assertEquals(0, gw.engine().halfOpenCount(), "failed negotiations leave no half-open SA");
                Testbed.waitFor("stateless streams closed", () -> counts.closedCount(CloseReason.STATELESS_IDLE) == 2);
                Testbed.waitFor("client sees it", () -> !noProposal.tcp.connected(noProposal.stream)
                        && !badPsk.tcp.connected(badPsk.stream));
                assertTrue(invalidKe.tcp.connected(invalidKe.stream), "the stream with an SA stays");
                assertEquals(1, invalidKe.tcp.connections(invalidKe.stream), "and was never replaced");
                assertEquals(1, gw.tcp().streams());
                assertEquals(1, gw.store().size());
                assertFalse(gw.tcp().remotes().contains(noProposal.stream));
            }
        }
    }
}
