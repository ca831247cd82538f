package io.ikebana.ike;

import static org.junit.jupiter.api.Assertions.assertNotNull;

import io.ikebana.policy.InMemoryAddressPools;
import io.ikebana.policy.Cidr;
import io.ikebana.store.InMemorySaStore;
import io.ikebana.wire.payload.TrafficSelector;
import java.net.InetSocketAddress;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

/**
 * A gateway engine and two client engines (one fragmenting its IKE_AUTH) on the in-memory
 * {@link Loopback}, each on a single lane so that {@link #settle()} can wait until nothing is
 * left to do. Packets can also be injected from {@link #PEER}, an address no engine is bound
 * to: the gateway's answers to it stay in {@code net.sent} for the test to read. Exceptions the
 * engine catches and logs are collected in {@link #failures}.
 */
final class EngineHarness implements AutoCloseable {
    static final InetSocketAddress GW = new InetSocketAddress("127.0.0.1", 5500);
    static final InetSocketAddress CLIENT = new InetSocketAddress("127.0.0.2", 40000);
    static final InetSocketAddress FRAG_CLIENT = new InetSocketAddress("127.0.0.3", 40000);
    static final InetSocketAddress PEER = new InetSocketAddress("192.0.2.7", 50000);

    /** One engine with what a test needs to look at. */
    static final class Node {
        final IkeEngine engine;
        final InMemorySaStore store = new InMemorySaStore();
        final CountingMetrics metrics = new CountingMetrics();
        final RecordingInstaller plane;
        final Lanes lanes;
        final InetSocketAddress address;

        Node(String name, EngineConfig config, InetSocketAddress address, int spiBase, Map<String, Cidr> pools,
                Loopback net, Scheduler scheduler) {
            this.address = address;
            this.plane = new RecordingInstaller(spiBase);
            this.lanes = new Lanes(name, 1, 4000, i -> { });
            this.engine = new IkeEngine(config, net, store, plane, new InMemoryAddressPools(pools), metrics,
                    Clock.systemUTC(), new SecureRandom(), scheduler, lanes);
            net.attach(address, engine);
        }
    }

    final Loopback net = new Loopback();
    final ExecutorScheduler scheduler = new ExecutorScheduler("harness");
    final Node gw;
    final Node client;
    final Node fragClient;
    final List<LogRecord> failures = new CopyOnWriteArrayList<>();
    private final Logger ikeLogger = Logger.getLogger("io.ikebana");
    private final Level savedLevel;
    private final Handler handler;
    final SecureRandom random = new SecureRandom();

    EngineHarness() {
        this(EngineConfig.Limits.defaults());
    }

    EngineHarness(EngineConfig.Limits gatewayLimits) {
        this(gatewayLimits, "10.99.100.0/24");
    }

    EngineHarness(EngineConfig.Limits gatewayLimits, String pool) {
        this(gatewayLimits, pool, EngineConfig.Timers.defaults());
    }

    /** {@code gatewayTimers} apply to the gateway only (e.g. no DPD of idle forged SAs in long runs). */
    EngineHarness(EngineConfig.Limits gatewayLimits, String pool, EngineConfig.Timers gatewayTimers) {
        EngineConfig.Timers timers = EngineConfig.Timers.defaults();
        EngineConfig g = TestNodes.gatewayConfig(gatewayTimers);
        g = new EngineConfig(g.member(), g.local(), g.peers(), g.ikeProposals(), g.espProposals(), g.timers(),
                g.features(), gatewayLimits);
        gw = new Node("gw", g, GW, 0x1000, Map.of("pool4", Cidr.parse(pool)), net, scheduler);
        client = new Node("client", clientConfig(timers, 1280), CLIENT, 0x8000, Map.of(), net, scheduler);
        fragClient = new Node("frag", clientConfig(timers, 256), FRAG_CLIENT, 0xc000, Map.of(), net, scheduler);
        savedLevel = ikeLogger.getLevel();
        handler = new Handler() {
            @Override
            public void publish(LogRecord r) {
                if (r.getThrown() != null || r.getLevel().intValue() >= Level.SEVERE.intValue()) {
                    failures.add(r);
                }
            }

            @Override
            public void flush() {
            }

            @Override
            public void close() {
            }
        };
        // keep test output readable; what matters (thrown exceptions) is collected
        ikeLogger.setLevel(Level.WARNING);
        ikeLogger.addHandler(handler);
    }

    private static EngineConfig clientConfig(EngineConfig.Timers timers, int fragmentSize) {
        EngineConfig c = TestNodes.clientConfig(timers, "aes256gcm16-prfsha256-x25519", "aes256gcm16");
        EngineConfig.Features f = c.features();
        return new EngineConfig(c.member(), c.local(), c.peers(), c.ikeProposals(), c.espProposals(), c.timers(),
                new EngineConfig.Features(f.forceEncapsulation(), true, fragmentSize, f.mobike(), f.messageIdSync(),
                        f.rsaPss(), f.sendCertReq(), f.cloning()),
                c.limits());
    }

    IkeEngine gateway() {
        return gw.engine;
    }

    /** Waits until no engine has queued work and no packet is in flight. */
    void settle() {
        for (int round = 0; round < 1000; round++) {
            int before = net.sent.size();
            barrier(gw.lanes);
            barrier(client.lanes);
            barrier(fragClient.lanes);
            if (net.sent.size() == before) {
                return;
            }
        }
        throw new AssertionError("engines did not settle");
    }

    private static void barrier(Lanes lanes) {
        CountDownLatch done = new CountDownLatch(1);
        if (!lanes.submit(0, Integer.MAX_VALUE, done::countDown)) {
            lanes.submit(0, Lanes.Priority.NORMAL, done::countDown);
        }
        try {
            if (!done.await(20, TimeUnit.SECONDS)) {
                throw new AssertionError("lane stuck");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    /** Settings of a client connecting to the gateway; no INITIAL_CONTACT so SAs can coexist. */
    InitiatorSettings settings(Node from) {
        return new InitiatorSettings(GW, from.address, from.engine.config().peers().get(0), true, false, List.of(),
                List.of(TrafficSelector.ofSubnet(TestNodes.addr("10.99.200.0"), 24)), true, false, true);
    }

    /** Connects a client and waits until both sides have the IKE SA; returns the client's SPI. */
    long connect(Node from) {
        long spi = from.engine.connect(settings(from));
        settle();
        IkeSa sa = from.store.peek(spi);
        assertNotNull(sa, "client established");
        assertNotNull(gw.store.peek(sa.spiR()), "gateway established");
        return spi;
    }

    /** The gateway's IKE SA of a client SA. */
    IkeSa gatewaySa(Node from, long clientSpi) {
        return gw.store.peek(from.store.peek(clientSpi).spiR());
    }

    /** Injects a datagram into the gateway as if it came from {@code remote}; does not settle. */
    void inject(byte[] data, InetSocketAddress remote) {
        gw.engine.receive(new Packet(GW, remote, data.clone(), false));
    }

    /** Injects from {@link #PEER}, settles, and returns what the gateway sent back to it. */
    List<byte[]> exchange(byte[] data) {
        int mark = net.sent.size();
        inject(data, PEER);
        settle();
        return sentTo(PEER, mark);
    }

    List<byte[]> sentTo(InetSocketAddress to, int from) {
        List<byte[]> out = new ArrayList<>();
        for (Packet p : net.sent.subList(from, net.sent.size())) {
            if (p.remote().equals(to)) {
                out.add(p.data());
            }
        }
        return out;
    }

    @Override
    public void close() {
        ikeLogger.removeHandler(handler);
        ikeLogger.setLevel(savedLevel);
        gw.engine.close();
        client.engine.close();
        fragClient.engine.close();
        scheduler.close();
    }
}
