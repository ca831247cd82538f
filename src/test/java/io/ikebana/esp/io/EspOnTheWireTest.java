package io.ikebana.esp.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ikebana.Gateway;
import io.ikebana.client.ClientOptions;
import io.ikebana.client.IkeClient;
import io.ikebana.config.ConfigLoader;
import io.ikebana.crypto.Secret;
import io.ikebana.ike.EngineConfig;
import io.ikebana.ike.IkeSa;
import io.ikebana.policy.AuthMethod;
import io.ikebana.policy.CryptoProposal;
import io.ikebana.ike.Identity;
import io.ikebana.wire.payload.TrafficSelector;
import io.micrometer.core.instrument.Counter;
import io.vertx.core.Vertx;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Anti-replay and integrity on the wire: our client and the gateway (in-memory data plane that
 * answers pings) talk through a UDP relay on loopback that records the client's ESP datagrams and
 * can hold, resend or corrupt them. The gateway's drop counters ({@code ikebana_esp_drops_total})
 * must count what the relay does, and traffic on the SA must go on.
 */
class EspOnTheWireTest {
    static final String PSK = "wire-test-psk-0123456789";
    static final InetAddress GW = addr("127.0.0.1");
    static final InetAddress CLIENT = addr("127.0.0.2");
    static final Inet4Address TARGET = (Inet4Address) addr("10.99.200.1");
    static final int WINDOW = 64;

    static Vertx vertx;
    static Gateway gateway;
    static Relay relay;
    static IkeClient client;
    static IkeSa sa;
    static int seq;

    @BeforeAll
    static void start(@TempDir Path dir) throws Exception {
        int gwPort;
        try (DatagramSocket probe = new DatagramSocket(0, GW)) {
            gwPort = probe.getLocalPort();
        }
        Path cfg = dir.resolve("gw.yaml");
        Files.writeString(cfg, """
                node: {name: wire}
                listen: {addresses: [%s], ikePort: %d, nattPort: %d, tcpPort: 0}
                identity: {id: gw.ikebana.test, auth: psk}
                ike: {proposals: [aes256gcm16-prfsha256-x25519], espProposals: [aes256gcm16], dpd: 0, ikeRekey: 0, childRekey: 0}
                peers:
                  - {name: c, remoteId: "%%any", auth: psk, psk: %s, pools: [pool4], localTs: [10.99.200.0/24]}
                pools: [{name: pool4, cidr: 10.96.0.0/12}]
                dataplane: {backend: memory, replayWindow: %d}
                admin: {enabled: false}
                dos: {enabled: false}
                """.formatted(GW.getHostAddress(), gwPort, gwPort + 1, PSK, WINDOW));
        vertx = Vertx.vertx();
        gateway = new Gateway(new ConfigLoader().load(cfg), vertx);
        gateway.start().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
        relay = new Relay(new InetSocketAddress(GW, gwPort));
        EngineConfig.Timers t = new EngineConfig.Timers(0, 0, 0, 30_000, 1000, 1.8, 5, 0);
        ClientOptions o = new ClientOptions(relay.front(), new InetSocketAddress(CLIENT, 0),
                Identity.parse("wire@ikebana.test"), Identity.parse("gw.ikebana.test"),
                Secret.wrap(PSK.getBytes(StandardCharsets.US_ASCII)), null, null, List.of(), AuthMethod.PSK,
                List.of(CryptoProposal.parse("aes256gcm16-prfsha256-x25519", false)),
                List.of(CryptoProposal.parse("aes256gcm16", true)), true,
                List.of(TrafficSelector.ofSubnet(addr("10.99.200.0"), 24)), t, false);
        client = new IkeClient(o, vertx);
        client.start().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        sa = client.connect().get(30, TimeUnit.SECONDS);
        assertNotNull(ping(), "ping through the relay");
    }

    @AfterAll
    static void stop() throws Exception {
        if (client != null) {
            client.close();
        }
        if (relay != null) {
            relay.close();
        }
        if (gateway != null) {
            gateway.close();
        }
        if (vertx != null) {
            vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        }
    }

    @Test
    void aReplayedPacketIsDroppedAndCounted() throws Exception {
        relay.espSeen.clear();
        assertNotNull(ping());
        byte[] captured = relay.lastEsp();
        double before = drops("replayed");
        relay.inject(captured);
        awaitCount("replayed", before + 1);
        relay.inject(captured);
        awaitCount("replayed", before + 2);
        assertNotNull(ping(), "the SA goes on");
    }

    @Test
    void aPacketWithABadIcvIsDroppedAndCounted() throws Exception {
        relay.corruptNext = true;
        double before = drops("icv_failure");
        assertThrows(() -> ping(), "the corrupted echo request gets no answer");
        awaitCount("icv_failure", before + 1);
        // the untouched original, sent after the failed check, is still accepted: the ICV is checked
        // before the window is updated
        double in = inbound();
        relay.inject(relay.corruptedOriginal);
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (inbound() < in + 1 && System.nanoTime() < end) {
            Thread.sleep(10);
        }
        assertEquals(in + 1, inbound(), "the original packet is accepted after its corrupted copy");
        assertNotNull(ping(), "the SA goes on");
        assertEquals(before + 1, drops("icv_failure"));
    }

    @Test
    void aPacketOlderThanTheWindowIsDropped() throws Exception {
        relay.espSeen.clear();
        assertNotNull(ping());
        byte[] old = relay.lastEsp();
        for (int i = 0; i < WINDOW + 8; i++) {
            assertNotNull(ping());
        }
        double before = drops("outside_window");
        relay.inject(old);
        awaitCount("outside_window", before + 1);
    }

    @Test
    void outOfOrderPacketsInsideTheWindowAreAcceptedOnce() throws Exception {
        relay.holdNext = true;
        CompletableFuture<?> first = client.ping(sa, TARGET, ++seq & 0xffff, 64);
        byte[] held = relay.held.poll(5, TimeUnit.SECONDS);
        assertNotNull(held, "the relay held the first echo request");
        assertNotNull(ping(), "a later packet first");
        double replayed = drops("replayed");
        relay.inject(held);
        first.get(5, TimeUnit.SECONDS);
        relay.inject(held);
        awaitCount("replayed", replayed + 1);
    }

    // ------------------------------------------------------------------ helpers

    static Object ping() throws Exception {
        return client.ping(sa, TARGET, ++seq & 0xffff, 64).get(5, TimeUnit.SECONDS);
    }

    interface Call {
        Object run() throws Exception;
    }

    static void assertThrows(Call c, String message) throws Exception {
        try {
            c.run();
        } catch (java.util.concurrent.ExecutionException | TimeoutException e) {
            return;
        }
        throw new AssertionError(message);
    }

    static double drops(String reason) {
        Counter c = gateway.gatewayMetrics().registry().find("ikebana_esp_drops").tag("direction", "inbound")
                .tag("reason", reason).counter();
        return c == null ? 0 : c.count();
    }

    static double inbound() {
        Counter c = gateway.gatewayMetrics().registry().find("ikebana_esp_packets").tag("direction", "inbound")
                .counter();
        return c == null ? 0 : c.count();
    }

    static void awaitCount(String reason, double expected) throws InterruptedException {
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (drops(reason) < expected && System.nanoTime() < end) {
            Thread.sleep(10);
        }
        assertEquals(expected, drops(reason), "ikebana_esp_drops_total{reason=" + reason + "}");
    }

    static InetAddress addr(String s) {
        try {
            return InetAddress.getByName(s);
        } catch (java.net.UnknownHostException e) {
            throw new IllegalArgumentException(e);
        }
    }

    /**
     * A UDP relay: the client talks to its front socket, the relay talks to the gateway from its
     * back socket. It records the client's ESP datagrams (first four octets not zero: not the
     * non-ESP marker) and can hold or corrupt the next one.
     */
    static final class Relay implements AutoCloseable {
        final DatagramSocket front;
        final DatagramSocket back;
        final InetSocketAddress gateway;
        volatile InetSocketAddress clientAddress;
        final List<byte[]> espSeen = java.util.Collections.synchronizedList(new ArrayList<>());
        final BlockingQueue<byte[]> held = new LinkedBlockingQueue<>();
        volatile boolean holdNext;
        volatile boolean corruptNext;
        volatile byte[] corruptedOriginal;
        final Thread up;
        final Thread down;

        Relay(InetSocketAddress gateway) throws Exception {
            this.gateway = gateway;
            this.front = new DatagramSocket(0, addr("127.0.0.3"));
            this.back = new DatagramSocket(0, addr("127.0.0.3"));
            front.setSoTimeout(200);
            back.setSoTimeout(200);
            up = new Thread(this::up, "relay-up");
            down = new Thread(this::down, "relay-down");
            up.setDaemon(true);
            down.setDaemon(true);
            up.start();
            down.start();
        }

        InetSocketAddress front() {
            return (InetSocketAddress) front.getLocalSocketAddress();
        }

        byte[] lastEsp() {
            synchronized (espSeen) {
                assertTrue(!espSeen.isEmpty(), "an ESP datagram went through");
                return espSeen.get(espSeen.size() - 1).clone();
            }
        }

        void inject(byte[] datagram) throws Exception {
            back.send(new DatagramPacket(datagram, datagram.length, gateway));
        }

        private void up() {
            byte[] buf = new byte[65535];
            while (!front.isClosed()) {
                try {
                    DatagramPacket p = new DatagramPacket(buf, buf.length);
                    front.receive(p);
                    clientAddress = (InetSocketAddress) p.getSocketAddress();
                    byte[] d = Arrays.copyOfRange(p.getData(), p.getOffset(), p.getOffset() + p.getLength());
                    boolean esp = d.length > 8 && (d[0] | d[1] | d[2] | d[3]) != 0 && !plainIke(d);
                    if (esp) {
                        espSeen.add(d.clone());
                        if (holdNext) {
                            holdNext = false;
                            held.add(d);
                            continue;
                        }
                        if (corruptNext) {
                            corruptNext = false;
                            corruptedOriginal = d.clone();
                            d[d.length - 1] ^= 0x01; // last octet of the ICV
                        }
                    }
                    back.send(new DatagramPacket(d, d.length, gateway));
                } catch (SocketTimeoutException e) {
                    // poll for close
                } catch (Exception e) {
                    if (!front.isClosed()) {
                        e.printStackTrace();
                    }
                }
            }
        }

        /** An IKE message without the non-ESP marker: version 2.0 and the length field = datagram length. */
        static boolean plainIke(byte[] d) {
            return d.length >= 28 && d[17] == 0x20
                    && java.nio.ByteBuffer.wrap(d, 24, 4).getInt() == d.length;
        }

        private void down() {
            byte[] buf = new byte[65535];
            while (!back.isClosed()) {
                try {
                    DatagramPacket p = new DatagramPacket(buf, buf.length);
                    back.receive(p);
                    InetSocketAddress c = clientAddress;
                    if (c != null) {
                        front.send(new DatagramPacket(p.getData(), p.getOffset(), p.getLength(), c));
                    }
                } catch (SocketTimeoutException e) {
                    // poll for close
                } catch (Exception e) {
                    if (!back.isClosed()) {
                        e.printStackTrace();
                    }
                }
            }
        }

        @Override
        public void close() throws Exception {
            front.close();
            back.close();
            up.join(2000);
            down.join(2000);
        }
    }
}
