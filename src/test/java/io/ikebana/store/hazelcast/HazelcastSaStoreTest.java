package io.ikebana.store.hazelcast;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.hazelcast.internal.serialization.Data;
import com.hazelcast.internal.serialization.SerializationService;
import com.hazelcast.map.IMap;
import com.hazelcast.spi.impl.SerializationServiceSupport;
import io.ikebana.cluster.TestCluster;
import io.ikebana.dos.MutableClock;
import io.ikebana.ike.Identity;
import io.ikebana.ike.IkeSa;
import io.ikebana.store.SaStore;
import io.ikebana.store.SaStore.Checkout;
import io.ikebana.store.SaStore.LeaseLostException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The SA store on three in-JVM members: leases, fencing, atomic destroy, keys. */
class HazelcastSaStoreTest {
    static TestCluster cluster;
    static final MutableClock CLOCK = new MutableClock(1_700_000_000_000L);
    static HazelcastSaStore s1;
    static HazelcastSaStore s2;
    static HazelcastSaStore s3;
    static long nextSpi = 0x5100_0000_0000_0000L;

    @BeforeAll
    static void up() {
        cluster = new TestCluster(3, 2).start();
        s1 = cluster.store(0, CLOCK);
        s2 = cluster.store(1, CLOCK);
        s3 = cluster.store(2, CLOCK);
    }

    @AfterAll
    static void down() {
        cluster.close();
    }

    static synchronized long spi() {
        return nextSpi++;
    }

    static IkeSa created(HazelcastSaStore s, String id) {
        IkeSa sa = SampleSas.typical(spi(), id, 300);
        sa.owner("");
        assertTrue(s.create(sa));
        assertEquals(s.member(), sa.owner());
        return sa;
    }

    @Test
    void createThenCheckoutOnAnotherMemberSeesTheSameSa() {
        IkeSa sa = created(s1, "alice@ikebana.test");
        Checkout c = s2.checkout(sa.localSpi());
        IkeSa got = assertInstanceOf(Checkout.Ok.class, c).sa();
        IkeSaCodecTest.assertSame(withVersion(sa, got.version()), got);
        s2.release(got);
    }

    @Test
    void duplicateCreateIsRefused() {
        IkeSa sa = created(s1, "dup@ikebana.test");
        IkeSa again = SampleSas.typical(sa.localSpi(), "other@ikebana.test", 100);
        assertFalse(s2.create(again));
        assertFalse(s1.create(sa));
        assertEquals("dup@ikebana.test", s3.peek(sa.localSpi()).remoteId().toString());
    }

    @Test
    void secondCheckoutIsBusyUntilCheckinAnywhere() {
        IkeSa sa = created(s1, "busy@ikebana.test");
        IkeSa a = ((Checkout.Ok) s1.checkout(sa.localSpi())).sa();
        assertInstanceOf(Checkout.Busy.class, s2.checkout(sa.localSpi()));
        assertInstanceOf(Checkout.Busy.class, s1.checkout(sa.localSpi()));
        a.window().expectedRequestId(9);
        s1.checkin(a);
        IkeSa b = ((Checkout.Ok) s3.checkout(sa.localSpi())).sa();
        assertEquals(9, b.window().expectedRequestId());
        assertEquals(a.version(), b.version());
        s3.release(b);
        assertInstanceOf(Checkout.NotFound.class, s2.checkout(0x7777L));
    }

    @Test
    void releaseEndsTheLeaseWithoutWriting() {
        IkeSa sa = created(s1, "rel@ikebana.test");
        IkeSa a = ((Checkout.Ok) s2.checkout(sa.localSpi())).sa();
        long v = a.version();
        a.window().expectedRequestId(77);
        s2.release(a);
        IkeSa b = ((Checkout.Ok) s3.checkout(sa.localSpi())).sa();
        assertEquals(2, b.window().expectedRequestId());
        assertEquals(v, b.version());
        s3.release(b);
    }

    @Test
    void expiredLeaseIsGrantedAgainAndTheStaleCheckinIsFenced() {
        IkeSa sa = created(s1, "fence@ikebana.test");
        IkeSa stale = ((Checkout.Ok) s1.checkout(sa.localSpi())).sa();
        CLOCK.advance(Duration.ofSeconds(4));
        assertInstanceOf(Checkout.Busy.class, s2.checkout(sa.localSpi()));
        CLOCK.advance(Duration.ofSeconds(2));
        IkeSa fresh = ((Checkout.Ok) s2.checkout(sa.localSpi())).sa();
        stale.window().expectedRequestId(1000);
        assertThrows(LeaseLostException.class, () -> s1.checkin(stale));
        assertThrows(LeaseLostException.class, () -> s1.checkinAndDestroy(stale));
        fresh.window().expectedRequestId(3);
        s2.checkin(fresh);
        IkeSa now = s3.peek(sa.localSpi());
        assertEquals(3, now.window().expectedRequestId());
        // a stale check-in after the new holder checked in is fenced by the version too
        assertThrows(LeaseLostException.class, () -> s1.checkin(stale));
        assertEquals(3, s1.peek(sa.localSpi()).window().expectedRequestId());
    }

    @Test
    void expiredButUntakenLeaseStillChecksIn() {
        IkeSa sa = created(s1, "slow@ikebana.test");
        IkeSa a = ((Checkout.Ok) s1.checkout(sa.localSpi())).sa();
        CLOCK.advance(Duration.ofSeconds(10));
        a.window().expectedRequestId(5);
        s1.checkin(a);
        assertEquals(5, s2.peek(sa.localSpi()).window().expectedRequestId());
    }

    @Test
    void checkinAndDestroyIsAtomicAgainstConcurrentCheckouts() throws Exception {
        for (int round = 0; round < 20; round++) {
            IkeSa sa = created(s1, "race@ikebana.test");
            IkeSa held = ((Checkout.Ok) s1.checkout(sa.localSpi())).sa();
            CountDownLatch go = new CountDownLatch(1);
            AtomicInteger oks = new AtomicInteger();
            List<Thread> threads = new ArrayList<>();
            for (HazelcastSaStore s : List.of(s2, s3)) {
                Thread t = new Thread(() -> {
                    try {
                        go.await();
                        for (int i = 0; i < 5; i++) {
                            if (s.checkout(sa.localSpi()) instanceof Checkout.Ok) {
                                oks.incrementAndGet();
                            }
                        }
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                });
                t.start();
                threads.add(t);
            }
            go.countDown();
            s1.checkinAndDestroy(held);
            for (Thread t : threads) {
                t.join();
            }
            assertEquals(0, oks.get(), "nobody may lease an SA that is leased and then destroyed");
            assertNull(s2.peek(sa.localSpi()));
            assertInstanceOf(Checkout.NotFound.class, s3.checkout(sa.localSpi()));
        }
    }

    @Test
    void destroyedSaLeavesATombstoneThatCountsAsAbsent() {
        IkeSa sa = created(s1, "gone@ikebana.test");
        int before = s2.size();
        IkeSa a = ((Checkout.Ok) s2.checkout(sa.localSpi())).sa();
        s2.checkinAndDestroy(a);
        assertEquals(before - 1, s3.size());
        SaRecord tomb = cluster.node(0).saMap().get(sa.localSpi());
        assertTrue(tomb.deleted());
        assertNull(tomb.blob());
        assertTrue(s1.findByRemoteIdentity(Identity.parse("gone@ikebana.test")).isEmpty());
        // the owner index alone (no check of "deleted") must not see the tombstone either
        assertFalse(s1.ownedBy("m1").contains(sa.localSpi()));
        assertFalse(s2.ownedBy("").contains(sa.localSpi()));
        // the SPI can be used again; the version keeps growing
        IkeSa again = SampleSas.typical(sa.localSpi(), "gone@ikebana.test", 10);
        assertTrue(s3.create(again));
        assertTrue(cluster.node(1).saMap().get(sa.localSpi()).version() > tomb.version());
    }

    @Test
    void findByRemoteIdentityAcrossMembers() {
        Identity dave = Identity.parse("dave@ikebana.test");
        IkeSa a = created(s1, "dave@ikebana.test");
        IkeSa b = created(s2, "dave@ikebana.test");
        IkeSa e = created(s3, "erin@ikebana.test");
        Set<Long> found = new HashSet<>(s3.findByRemoteIdentity(dave));
        assertEquals(Set.of(a.localSpi(), b.localSpi()), found);
        assertEquals(found, new HashSet<>(s1.findByRemoteIdentity(dave)));
        // several identities in one query (INITIAL_CONTACT batches)
        assertEquals(Set.of(a.localSpi(), b.localSpi(), e.localSpi()), new HashSet<>(s2.findByRemoteIdentities(
                List.of(dave, Identity.parse("erin@ikebana.test"), Identity.parse("nobody@ikebana.test")))));
        assertTrue(s2.findByRemoteIdentities(List.of()).isEmpty());
    }

    @Test
    void ownerFollowsTheCheckedInSa() {
        IkeSa sa = created(s1, "move@ikebana.test");
        assertEquals("m1", s2.peek(sa.localSpi()).owner());
        assertTrue(s3.ownedBy("m1").contains(sa.localSpi()));
        IkeSa a = ((Checkout.Ok) s2.checkout(sa.localSpi())).sa();
        a.owner("m2");
        s2.checkin(a);
        assertTrue(s1.ownedBy("m2").contains(sa.localSpi()));
        assertFalse(s1.ownedBy("m1").contains(sa.localSpi()));
    }

    @Test
    void countOwnedByCountsWhatOwnedByLists() {
        int m1 = s1.countOwnedBy("m1");
        assertEquals(s1.ownedBy("m1").size(), m1);
        IkeSa a = created(s1, "count-a@ikebana.test");
        created(s1, "count-b@ikebana.test");
        assertEquals(m1 + 2, s3.countOwnedBy("m1"));
        IkeSa moved = ((Checkout.Ok) s2.checkout(a.localSpi())).sa();
        moved.owner("m2");
        s2.checkin(moved);
        assertEquals(m1 + 1, s2.countOwnedBy("m1"));
        assertEquals(s2.ownedBy("m2").size(), s1.countOwnedBy("m2"));
        s2.checkinAndDestroy(((Checkout.Ok) s2.checkout(a.localSpi())).sa());
        assertEquals(s1.ownedBy("m2").size(), s1.countOwnedBy("m2"));
        assertEquals(0, s1.countOwnedBy(""), "tombstones have no owner and are not counted");
    }

    @Test
    void listAndSize() {
        IkeSa sa = created(s2, "list-me@ikebana.test");
        List<IkeSa> l = s3.list(x -> x.remoteId().toString().equals("list-me@ikebana.test"), 0, 10);
        assertEquals(1, l.size());
        assertEquals(sa.localSpi(), l.get(0).localSpi());
        assertTrue(s1.size() >= 1);
        assertEquals(s1.size(), s3.size());
    }

    @Test
    void noKeyBytesInTheGridInClear() {
        List<IkeSa> sas = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            sas.add(created(i % 2 == 0 ? s1 : s2, "secret" + i + "@ikebana.test"));
        }
        IkeSa upd = ((Checkout.Ok) s3.checkout(sas.get(0).localSpi())).sa();
        s3.checkin(upd);
        // every raw value of the map as it is stored (serialized), on every member
        List<byte[]> raw = new ArrayList<>();
        for (int m = 0; m < 3; m++) {
            IMap<Long, SaRecord> map = cluster.node(m).saMap();
            SerializationService ss = ((SerializationServiceSupport) cluster.node(m).hazelcast())
                    .getSerializationService();
            for (Long k : map.localKeySet()) {
                Data d = ss.toData(map.get(k));
                raw.add(d.toByteArray());
            }
        }
        assertTrue(raw.size() >= 5);
        for (IkeSa sa : sas) {
            for (byte[] key : SampleSas.keys(sa)) {
                byte[] probe = Arrays.copyOf(key, 12);
                for (byte[] r : raw) {
                    assertFalse(RawBytes.contains(r, probe), "SK_* bytes found in the grid in clear");
                }
            }
            byte[] id = sa.remoteId().data();
            for (byte[] r : raw) {
                assertFalse(RawBytes.contains(r, id), "remote identity in clear in the grid");
            }
        }
    }

    @Test
    void keyRotationReadsOldRecordsAndResealsOnCheckin() {
        IkeSa sa = created(s1, "rotate@ikebana.test");
        assertEquals(1, cluster.node(0).saMap().get(sa.localSpi()).keyId());
        HazelcastSaStore k2 = cluster.store(1, Map.of(1, TestCluster.KEY1, 2, TestCluster.KEY2), 2, CLOCK,
                Duration.ofSeconds(5));
        assertEquals(List.of(sa.localSpi()), k2.findByRemoteIdentity(Identity.parse("rotate@ikebana.test")));
        IkeSa a = ((Checkout.Ok) k2.checkout(sa.localSpi())).sa();
        k2.checkin(a);
        SaRecord r = cluster.node(2).saMap().get(sa.localSpi());
        assertEquals(2, r.keyId());
        assertEquals(List.of(sa.localSpi()), k2.findByRemoteIdentity(Identity.parse("rotate@ikebana.test")));
        assertNotNull(k2.peek(sa.localSpi()));
        // a member that has only key 1 cannot read it any more, and does not lease it
        assertNull(s3.peek(sa.localSpi()));
        assertInstanceOf(Checkout.Busy.class, s3.checkout(sa.localSpi()));
        assertFalse(cluster.node(0).saMap().get(sa.localSpi()).leasedAt(CLOCK.millis()));
    }

    @Test
    void memberWithWrongKeyCannotReadOrOverwriteAndSaysSoOnce() {
        IkeSa sa = created(s1, "wrongkey@ikebana.test");
        SaRecord before = cluster.node(0).saMap().get(sa.localSpi());
        List<LogRecord> logged = new ArrayList<>();
        Handler h = new Handler() {
            @Override
            public void publish(LogRecord r) {
                if (r.getLevel() == Level.SEVERE) {
                    logged.add(r);
                }
            }

            @Override
            public void flush() {
            }

            @Override
            public void close() {
            }
        };
        Logger log = Logger.getLogger(HazelcastSaStore.class.getName());
        log.addHandler(h);
        try {
            // same key id 1, other bytes: the key check marks it, nothing is leased or written
            HazelcastSaStore wrong = cluster.store(2, Map.of(1, TestCluster.KEY2), 1, CLOCK, Duration.ofSeconds(5));
            for (int i = 0; i < 50; i++) {
                assertInstanceOf(Checkout.Busy.class, wrong.checkout(sa.localSpi()));
                assertNull(wrong.peek(sa.localSpi()));
            }
            assertThrows(SaStore.UnavailableException.class,
                    () -> wrong.create(SampleSas.typical(spi(), "x@y", 10)));
            SaRecord after = cluster.node(1).saMap().get(sa.localSpi());
            assertEquals(before.version(), after.version());
            assertTrue(Arrays.equals(before.blob(), after.blob()));
            assertFalse(after.leasedAt(CLOCK.millis()));
            assertTrue(wrong.keyProblems() >= 100);
            long lines = logged.stream().filter(r -> r.getMessage().contains("cannot open SA records")).count();
            assertEquals(1, lines, "one loud line per period, not one per packet");
            assertTrue(logged.stream().anyMatch(r -> r.getMessage().contains("check cluster.keys")));

            // a right key id but a key the check cannot catch (published by nobody else): tag mismatch
            HazelcastSaStore unknownId = cluster.store(2, Map.of(9, TestCluster.KEY2), 9, CLOCK, Duration.ofSeconds(5));
            assertInstanceOf(Checkout.Busy.class, unknownId.checkout(sa.localSpi()));
            assertEquals(before.version(), cluster.node(0).saMap().get(sa.localSpi()).version());
            // the right member still works
            IkeSa ok = ((Checkout.Ok) s2.checkout(sa.localSpi())).sa();
            s2.checkin(ok);
        } finally {
            log.removeHandler(h);
        }
    }

    @Test
    void decryptFailureWithUncheckedKeyReleasesTheLease() {
        IkeSa sa = created(s1, "tag@ikebana.test");
        // key id 1 with other bytes, and a key check that knows no conflict (e.g. its map was lost)
        RecordCipher wrongCipher = new RecordCipher(Map.of(1, TestCluster.KEY2), 1, new java.security.SecureRandom());
        KeyCheck blind = new KeyCheck(cluster.node(2).hazelcast().getMap("ikebana-test-blind"), wrongCipher);
        HazelcastSaStore wrong = new HazelcastSaStore(cluster.node(2)::saMap, wrongCipher, blind, "m3", CLOCK,
                new java.security.SecureRandom(), Duration.ofSeconds(5), Duration.ofMinutes(1));
        assertInstanceOf(Checkout.Busy.class, wrong.checkout(sa.localSpi()));
        SaRecord r = cluster.node(0).saMap().get(sa.localSpi());
        assertFalse(r.leasedAt(CLOCK.millis()), "the lease taken before the failed decryption is released");
        assertInstanceOf(Checkout.Ok.class, s2.checkout(sa.localSpi()));
    }

    static IkeSa withVersion(IkeSa sa, long v) {
        sa.version(v);
        return sa;
    }
}
