package io.ikebana.transport.tcp;

import io.ikebana.Gateway;
import io.ikebana.client.ClientOptions;
import io.ikebana.client.IkeClient;
import io.ikebana.client.TcpOptions;
import io.ikebana.config.ConfigLoader;
import io.ikebana.config.GatewayConfig;
import io.ikebana.crypto.Secret;
import io.ikebana.ike.EngineConfig;
import io.ikebana.ike.Identity;
import io.ikebana.policy.AuthMethod;
import io.ikebana.policy.CryptoProposal;
import io.ikebana.wire.payload.TrafficSelector;
import io.vertx.core.Vertx;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/**
 * In-process gateways and clients on real sockets for the TCP tests: each test run takes its own
 * random 127.x.y.z addresses (all of 127/8 is loopback on Linux), so fixed ports never collide
 * with other tests or other checkouts running at the same time.
 */
final class Testbed {
    static final String PSK = "tcp-test-psk-0123456789";
    static final int IKE_PORT = 5500;
    static final int NATT_PORT = 5501;
    static final int TCP_PORT = 5501;
    private static final SecureRandom RANDOM = new SecureRandom();

    private Testbed() {
    }

    /** A block of four loopback addresses 127.a.b.c .. c+3 nobody else uses. */
    static InetAddress[] loopbacks() {
        byte a = (byte) (20 + RANDOM.nextInt(200));
        byte b = (byte) RANDOM.nextInt(256);
        int c = 4 + 4 * RANDOM.nextInt(60);
        InetAddress[] out = new InetAddress[4];
        try {
            for (int i = 0; i < 4; i++) {
                out[i] = InetAddress.getByAddress(new byte[] {127, a, b, (byte) (c + i)});
            }
        } catch (java.net.UnknownHostException e) {
            throw new IllegalStateException(e);
        }
        return out;
    }

    static String yaml(String member, InetAddress address, String tcpSection) {
        return """
                node: {name: %s}
                listen:
                  addresses: [%s]
                  ikePort: %d
                  nattPort: %d
                  tcpPort: %d
                  tcp: %s
                identity: {id: gw.ikebana.test, auth: psk}
                ike:
                  proposals: [aes256gcm16-prfsha256-x25519]
                  espProposals: [aes256gcm16]
                  dpd: 0
                  ikeRekey: 0
                  childRekey: 0
                peers:
                  - name: clients
                    remoteId: "%%any"
                    auth: psk
                    psk: %s
                    pools: [pool4]
                    localTs: [10.99.200.0/24]
                pools: [{name: pool4, cidr: 10.99.100.0/24}]
                dataplane: {backend: memory}
                admin: {enabled: false}
                """.formatted(member, address.getHostAddress(), IKE_PORT, NATT_PORT, TCP_PORT,
                tcpSection == null ? "{}" : tcpSection, PSK);
    }

    static GatewayConfig config(Path dir, String member, InetAddress address, String tcpSection) {
        return config(dir, member, address, tcpSection, "");
    }

    /** With {@code extra} YAML (top-level sections) appended. */
    static GatewayConfig config(Path dir, String member, InetAddress address, String tcpSection, String extra) {
        try {
            Files.createDirectories(dir);
            Path f = dir.resolve(member + ".yaml");
            Files.writeString(f, yaml(member, address, tcpSection) + extra);
            return new ConfigLoader().load(f);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static Gateway gateway(Vertx vertx, GatewayConfig config) throws Exception {
        Gateway g = new Gateway(config, vertx);
        g.start().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        return g;
    }

    static ClientOptions client(InetAddress gateway, InetAddress bind, TcpOptions tcp, EngineConfig.Timers timers) {
        return new ClientOptions(new InetSocketAddress(gateway, IKE_PORT), new InetSocketAddress(bind, 0),
                Identity.parse("client@ikebana.test"), Identity.parse("gw.ikebana.test"),
                Secret.wrap(PSK.getBytes(StandardCharsets.US_ASCII)), null, null, List.of(), AuthMethod.PSK,
                List.of(CryptoProposal.parse("aes256gcm16-prfsha256-x25519", false)),
                List.of(CryptoProposal.parse("aes256gcm16", true)), true,
                List.of(TrafficSelector.ofSubnet(addr("10.99.200.0"), 24)), timers, true, tcp);
    }

    static IkeClient start(Vertx vertx, ClientOptions o) throws Exception {
        IkeClient c = new IkeClient(o, vertx);
        c.start().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        return c;
    }

    /** Timers for quick tests: 300 ms first retransmission, no rekeys or DPD unless asked for. */
    static EngineConfig.Timers fastTimers() {
        EngineConfig.Timers d = EngineConfig.Timers.defaults();
        return new EngineConfig.Timers(0, 0, 0, d.halfOpenMillis(), 300, 1.5, 5, d.jitterPercent());
    }

    static InetAddress addr(String s) {
        try {
            return InetAddress.getByName(s);
        } catch (java.net.UnknownHostException e) {
            throw new IllegalArgumentException(e);
        }
    }

    static void waitFor(String what, BooleanSupplier cond) throws InterruptedException {
        waitFor(what, Duration.ofSeconds(10), cond);
    }

    static void waitFor(String what, Duration timeout, BooleanSupplier cond) throws InterruptedException {
        long end = System.nanoTime() + timeout.toNanos();
        while (!cond.getAsBoolean()) {
            if (System.nanoTime() > end) {
                throw new AssertionError("not within " + timeout + ": " + what);
            }
            Thread.sleep(10);
        }
    }
}
