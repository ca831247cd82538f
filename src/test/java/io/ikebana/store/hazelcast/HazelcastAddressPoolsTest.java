package io.ikebana.store.hazelcast;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ikebana.cluster.TestCluster;
import io.ikebana.policy.AddressPools;
import io.ikebana.policy.Cidr;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Cluster-wide address pools on three in-JVM members. */
class HazelcastAddressPoolsTest {
    static final Map<String, Cidr> POOLS = Map.of("small", Cidr.parse("10.50.0.0/26"), "v6",
            Cidr.parse("fd00:50::/120"), "tiny", Cidr.parse("10.60.0.0/29"), "moves", Cidr.parse("10.70.0.0/24"));
    static TestCluster cluster;
    static List<HazelcastAddressPools> pools = new ArrayList<>();

    @BeforeAll
    static void up() {
        cluster = new TestCluster(3, 2).start();
        for (int i = 0; i < 3; i++) {
            pools.add(cluster.pools(i, POOLS));
        }
    }

    @AfterAll
    static void down() {
        cluster.close();
    }

    @Test
    void concurrentLeasingFromThreeMembersNeverLeasesAnAddressTwice() throws Exception {
        // /26 = 62 usable addresses; 3 members x 2 threads x 15 attempts = 90 > 62
        Map<InetAddress, String> got = new ConcurrentHashMap<>();
        List<String> duplicates = Collections.synchronizedList(new ArrayList<>());
        List<Integer> nulls = Collections.synchronizedList(new ArrayList<>());
        CountDownLatch go = new CountDownLatch(1);
        List<Thread> threads = new ArrayList<>();
        for (int m = 0; m < 3; m++) {
            for (int t = 0; t < 2; t++) {
                AddressPools p = pools.get(m);
                String who = "m" + m + "t" + t;
                Thread th = new Thread(() -> {
                    try {
                        go.await();
                    } catch (InterruptedException e) {
                        return;
                    }
                    for (int i = 0; i < 15; i++) {
                        String owner = who + "-" + i;
                        InetAddress a = p.lease("small", owner, null);
                        if (a == null) {
                            nulls.add(1);
                        } else if (got.putIfAbsent(a, owner) != null) {
                            duplicates.add(a + " " + owner);
                        }
                    }
                });
                th.start();
                threads.add(th);
            }
        }
        go.countDown();
        for (Thread t : threads) {
            t.join();
        }
        assertEquals(List.of(), duplicates);
        assertEquals(62, got.size());
        assertEquals(90 - 62, nulls.size());
        assertEquals(62, pools.get(1).leases("small").size());
        AddressPools.PoolUsage u = pools.get(2).usage().stream().filter(x -> x.name().equals("small")).findFirst()
                .orElseThrow();
        assertEquals(62, u.size());
        assertEquals(62, u.leased());
        Set<InetAddress> listed = new HashSet<>();
        for (AddressPools.Lease l : pools.get(0).leases("small")) {
            assertEquals(got.get(l.address()), l.owner());
            listed.add(l.address());
        }
        assertEquals(got.keySet(), listed);
        assertFalse(listed.contains(InetAddress.getByName("10.50.0.0")));
        assertFalse(listed.contains(InetAddress.getByName("10.50.0.63")));
    }

    @Test
    void preferredReleaseOnlyByOwnerAndReuse() throws Exception {
        InetAddress want = InetAddress.getByName("10.60.0.3");
        assertEquals(want, pools.get(0).lease("tiny", "spi-a", want));
        assertEquals(want, pools.get(1).lease("tiny", "spi-a", want), "already ours");
        InetAddress other = pools.get(1).lease("tiny", "spi-b", want);
        assertNotNull(other);
        assertFalse(other.equals(want));
        pools.get(2).release("tiny", want, "spi-b");
        assertTrue(pools.get(0).leases("tiny").stream().anyMatch(l -> l.address().equals(want)));
        pools.get(2).release("tiny", want, "spi-a");
        assertEquals(want, pools.get(1).lease("tiny", "spi-c", want));
    }

    @Test
    void usageAndOwnersLeaveReleasedAddressesOut() throws Exception {
        int before = leased(0, "moves");
        InetAddress a = pools.get(0).lease("moves", "count-x", null);
        InetAddress b = pools.get(1).lease("moves", "count-y", null);
        assertNotNull(a);
        assertNotNull(b);
        assertFalse(a.equals(b));
        assertEquals(before + 2, leased(2, "moves"));
        pools.get(2).release("moves", a, "count-x");
        assertEquals(before + 1, leased(0, "moves"));
        assertEquals(List.of(), pools.get(1).leasesOf(Set.of("count-x")));
        assertEquals(1, pools.get(1).leasesOf(Set.of("count-x", "count-y", "")).size());
        pools.get(1).release("moves", b, "count-y");
    }

    private static int leased(int member, String pool) {
        return pools.get(member).usage().stream().filter(x -> x.name().equals(pool)).findFirst().orElseThrow()
                .leased();
    }

    @Test
    void transferMovesTheLease() throws Exception {
        InetAddress a = pools.get(0).lease("moves", "old-spi", null);
        assertFalse(pools.get(1).transfer("moves", a, "someone-else", "new-spi"));
        assertTrue(pools.get(1).transfer("moves", a, "old-spi", "new-spi"));
        pools.get(2).release("moves", a, "old-spi");
        assertTrue(pools.get(0).leases("moves").stream().anyMatch(l -> l.address().equals(a)
                && l.owner().equals("new-spi")));
        assertEquals(1, pools.get(0).leasesOf(Set.of("new-spi")).size());
    }

    @Test
    void ipv6PoolAndUnknownPool() {
        InetAddress a = pools.get(0).lease("v6", "spi-6", null);
        assertNotNull(a);
        assertEquals(16, a.getAddress().length);
        assertTrue(pools.get(1).isIpv6("v6"));
        assertNull(pools.get(1).lease("nope", "x", null));
        assertEquals(Set.of("small", "v6", "tiny", "moves"), new HashSet<>(pools.get(2).names()));
    }
}
