package io.ikebana.ike;

import io.ikebana.crypto.Secret;
import io.ikebana.metrics.IkeMetrics;
import io.ikebana.policy.AuthMethod;
import io.ikebana.policy.Cidr;
import io.ikebana.policy.CryptoProposal;
import io.ikebana.policy.InMemoryAddressPools;
import io.ikebana.policy.LocalCredentials;
import io.ikebana.policy.PeerPolicy;
import io.ikebana.store.InMemorySaStore;
import io.ikebana.wire.payload.TrafficSelector;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.List;
import java.util.Map;

/** Builds a gateway and a client engine on a {@link Loopback}. */
final class TestNodes implements AutoCloseable {
    static final InetSocketAddress GW = new InetSocketAddress("127.0.0.1", 5500);
    static final InetSocketAddress CLIENT = new InetSocketAddress("127.0.0.2", 40000);
    static final Secret PSK = Secret.wrap("test-psk-0123456789".getBytes(StandardCharsets.US_ASCII));

    final Loopback net = new Loopback();
    final RecordingInstaller gwPlane = new RecordingInstaller(0x1000);
    final RecordingInstaller clientPlane = new RecordingInstaller(0x8000);
    final InMemorySaStore gwStore = new InMemorySaStore();
    final InMemorySaStore clientStore = new InMemorySaStore();
    final ExecutorScheduler scheduler = new ExecutorScheduler("test");
    /** The gateway's own timers, apart from the client's. */
    final ExecutorScheduler gwScheduler = new ExecutorScheduler("test-gw");
    final IkeEngine gateway;
    final IkeEngine client;

    TestNodes(EngineConfig.Timers timers, String ikeProposal, String espProposal) {
        gateway = new IkeEngine(gatewayConfig(timers), net, gwStore, gwPlane,
                new InMemoryAddressPools(Map.of("pool4", Cidr.parse("10.96.0.0/12"))), IkeMetrics.NOOP,
                Clock.systemUTC(), new SecureRandom(), gwScheduler, new Lanes("gw", 2, 1000, i -> { }));
        client = new IkeEngine(clientConfig(timers, ikeProposal, espProposal), net, clientStore, clientPlane,
                new InMemoryAddressPools(Map.of()), IkeMetrics.NOOP, Clock.systemUTC(), new SecureRandom(), scheduler,
                new Lanes("cl", 2, 1000, i -> { }));
        net.attach(GW, gateway);
        net.attach(CLIENT, client);
    }

    static EngineConfig gatewayConfig(EngineConfig.Timers timers) {
        PeerPolicy peer = new PeerPolicy("clients", Identity.parse("%any"), AuthMethod.PSK, AuthMethod.PSK, PSK, List.of(),
                List.of("pool4"), List.of(TrafficSelector.ofSubnet(addr("10.99.200.0"), 24)), List.of());
        return new EngineConfig("gw1", new LocalCredentials(Identity.parse("gw.ikebana.test"), AuthMethod.PSK, null,
                null, null), List.of(peer),
                List.of(CryptoProposal.parse("aes256gcm16-prfsha256-x25519", false),
                        CryptoProposal.parse("aes128-sha256-ecp256", false),
                        CryptoProposal.parse("aes256-sha384-ecp384", false),
                        CryptoProposal.parse("aes128gcm16-prfsha256-modp2048", false)),
                List.of(CryptoProposal.parse("aes256gcm16", true), CryptoProposal.parse("aes128-sha256", true),
                        CryptoProposal.parse("aes128gcm16-esn", true)),
                timers, EngineConfig.Features.defaults(), EngineConfig.Limits.defaults());
    }

    static EngineConfig clientConfig(EngineConfig.Timers timers, String ike, String esp) {
        PeerPolicy gw = new PeerPolicy("gateway", Identity.parse("gw.ikebana.test"), AuthMethod.PSK, AuthMethod.PSK, PSK, List.of(),
                List.of(), List.of(), List.of());
        return new EngineConfig("client", new LocalCredentials(Identity.parse("client@ikebana.test"), AuthMethod.PSK,
                null, null, null), List.of(gw), List.of(CryptoProposal.parse(ike, false)),
                List.of(CryptoProposal.parse(esp, true)), timers, EngineConfig.Features.defaults(),
                EngineConfig.Limits.defaults());
    }

    InitiatorSettings settings() {
        return new InitiatorSettings(GW, CLIENT, client.config().peers().get(0), true, false, List.of(),
                List.of(TrafficSelector.ofSubnet(addr("10.99.200.0"), 24)), true, true, true);
    }

    static InetAddress addr(String s) {
        try {
            return InetAddress.getByName(s);
        } catch (java.net.UnknownHostException e) {
            throw new IllegalArgumentException(e);
        }
    }

    /** Connects the client with {@link #settings()} and returns its IKE SA once established. */
    IkeSa establish() throws Exception {
        java.util.concurrent.CompletableFuture<IkeSa> up = new java.util.concurrent.CompletableFuture<>();
        client.addListener(new EngineListener() {
            @Override
            public void established(IkeSa sa) {
                up.complete(sa);
            }
        });
        client.connect(settings());
        return up.get(10, java.util.concurrent.TimeUnit.SECONDS);
    }

    @Override
    public void close() {
        gateway.close();
        client.close();
        scheduler.close();
        gwScheduler.close();
    }
}
