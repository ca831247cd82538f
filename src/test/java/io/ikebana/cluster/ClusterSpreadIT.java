package io.ikebana.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.ikebana.client.IkeClient;
import io.ikebana.ike.EngineListener;
import io.ikebana.ike.IkeSa;
import io.ikebana.testing.AdminClient;
import io.ikebana.testing.GatewayCluster;
import io.ikebana.wire.payload.TrafficSelector;
import io.vertx.core.Vertx;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * Issue acceptance, three gateway JVMs with their admin APIs: placement by redirect of 300 of our
 * clients connecting through one member, a drain with zero re-authentications and the traffic gap
 * measured, a rebalance, and RFC 7791 clones spread over the other members.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ClusterSpreadIT {
    static final int CLIENTS = 300;
    GatewayCluster cluster;
    Vertx vertx;
    final List<IkeClient> clients = new ArrayList<>();
    final List<IkeSa> sas = new ArrayList<>();
    final AtomicInteger handshakes = new AtomicInteger();
    final List<AdminClient> admins = new ArrayList<>();
    final Inet4Address target = addr("10.99.200.1");

    static Inet4Address addr(String s) {
        try {
            return (Inet4Address) InetAddress.getByName(s);
        } catch (java.net.UnknownHostException e) {
            throw new IllegalArgumentException(e);
        }
    }

    @BeforeAll
    void start() throws Exception {
        cluster = GatewayCluster.start(3, "spread", i -> "");
        vertx = Vertx.vertx();
        for (int i = 0; i < 3; i++) {
            admins.add(new AdminClient(GatewayCluster.host(i) + ":8480", GatewayCluster.TOKEN));
        }
    }

    @AfterAll
    void stop() {
        for (IkeClient c : clients) {
            c.close();
        }
        if (vertx != null) {
            vertx.close();
        }
        if (cluster != null) {
            cluster.close();
        }
    }

    private IkeClient client(String source, int member) throws Exception {
        io.ikebana.client.ClientOptions o = GatewayTakeoverIT.options(new InetSocketAddress(GatewayCluster.host(member),
                5500), InetAddress.getByName(source));
        IkeClient c = new IkeClient(o, vertx);
        c.start().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        c.addListener(new EngineListener() {
            @Override
            public void established(IkeSa sa) {
                handshakes.incrementAndGet();
            }
        });
        clients.add(c);
        return c;
    }

    private int[] counts() {
        int[] n = new int[3];
        for (int i = 0; i < 3; i++) {
            n[i] = admins.get(0).sasOwnedBy("gw" + (i + 1));
        }
        return n;
    }

    @Test
    @Order(1)
    void clientsThroughOneMemberEndUpSpreadByRedirect() throws Exception {
        for (int s = 0; s < 10; s++) {
            client("127.0.1." + (s + 1), 0);
        }
        List<CompletableFuture<IkeSa>> ups = new ArrayList<>();
        for (int i = 0; i < CLIENTS; i++) {
            ups.add(clients.get(i % 10).connect());
            if (i % 32 == 31) {
                ups.get(i).get(60, TimeUnit.SECONDS);
            }
        }
        for (CompletableFuture<IkeSa> f : ups) {
            sas.add(f.get(60, TimeUnit.SECONDS));
        }
        int[] n = counts();
        System.out.println("placement of " + CLIENTS + " clients connecting through gw1: " + Arrays.toString(n));
        for (int c : n) {
            assertTrue(Math.abs(c - CLIENTS / 3) <= CLIENTS / 30, "within ±10%: " + Arrays.toString(n));
        }
        long redirected = sas.stream().filter(sa -> !sa.remote().getAddress().getHostAddress().equals("127.0.0.1")).count();
        assertTrue(redirected >= CLIENTS / 2, "clients were redirected: " + redirected);
    }

    @Test
    @Order(2)
    void drainMovesEverySaWithoutReauthentication() throws Exception {
        Thread.sleep(300);
        int before = handshakes.get();
        List<IkeSa> onGw1 = new ArrayList<>();
        List<IkeClient> theirClients = new ArrayList<>();
        List<IkeSa> unmoved = new ArrayList<>();
        List<IkeClient> unmovedClients = new ArrayList<>();
        for (int i = 0; i < sas.size(); i++) {
            IkeSa now = clients.get(i % 10).sa(sas.get(i).localSpi());
            if (now.remote().getAddress().getHostAddress().equals("127.0.0.1") && onGw1.size() < 20) {
                onGw1.add(now);
                theirClients.add(clients.get(i % 10));
            } else if (!now.remote().getAddress().getHostAddress().equals("127.0.0.1") && unmoved.size() < 10) {
                unmoved.add(now);
                unmovedClients.add(clients.get(i % 10));
            }
        }
        assertTrue(onGw1.size() >= 10, "SAs on gw1 to watch: " + onGw1.size());
        int moving = onGw1.size();
        // SAs on gw2 and gw3 stay where they are: pinged the same way, their largest gap during the
        // drain is what the whole box's stalls (GC pauses, four JVMs on 2 cores) cost, not a move
        onGw1.addAll(unmoved);
        theirClients.addAll(unmovedClients);
        // continuous pings on the watched SAs, 10 ms apart
        long[] lastOk = new long[onGw1.size()];
        long[] maxGap = new long[onGw1.size()];
        long[] maxGapEnd = new long[onGw1.size()];
        Arrays.fill(lastOk, System.nanoTime());
        AtomicInteger seq = new AtomicInteger();
        // pings sent and answered from the drain request on (counted when the pinger is stopped)
        java.util.concurrent.atomic.AtomicLong sentInDrain = new java.util.concurrent.atomic.AtomicLong();
        java.util.concurrent.atomic.AtomicLong answeredInDrain = new java.util.concurrent.atomic.AtomicLong();
        java.util.concurrent.atomic.AtomicBoolean draining = new java.util.concurrent.atomic.AtomicBoolean();
        List<Long> roundTrips = java.util.Collections.synchronizedList(new ArrayList<>());
        Thread pinger = new Thread(() -> {
            while (!Thread.currentThread().isInterrupted()) {
                int q = seq.incrementAndGet();
                for (int i = 0; i < onGw1.size(); i++) {
                    int idx = i;
                    IkeClient c = theirClients.get(i);
                    boolean counted = draining.get() && i < moving;
                    if (counted) {
                        sentInDrain.incrementAndGet();
                    }
                    long sentAt = System.nanoTime();
                    c.ping(c.sa(onGw1.get(i).localSpi()), target, q, 16).thenRun(() -> {
                        if (counted) {
                            answeredInDrain.incrementAndGet();
                            roundTrips.add(System.nanoTime() - sentAt);
                        }
                        long now = System.nanoTime();
                        synchronized (maxGap) {
                            if (now - lastOk[idx] > maxGap[idx]) {
                                maxGap[idx] = now - lastOk[idx];
                                maxGapEnd[idx] = System.currentTimeMillis();
                            }
                            lastOk[idx] = now;
                        }
                    });
                }
                try {
                    Thread.sleep(10);
                } catch (InterruptedException e) {
                    return;
                }
            }
        });
        pinger.start();
        Thread.sleep(500);
        synchronized (maxGap) {
            Arrays.fill(maxGap, 0);
        }
        // the same measurement without a drain: what this machine's scheduling alone costs
        Thread.sleep(3000);
        long baseline;
        synchronized (maxGap) {
            baseline = Arrays.stream(maxGap).max().orElse(0) / 1_000_000;
            Arrays.fill(maxGap, 0);
        }
        long drainAt = System.currentTimeMillis();
        draining.set(true);
        AdminClient.Reply r = admins.get(1).post("/api/v1/members/gw1/drain", null);
        assertEquals(202, r.status(), String.valueOf(r.body()));
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (admins.get(1).sasOwnedBy("gw1") > 0 && System.nanoTime() < end) {
            Thread.sleep(200);
        }
        assertEquals(0, admins.get(1).sasOwnedBy("gw1"), "gw1 drained");
        Thread.sleep(3000);
        pinger.interrupt();
        pinger.join();
        Thread.sleep(1000); // the last pings' answers
        long lost = sentInDrain.get() - answeredInDrain.get();
        List<Long> rtt;
        synchronized (roundTrips) {
            rtt = new ArrayList<>(roundTrips);
        }
        java.util.Collections.sort(rtt);
        double rttMedianMs = rtt.isEmpty() ? 0 : rtt.get(rtt.size() / 2) / 1e6;
        long[] gaps = new long[moving];
        long unmovedMax = 0;
        synchronized (maxGap) {
            for (int i = 0; i < gaps.length; i++) {
                gaps[i] = maxGap[i] / 1_000_000;
            }
            for (int i = moving; i < maxGap.length; i++) {
                unmovedMax = Math.max(unmovedMax, maxGap[i] / 1_000_000);
            }
        }
        long unmovedGap = unmovedMax;
        Arrays.sort(gaps);
        long target = Math.round(10 + rttMedianMs + 50);
        String report = "drain: traffic gap per SA (ms, pings every 10 ms) min " + gaps[0] + " median "
                + gaps[gaps.length / 2] + " max " + gaps[gaps.length - 1] + " " + Arrays.toString(gaps)
                + "; without a drain the largest gap was " + baseline + " ms; pings lost from the drain request on: "
                + lost + " of " + sentInDrain.get() + "; ping round trip in the drain median "
                + String.format("%.1f", rttMedianMs) + " ms, p99 "
                + (rtt.isEmpty() ? 0 : rtt.get(rtt.size() * 99 / 100) / 1_000_000) + " ms; SAs within one round trip + 50 ms of"
                + " the 10 ms ping interval: " + Arrays.stream(gaps).filter(g -> g <= target).count() + " of "
                + gaps.length + "; " + unmoved.size() + " SAs on gw2/gw3 that did not move, largest gap in the same time "
                + unmovedGap + " ms; moved SAs within the larger of the two: "
                + Arrays.stream(gaps).filter(g -> g <= Math.max(target, unmovedGap)).count() + " of " + gaps.length;
        System.out.println(report);
        StringBuilder when = new StringBuilder("drain: requested at " + java.time.Instant.ofEpochMilli(drainAt)
                + "; each watched SA's largest gap ended at (ms since the drain request)");
        for (int i = 0; i < maxGapEnd.length; i++) {
            when.append(i == moving ? "; SAs that did not move:" : "").append(' ').append(maxGapEnd[i] - drainAt)
                    .append('/').append(maxGap[i] / 1_000_000);
        }
        System.out.println(when);
        java.nio.file.Files.writeString(cluster.dir().resolve("drain-gaps.txt"), report);
        assertEquals(before, handshakes.get(), "zero re-authentications");
        for (int i = 0; i < sas.size(); i++) {
            IkeSa now = clients.get(i % 10).sa(sas.get(i).localSpi());
            assertEquals(sas.get(i).spiR(), now.spiR(), "the same IKE SA");
            assertNotEquals("127.0.0.1", now.remote().getAddress().getHostAddress(), "off gw1");
        }
        for (int i = 0; i < gaps.length; i++) {
            assertTrue(gaps[i] < 2000, "traffic resumed on every watched SA: " + Arrays.toString(gaps));
        }
        // the old member keeps the old Child SAs for the grace period and the client keeps sending
        // on them until the new member's Child SAs are in place on both sides (RFC 7296 §2.8): a
        // move loses no packet but those in flight when the old pair is deleted: fewer than one per
        // moved SA (switching at once to a pair the new member has not yet installed lost ~3 each)
        assertTrue(lost < moving, "pings lost in the drain: " + lost + " of " + sentInDrain.get());
    }

    @Test
    @Order(3)
    void rebalanceEvensOutWhenTheDrainedMemberComesBack() throws Exception {
        // a drained member takes no new clients until it restarts (e.g. after its upgrade)
        int[] drained = counts();
        assertEquals(0, drained[0], Arrays.toString(drained));
        cluster.restart(0);
        AdminClient.Reply r = admins.get(2).post("/api/v1/rebalance", null);
        assertEquals(202, r.status(), String.valueOf(r.body()));
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        int[] n = counts();
        while (System.nanoTime() < end && Arrays.stream(n).anyMatch(c -> Math.abs(c - CLIENTS / 3) > CLIENTS / 30)) {
            Thread.sleep(300);
            n = counts();
        }
        System.out.println("after rebalance: " + Arrays.toString(n));
        for (int c : n) {
            assertTrue(Math.abs(c - CLIENTS / 3) <= CLIENTS / 30, "within ±10%: " + Arrays.toString(n));
        }
    }

    @Test
    @Order(4)
    void clonesLiveOnTheOtherMembersWithTheirOwnChildSas() throws Exception {
        IkeClient c = client("127.0.2.1", 0);
        IkeSa original = c.connect().get(30, TimeUnit.SECONDS);
        String home = original.remote().getAddress().getHostAddress();
        Set<String> others = new HashSet<>(Set.of("127.0.0.1", "127.0.0.2", "127.0.0.3"));
        others.remove(home);
        List<IkeSa> clones = new ArrayList<>();
        for (int k = 0; k < 2; k++) {
            clones.add(c.cloneWithChild(original, List.of(TrafficSelector.ofAddress(addr("10.99.200." + (2 + k)))))
                    .get(30, TimeUnit.SECONDS));
        }
        // the gateway moves each clone to a member that holds none of the family, which re-creates the
        // clone's Child SA there: wait for that pair, not just for one pair (the old one, still on the
        // first member, is one pair too until the new member's rekey and delete are through)
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        Set<String> where = new HashSet<>();
        while (System.nanoTime() < end) {
            where.clear();
            for (IkeSa k : clones) {
                where.add(c.sa(k.localSpi()).remote().getAddress().getHostAddress());
            }
            if (where.equals(others) && clones.stream().allMatch(k -> childOnItsMember(c.sa(k.localSpi())))) {
                break;
            }
            Thread.sleep(100);
        }
        assertEquals(others, where, "clones on the two other members");
        for (int k = 0; k < 2; k++) {
            IkeSa now = c.sa(clones.get(k).localSpi());
            try {
                c.ping(now, addr("10.99.200." + (2 + k)), 1, 16).get(5, TimeUnit.SECONDS);
            } catch (java.util.concurrent.TimeoutException e) {
                for (IkeSa x : c.sas()) {
                    System.out.println("client SA " + x + " children " + x.children() + " clonedFrom " + x.clonedFrom());
                }
                for (int m = 0; m < 3; m++) {
                    System.out.println("gw" + (m + 1) + ": " + admins.get(m).get("/api/v1/sas/" + IkeSaHex.of(now.spiR())).body());
                }
                throw e;
            }
            String member = admins.get(0).get("/api/v1/sas/" + IkeSaHex.of(now.spiR())).body().get("member").asText();
            assertEquals("gw" + now.remote().getAddress().getHostAddress().substring("127.0.0.".length()), member);
        }
        // deleting one clone leaves the original and the other clone
        c.engine().delete(clones.get(0).localSpi());
        end = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (c.sa(clones.get(0).localSpi()) != null && System.nanoTime() < end) {
            Thread.sleep(50);
        }
        assertTrue(c.sa(clones.get(0).localSpi()) == null);
        assertTrue(c.ping(c.sa(clones.get(1).localSpi()), addr("10.99.200.3"), 2, 16).get(5, TimeUnit.SECONDS) != null);
        assertTrue(c.ping(c.sa(original.localSpi()), target, 3, 16).get(5, TimeUnit.SECONDS) != null);
    }

    @Test
    @Order(5)
    void theGatewayClonesAClientsSaOntoAnotherMember() throws Exception {
        IkeClient c = client("127.0.2.2", 0);
        IkeSa original = c.connect().get(30, TimeUnit.SECONDS);
        String home = original.remote().getAddress().getHostAddress();
        AdminClient.Reply r = admins.get(1).post("/api/v1/sas/" + IkeSaHex.of(original.spiR()) + "/clone", null);
        assertEquals(202, r.status(), String.valueOf(r.body()));
        IkeSa clone = null;
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (System.nanoTime() < end) {
            clone = c.sas().stream().filter(k -> k.clonedFrom() == original.localSpi()).findFirst().orElse(null);
            if (clone != null && !clone.remote().getAddress().getHostAddress().equals(home)
                    && clone.children().size() == 1) {
                break;
            }
            Thread.sleep(100);
        }
        assertTrue(clone != null, "the gateway's clone reached the client");
        String there = clone.remote().getAddress().getHostAddress();
        assertNotEquals(home, there, "the clone moved to another member");
        assertEquals(1, clone.children().size(), "the clone got its own Child SA there");
        // the client installs the clone's Child SA as the responder, before the gateway has it: a first
        // packet can meet a gateway that does not know it yet
        assertTrue(answered(c, clone, 1), "traffic through the clone");
        assertTrue(c.ping(c.sa(original.localSpi()), target, 2, 16).get(5, TimeUnit.SECONDS) != null,
                "and still through the original");
        // the gateway began the clone exchange, so it is the clone's original initiator: its SPI is SPIi
        assertTrue(!clone.originalInitiator(), "the client answered the clone exchange");
        String member = admins.get(0).get("/api/v1/sas/" + IkeSaHex.of(clone.spiI())).body().get("member").asText();
        assertEquals("gw" + there.substring("127.0.0.".length()), member);
        assertEquals(404, admins.get(0).post("/api/v1/sas/0123456789abcdef/clone", null).status());
    }

    @Test
    @Order(6)
    void aClientInTcpIsMovedAndReconnectsToTheNewMember() throws Exception {
        io.ikebana.client.ClientOptions u = GatewayTakeoverIT.options(new InetSocketAddress(GatewayCluster.host(1), 5500),
                InetAddress.getByName("127.0.2.3"));
        io.ikebana.client.ClientOptions o = new io.ikebana.client.ClientOptions(u.gateway(), u.bind(), u.id(), u.remoteId(),
                u.psk(), null, null, List.of(), u.gatewayAuth(), u.ike(), u.esp(), true, u.remoteTs(), u.timers(), false,
                io.ikebana.client.TcpOptions.tcp(5501));
        IkeClient c = new IkeClient(o, vertx);
        c.start().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        clients.add(c);
        IkeSa sa = c.connect().get(30, TimeUnit.SECONDS);
        assertTrue(sa.has(io.ikebana.ike.IkeExtension.TCP), "the SA runs in TCP");
        String home = sa.remote().getAddress().getHostAddress();
        int from = Integer.parseInt(home.substring("127.0.0.".length()));
        int to = from == 3 ? 1 : from + 1;
        assertTrue(c.ping(sa, target, 1, 64).get(5, TimeUnit.SECONDS) != null, "ESP in TCP before the move");
        AdminClient.Reply r = admins.get(0).post("/api/v1/sas/" + IkeSaHex.of(sa.spiR()) + "/move",
                "{\"member\":\"gw" + to + "\"}");
        assertEquals(202, r.status(), String.valueOf(r.body()));
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        IkeSa now = sa;
        while (System.nanoTime() < end) {
            now = c.sa(sa.localSpi());
            if (now.remote().getAddress().getHostAddress().equals("127.0.0." + to) && now.children().size() == 1
                    && !now.children().get(0).equals(sa.children().get(0))) {
                break;
            }
            Thread.sleep(100);
        }
        assertEquals("127.0.0." + to, now.remote().getAddress().getHostAddress(), "the client reconnected there");
        assertEquals(sa.spiR(), now.spiR(), "the same IKE SA");
        assertTrue(now.has(io.ikebana.ike.IkeExtension.TCP), "still in TCP");
        assertEquals("gw" + to, admins.get(0).get("/api/v1/sas/" + IkeSaHex.of(sa.spiR())).body().get("member").asText());
        IkeSa moved = now;
        long pingEnd = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
        boolean ok = false;
        for (int seq = 2; !ok && System.nanoTime() < pingEnd; seq++) {
            try {
                ok = c.ping(c.sa(moved.localSpi()), target, seq, 64).get(2, TimeUnit.SECONDS) != null;
            } catch (java.util.concurrent.TimeoutException e) {
                // the new Child SA is still on its way
            }
        }
        assertTrue(ok, "ESP in TCP through the new member");
    }

    /** SPIs in URLs: 16 hex digits. */
    /** A ping through {@code sa} answered within five tries of 2 s. */
    private boolean answered(IkeClient c, IkeSa sa, int seq) throws Exception {
        for (int i = 0; i < 5; i++) {
            try {
                if (c.ping(c.sa(sa.localSpi()), target, seq * 10 + i, 16).get(2, TimeUnit.SECONDS) != null) {
                    return true;
                }
            } catch (java.util.concurrent.TimeoutException e) {
                // lost: again
            }
        }
        return false;
    }

    /**
     * The client has one Child SA on {@code sa}, and it is the pair the member serving the SA
     * created (the gateway's record names that member for the Child SA and sends to our inbound SPI).
     */
    private boolean childOnItsMember(IkeSa sa) {
        if (sa.children().size() != 1) {
            return false;
        }
        String member = "gw" + sa.remote().getAddress().getHostAddress().substring("127.0.0.".length());
        JsonNode record = admins.get(0).get("/api/v1/sas/" + IkeSaHex.of(sa.spiR())).body();
        JsonNode children = record == null ? null : record.get("childSas");
        return children != null && children.size() == 1 && member.equals(children.get(0).path("member").asText())
                && String.format("%08x", sa.children().get(0).inboundSpi()).equals(children.get(0).path("outboundSpi").asText());
    }

    static final class IkeSaHex {
        static String of(long spi) {
            return String.format("%016x", spi);
        }
    }
}
