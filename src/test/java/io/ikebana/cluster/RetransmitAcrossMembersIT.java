package io.ikebana.cluster;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

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
import io.ikebana.ike.Packet;
import io.ikebana.ike.PacketSender;
import io.ikebana.metrics.IkeMetrics;
import io.ikebana.policy.AuthMethod;
import io.ikebana.policy.CryptoProposal;
import io.ikebana.policy.InMemoryAddressPools;
import io.ikebana.policy.LocalCredentials;
import io.ikebana.policy.PeerPolicy;
import io.ikebana.store.InMemorySaStore;
import io.ikebana.testing.GatewayCluster;
import io.ikebana.wire.ExchangeType;
import io.ikebana.wire.IkeHeader;
import io.ikebana.wire.payload.TrafficSelector;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Issue acceptance: a client's IKE_AUTH retransmitted to a different member gets the identical
 * cached response (the response is part of the SA record in the grid, RFC 7296 §2.1).
 */
class RetransmitAcrossMembersIT {

    /** Our client engine on a plain socket that records what it sends and receives. */
    static final class RecordingSocket implements PacketSender, AutoCloseable {
        final DatagramChannel ch;
        final List<byte[]> sent = new CopyOnWriteArrayList<>();
        final List<byte[]> received = new CopyOnWriteArrayList<>();
        volatile IkeEngine engine;
        final Thread reader;

        RecordingSocket(InetSocketAddress bind) throws Exception {
            ch = DatagramChannel.open();
            ch.bind(bind);
            reader = new Thread(() -> {
                ByteBuffer b = ByteBuffer.allocate(65536);
                while (ch.isOpen()) {
                    try {
                        b.clear();
                        InetSocketAddress from = (InetSocketAddress) ch.receive(b);
                        b.flip();
                        byte[] d = new byte[b.remaining()];
                        b.get(d);
                        boolean marker = d.length > 4 && d[0] == 0 && d[1] == 0 && d[2] == 0 && d[3] == 0;
                        byte[] ike = marker ? Arrays.copyOfRange(d, 4, d.length) : d;
                        received.add(ike);
                        engine.receive(new Packet((InetSocketAddress) ch.getLocalAddress(), from, ike, marker));
                    } catch (Exception e) {
                        return;
                    }
                }
            });
            reader.setDaemon(true);
            reader.start();
        }

        @Override
        public void send(Packet p) {
            sent.add(p.data());
            try {
                ByteBuffer out = ByteBuffer.allocate(p.data().length + (p.marker() ? 4 : 0));
                if (p.marker()) {
                    out.putInt(0);
                }
                out.put(p.data()).flip();
                ch.send(out, p.remote());
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        }

        @Override
        public void close() throws Exception {
            ch.close();
        }
    }

    static byte[] find(List<byte[]> msgs, boolean response) {
        for (byte[] m : msgs) {
            IkeHeader h = IkeHeader.decode(m, 0, m.length);
            if (h != null && h.exchange() == ExchangeType.IKE_AUTH && h.isResponse() == response) {
                return m;
            }
        }
        return null;
    }

    @Test
    void ikeAuthRetransmittedToAnotherMemberGetsTheCachedResponse() throws Exception {
        try (GatewayCluster cluster = GatewayCluster.start(3, "retransmit", i -> "");
                ExecutorScheduler scheduler = new ExecutorScheduler("it");
                RecordingSocket sock = new RecordingSocket(new InetSocketAddress("127.0.1.9", 0))) {
            PeerPolicy gw = new PeerPolicy("gateway", Identity.parse("gw.ikebana.test"), AuthMethod.PSK, AuthMethod.PSK,
                    Secret.wrap(GatewayCluster.PSK.getBytes(StandardCharsets.UTF_8)), List.of(), List.of(), List.of(),
                    List.of());
            EngineConfig cfg = new EngineConfig("client", new LocalCredentials(Identity.parse("rt@ikebana.test"),
                    AuthMethod.PSK, null, null, null), List.of(gw),
                    List.of(CryptoProposal.parse("aes256gcm16-prfsha256-x25519", false)),
                    List.of(CryptoProposal.parse("aes256gcm16", true)), EngineConfig.Timers.defaults(),
                    EngineConfig.Features.defaults(), EngineConfig.Limits.defaults());
            IkeEngine client = new IkeEngine(cfg, sock, new InMemorySaStore(), ChildSaInstaller.NONE,
                    new InMemoryAddressPools(Map.of()), IkeMetrics.NOOP, Clock.systemUTC(), new SecureRandom(), scheduler,
                    new Lanes("rt", 1, 100, i -> { }));
            sock.engine = client;
            CompletableFuture<IkeSa> up = new CompletableFuture<>();
            client.addListener(new EngineListener() {
                @Override
                public void established(IkeSa sa) {
                    up.complete(sa);
                }
            });
            InetSocketAddress local = (InetSocketAddress) sock.ch.getLocalAddress();
            client.connect(new InitiatorSettings(new InetSocketAddress(GatewayCluster.host(0), 5500), local, gw, true,
                    false, List.of(), List.of(TrafficSelector.any(false)), true, true, true));
            up.get(20, TimeUnit.SECONDS);
            byte[] authRequest = find(sock.sent, false);
            byte[] authResponse = find(sock.received, true);
            assertNotNull(authRequest);
            assertNotNull(authResponse);
            int before = sock.received.size();
            // the same IKE_AUTH, byte for byte, now to member 2
            sock.send(new Packet(local, new InetSocketAddress(GatewayCluster.host(1), 5500), authRequest, true));
            long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (sock.received.size() == before && System.nanoTime() < end) {
                Thread.sleep(20);
            }
            assertTrue(sock.received.size() > before, "member 2 answered the retransmission");
            assertArrayEquals(authResponse, sock.received.get(before), "the identical cached response");
            client.close();
        }
    }
}
