package io.ikebana.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.hazelcast.config.Config;
import io.ikebana.config.ConfigLoader;
import io.ikebana.config.GatewayConfig;
import io.ikebana.dos.MutableClock;
import io.ikebana.ike.IkeSa;
import io.ikebana.policy.Cidr;
import io.ikebana.store.SaStore.Checkout;
import io.ikebana.store.hazelcast.HazelcastAddressPools;
import io.ikebana.store.hazelcast.HazelcastSaStore;
import io.ikebana.store.hazelcast.SampleSas;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Membership, the member directory, member loss and takeover on in-JVM members. */
class ClusterNodeTest {

    @Test
    void memberLossIsReportedAndEachSaIsTakenOverByExactlyOneSurvivor() throws Exception {
        MutableClock clock = new MutableClock(1_800_000_000_000L);
        try (TestCluster c = new TestCluster(3, 2).start()) {
            List<HazelcastSaStore> stores = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                stores.add(c.store(i, clock));
            }
            HazelcastAddressPools pools = c.pools(0, Map.of("p", Cidr.parse("10.80.0.0/24")));
            Map<Long, String> owners = new HashMap<>();
            for (int i = 0; i < 60; i++) {
                IkeSa sa = SampleSas.typical(0x6000_0000_0000_0000L + i, "u" + i + "@ikebana.test", 300);
                sa.owner("");
                assertTrue(stores.get(i % 3).create(sa));
                owners.put(sa.localSpi(), sa.owner());
                assertNotNull(pools.lease("p", Long.toHexString(sa.localSpi()), null));
            }
            Set<Long> ofM3 = new HashSet<>(stores.get(0).ownedBy("m3"));
            assertEquals(20, ofM3.size());
            // m3 is in the middle of an exchange on one of its SAs when it dies
            long held = ofM3.iterator().next();
            assertInstanceOf(Checkout.Ok.class, stores.get(2).checkout(held));

            BlockingQueue<String> lost1 = new LinkedBlockingQueue<>();
            BlockingQueue<String> lost2 = new LinkedBlockingQueue<>();
            c.node(0).onMemberLost(lost1::add);
            c.node(1).onMemberLost(lost2::add);
            long t0 = System.nanoTime();
            c.node(2).hazelcast().getLifecycleService().terminate();
            assertEquals("m3", lost1.poll(20, TimeUnit.SECONDS));
            assertEquals("m3", lost2.poll(20, TimeUnit.SECONDS));
            System.out.printf("member loss seen after %d ms%n", (System.nanoTime() - t0) / 1_000_000);

            List<Set<Long>> mine = new ArrayList<>();
            for (int i = 0; i < 2; i++) {
                assertTrue(c.node(i).awaitPartitionsSafe(Duration.ofSeconds(20)));
                mine.add(new HashSet<>(stores.get(i).localOwnedBy("m3")));
            }
            Set<Long> both = new HashSet<>(mine.get(0));
            both.retainAll(mine.get(1));
            assertEquals(Set.of(), both, "no SA is listed for two survivors");
            Set<Long> union = new HashSet<>(mine.get(0));
            union.addAll(mine.get(1));
            assertEquals(ofM3, union, "every SA of the dead member is listed for one survivor");

            // the dead member's lease is ignored by a takeover, but not by a plain check-out
            int survivorOfHeld = mine.get(0).contains(held) ? 0 : 1;
            assertInstanceOf(Checkout.Busy.class, stores.get(1 - survivorOfHeld).checkout(held));
            for (int i = 0; i < 2; i++) {
                for (long spi : mine.get(i)) {
                    Checkout co = stores.get(i).checkoutForTakeover(spi, "m3");
                    IkeSa sa = assertInstanceOf(Checkout.Ok.class, co, "takeover of " + spi).sa();
                    assertEquals("m" + (i + 1), sa.owner());
                    assertEquals(300, sa.window().lastResponse().get(0).length);
                    // the other survivor cannot take it any more
                    assertInstanceOf(Checkout.Busy.class, stores.get(1 - i).checkoutForTakeover(spi, "m3"));
                    stores.get(i).checkin(sa);
                }
            }
            assertEquals(List.of(), stores.get(0).ownedBy("m3"));
            assertEquals(60, stores.get(1).size(), "no SA lost with the member");
            assertEquals(60, pools.leases("p").size(), "no lease lost with the member");
        }
    }

    @Test
    void memberDirectoryListsEveryoneAndForgetsTheDead() {
        try (TestCluster c = new TestCluster(2, 1).start()) {
            List<MemberDirectory> dirs = new ArrayList<>();
            for (int i = 0; i < 2; i++) {
                ClusterNode n = c.node(i);
                dirs.add(new MemberDirectory(n.memberMap(), n.memberName(), () -> List.of("192.0.2." + n.memberName()
                        .substring(1) + ":500"), () -> 7, Clock.systemUTC(), Duration.ofMillis(1000)).start());
            }
            awaitMembers(dirs.get(0), 2);
            MemberInfo m2 = dirs.get(0).get("m2");
            assertEquals(List.of("192.0.2.2:500"), m2.ikeAddresses());
            assertEquals(7, m2.saCount());
            assertTrue(m2.load() <= 1.0);
            // the metrics read the count the directory published instead of counting again
            assertEquals(7, dirs.get(1).lastSaCount());
            dirs.get(1).close();
            c.node(1).hazelcast().getLifecycleService().terminate();
            // the dead member's entry expires; the survivor keeps publishing its own
            long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
            while (!dirs.get(0).members().stream().map(MemberInfo::name).toList().equals(List.of("m1"))) {
                if (System.nanoTime() > end) {
                    throw new AssertionError("directory has " + dirs.get(0).members());
                }
                TestCluster.sleep(100);
            }
            dirs.get(0).close();
        }
    }

    @Test
    @SuppressWarnings("unchecked")
    void memberDirectoryAnswersFromItsLocalCopyAndHearsChangesAtOnce() {
        try (TestCluster c = new TestCluster(2, 1).start()) {
            // count the grid queries the directory makes: members() is read per IKE_SA_INIT
            java.util.concurrent.atomic.AtomicInteger queries = new java.util.concurrent.atomic.AtomicInteger();
            com.hazelcast.map.IMap<String, MemberInfo> real = c.node(0).memberMap();
            com.hazelcast.map.IMap<String, MemberInfo> counted = (com.hazelcast.map.IMap<String, MemberInfo>)
                    java.lang.reflect.Proxy.newProxyInstance(getClass().getClassLoader(),
                            new Class<?>[] {com.hazelcast.map.IMap.class}, (proxy, method, args) -> {
                                if (method.getName().equals("values") || method.getName().equals("entrySet")
                                        || method.getName().equals("keySet")) {
                                    queries.incrementAndGet();
                                }
                                try {
                                    return method.invoke(real, args);
                                } catch (java.lang.reflect.InvocationTargetException e) {
                                    throw e.getCause();
                                }
                            });
            // a long period: what changes within it reaches the copy through entry events
            Duration period = Duration.ofSeconds(30);
            MemberDirectory d1 = new MemberDirectory(counted, "m1", () -> List.of("192.0.2.1:500"), () -> 1,
                    Clock.systemUTC(), period).start();
            MemberDirectory d2 = new MemberDirectory(c.node(1).memberMap(), "m2", () -> List.of("192.0.2.2:500"),
                    () -> 2, Clock.systemUTC(), period).start();
            awaitMembers(d1, 2);
            int before = queries.get();
            for (int i = 0; i < 10_000; i++) {
                assertEquals(2, d1.members().size());
            }
            assertTrue(queries.get() - before <= 1, "grid queries for 10,000 reads: " + (queries.get() - before));
            assertEquals(2, d1.members().get(1).saCount());
            // a new publication and a withdrawal arrive long before the next full read
            c.node(1).memberMap().set("m2", new MemberInfo("m2", List.of("192.0.2.2:500"), 5, 0.1,
                    System.currentTimeMillis()));
            long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (d1.members().get(1).saCount() != 5) {
                assertTrue(System.nanoTime() < end, "update not heard: " + d1.members());
                TestCluster.sleep(20);
            }
            d2.withdraw();
            awaitMembers(d1, 1);
            assertEquals("m1", d1.members().get(0).name());
            // the full read repairs a copy that missed an event, and never revives a withdrawn member
            d1.refresh();
            assertEquals(List.of("m1"), d1.members().stream().map(MemberInfo::name).toList());
            // a member that withdraws is gone from its own copy at once, not when its event returns
            d1.withdraw();
            assertEquals(List.of(), d1.members());
            d2.close();
            d1.close();
        }
    }

    @Test
    void defaultRuntimeIsASingleEmbeddedMemberThatJoinsNobody() {
        GatewayConfig cfg = new ConfigLoader().loadEmbedded();
        long t0 = System.nanoTime();
        try (ClusterRuntime rt = ClusterRuntime.start(cfg, new SecureRandom())) {
            long ms = (System.nanoTime() - t0) / 1_000_000;
            System.out.println("default single-member runtime started in " + ms + " ms");
            assertTrue(rt.clustered());
            assertEquals(1, rt.node().hazelcast().getCluster().getMembers().size());
            assertFalse(rt.node().hazelcast().getConfig().getNetworkConfig().getJoin().getMulticastConfig().isEnabled());
            // Hazelcast's own metrics and map statistics: nobody reads them, they cost CPU per SA held
            assertFalse(rt.node().hazelcast().getConfig().getMetricsConfig().isEnabled());
            assertFalse(rt.node().hazelcast().getConfig().getMapConfig(HazelcastSaStore.MAP).isStatisticsEnabled());
            IkeSa sa = SampleSas.typical(0x77, "x@y", 300);
            assertTrue(rt.store().create(sa));
            assertInstanceOf(Checkout.Ok.class, rt.store().checkout(0x77));
            assertNotNull(rt.pools().lease("pool4", "77", null));
            assertEquals(List.of(), rt.takeoverCandidates("nobody", Duration.ofSeconds(1)));
            assertEquals(cfg.engine().member(), rt.members().get(0).name());
        }
    }

    @Test
    void shippedHazelcastConfigsLoad() {
        Path base = Path.of(System.getProperty("ikebana.basedir", "."));
        Config local = ClusterNode.baseConfig(base.resolve("cluster/hazelcast-local.yaml"), "127.0.0.2:5701");
        assertFalse(local.getNetworkConfig().getJoin().getMulticastConfig().isEnabled());
        assertEquals(3, local.getNetworkConfig().getJoin().getTcpIpConfig().getMembers().size());
        assertEquals(5701, local.getNetworkConfig().getPort());
        assertEquals("127.0.0.2", local.getProperty("hazelcast.local.localAddress"));
        assertEquals("1", local.getProperty("hazelcast.heartbeat.interval.seconds"));
        Config k8s = ClusterNode.baseConfig(base.resolve("cluster/hazelcast-kubernetes.yaml"), null);
        assertTrue(k8s.getNetworkConfig().getJoin().getKubernetesConfig().isEnabled());
        assertEquals("ikebana-hazelcast.ikebana.svc.cluster.local",
                k8s.getNetworkConfig().getJoin().getKubernetesConfig().getProperty("service-dns"));
        assertFalse(k8s.getNetworkConfig().getJoin().getMulticastConfig().isEnabled());
        Config applied = ClusterNode.apply(k8s, "gw-1", 2);
        assertEquals(1, applied.getMapConfig(HazelcastSaStore.MAP).getBackupCount());
        assertEquals(0, applied.getMapConfig(HazelcastSaStore.MAP).getAsyncBackupCount());
        assertEquals(null, applied.getMapConfig(HazelcastSaStore.MAP).getNearCacheConfig());
        // no deserialized copy of each record beside the binary one once an index query touched it
        // (INDEX_ONLY, Hazelcast's default: +816 B per SA record, docs/benchmarks.md)
        assertEquals(com.hazelcast.config.CacheDeserializedValues.NEVER,
                applied.getMapConfig(HazelcastSaStore.MAP).getCacheDeserializedValues());
        assertEquals(com.hazelcast.config.CacheDeserializedValues.NEVER,
                applied.getMapConfig(HazelcastAddressPools.MAP).getCacheDeserializedValues());
        assertEquals(ClusterNode.SPLIT_BRAIN_PROTECTION,
                applied.getMapConfig(HazelcastAddressPools.MAP).getSplitBrainProtectionName());
        assertFalse(local.getMetricsConfig().isEnabled());
        assertFalse(applied.getMetricsConfig().isEnabled());
        assertFalse(applied.getMapConfig(HazelcastSaStore.MAP).isStatisticsEnabled());
        // an operator who turns Hazelcast's metrics on (Management Center) gets the map statistics too
        Config watched = ClusterNode.baseConfig(base.resolve("cluster/hazelcast-kubernetes.yaml"), null);
        watched.getMetricsConfig().setEnabled(true);
        assertTrue(ClusterNode.apply(watched, "gw-1", 2).getMapConfig(HazelcastAddressPools.MAP).isStatisticsEnabled());
    }

    static void awaitMembers(MemberDirectory d, int n) {
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (d.members().size() != n) {
            if (System.nanoTime() > end) {
                throw new AssertionError("directory has " + d.members());
            }
            TestCluster.sleep(100);
        }
    }
}
