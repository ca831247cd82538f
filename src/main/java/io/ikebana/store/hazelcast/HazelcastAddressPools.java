package io.ikebana.store.hazelcast;

import com.hazelcast.aggregation.Aggregators;
import com.hazelcast.map.IMap;
import com.hazelcast.query.Predicate;
import com.hazelcast.query.Predicates;
import io.ikebana.policy.AddressPools;
import io.ikebana.policy.Cidr;
import java.math.BigInteger;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

/**
 * Cluster-wide virtual IP pools (RFC 7296 §2.19): an {@code IMap<String, PoolLease>} keyed
 * {@code pool/address}; each lease, release and transfer is one entry processor ({@link PoolOp}),
 * so no address is ever leased to two owners. Pools have the same geometry as
 * {@link io.ikebana.policy.InMemoryAddressPools} (IPv4 skips network and broadcast, at most 2^20
 * addresses) and every member must define the same pools. To find a free address, each member
 * scans from its own cursor (starting at a random offset, so members rarely race for the same
 * address) in batches read with one {@code getAll}; a lost race just moves on. Leases are backed
 * up synchronously and survive a member's loss. The address at the cursor is tried first with the
 * lease operation alone (one round trip); only if it is taken is a batch read. Calls block:
 * worker threads only.
 */
public final class HazelcastAddressPools implements AddressPools {
    public static final String MAP = "ikebana-pool";
    private static final int MAX = 1 << 20;
    private static final int BATCH = 32;

    private static final class Range {
        final Cidr cidr;
        final int firstOffset;
        final int size;
        final AtomicInteger cursor;

        Range(Cidr cidr, int start) {
            this.cidr = cidr;
            BigInteger total = cidr.size();
            int usable = total.min(BigInteger.valueOf(MAX + 2L)).intValue();
            if (!cidr.isIpv6() && usable > 2) {
                firstOffset = 1;
                size = Math.min(usable - 2, MAX);
            } else {
                firstOffset = cidr.isIpv6() ? 1 : 0;
                size = Math.max(1, Math.min(usable - firstOffset, MAX));
            }
            cursor = new AtomicInteger(Math.floorMod(start, size));
        }

        InetAddress at(int idx) {
            return cidr.at(BigInteger.valueOf(idx + (long) firstOffset));
        }

        int index(InetAddress a) {
            if (!cidr.contains(a)) {
                return -1;
            }
            int i = new BigInteger(1, a.getAddress()).subtract(cidr.first()).intValue() - firstOffset;
            return i >= 0 && i < size ? i : -1;
        }
    }

    private final Supplier<IMap<String, PoolLease>> map;
    private final Map<String, Range> pools = new LinkedHashMap<>();
    private final Clock clock;
    private final long tombstoneMillis;

    public HazelcastAddressPools(Supplier<IMap<String, PoolLease>> map, Map<String, Cidr> definitions, Clock clock,
            SecureRandom random, Duration tombstone) {
        this.map = map;
        this.clock = clock;
        this.tombstoneMillis = tombstone.toMillis();
        definitions.forEach((n, c) -> pools.put(n, new Range(c, random.nextInt(Integer.MAX_VALUE))));
    }

    @Override
    public InetAddress lease(String pool, String owner, InetAddress preferred) {
        Range r = pools.get(pool);
        if (r == null) {
            return null;
        }
        if (preferred != null && r.index(preferred) >= 0 && tryLease(pool, preferred, owner)) {
            return preferred;
        }
        // the address at the cursor is usually free (the cursor moves past each lease): try it with
        // the lease operation alone, one round trip, before reading a batch (one per partition).
        // Each caller claims its own position, so that threads leasing at the same time do not
        // all try the same address and fall back to the batch read but the first
        int start = 0;
        for (int attempt = 0; attempt < 3; attempt++) {
            start = r.cursor.getAndUpdate(c -> (c + 1) % r.size);
            InetAddress next = r.at(start);
            if (tryLease(pool, next, owner)) {
                return next;
            }
        }
        for (int scanned = 0; scanned < r.size; scanned += BATCH) {
            List<Integer> idx = new ArrayList<>(BATCH);
            Map<String, InetAddress> keys = new LinkedHashMap<>();
            for (int i = 0; i < BATCH && scanned + i < r.size; i++) {
                int k = (start + scanned + i) % r.size;
                InetAddress a = r.at(k);
                idx.add(k);
                keys.put(PoolLease.key(pool, a.getHostAddress()), a);
            }
            Map<String, PoolLease> taken = HazelcastSaStore.call(() -> map.get().getAll(keys.keySet()));
            int j = 0;
            for (Map.Entry<String, InetAddress> e : keys.entrySet()) {
                PoolLease l = taken.get(e.getKey());
                int k = idx.get(j++);
                if ((l == null || !l.live()) && tryLease(pool, e.getValue(), owner)) {
                    r.cursor.set((k + 1) % r.size);
                    return e.getValue();
                }
            }
        }
        return null;
    }

    private boolean tryLease(String pool, InetAddress a, String owner) {
        String addr = a.getHostAddress();
        return HazelcastSaStore.call(() -> map.get().executeOnKey(PoolLease.key(pool, addr),
                new PoolOp(PoolOp.Kind.LEASE, pool, addr, owner, null, clock.millis(), 0)));
    }

    @Override
    public void release(String pool, InetAddress address, String owner) {
        if (!pools.containsKey(pool)) {
            return;
        }
        String addr = address.getHostAddress();
        HazelcastSaStore.call(() -> map.get().executeOnKey(PoolLease.key(pool, addr),
                new PoolOp(PoolOp.Kind.RELEASE, pool, addr, owner, null, clock.millis(), tombstoneMillis)));
    }

    @Override
    public boolean transfer(String pool, InetAddress address, String from, String to) {
        if (!pools.containsKey(pool)) {
            return false;
        }
        String addr = address.getHostAddress();
        return HazelcastSaStore.call(() -> map.get().executeOnKey(PoolLease.key(pool, addr),
                new PoolOp(PoolOp.Kind.TRANSFER, pool, addr, from, to, clock.millis(), 0)));
    }

    @Override
    public List<String> names() {
        return List.copyOf(pools.keySet());
    }

    @Override
    public boolean isIpv6(String pool) {
        Range r = pools.get(pool);
        return r != null && r.cidr.isIpv6();
    }

    @Override
    public List<PoolUsage> usage() {
        List<PoolUsage> out = new ArrayList<>();
        IMap<String, PoolLease> m = map.get();
        pools.forEach((n, r) -> {
            // all entries of the pool less its (few) released ones (no owner, PoolOp RELEASE), from
            // the indexes and counted where the entries are: no record read, no key sent
            long all = HazelcastSaStore.call(() -> m.aggregate(Aggregators.count(), Predicates.equal("pool", n)));
            long released = HazelcastSaStore.call(() -> m.aggregate(Aggregators.count(),
                    Predicates.and(Predicates.equal("pool", n), Predicates.equal("owner", ""))));
            out.add(new PoolUsage(n, r.cidr.toString(), r.size, (int) Math.max(0, all - released)));
        });
        return out;
    }

    @Override
    public List<Lease> leases(String pool) {
        if (!pools.containsKey(pool)) {
            return List.of();
        }
        List<Lease> out = new ArrayList<>();
        for (PoolLease l : HazelcastSaStore.call(() -> map.get().values(live(pool)))) {
            out.add(new Lease(pool, parse(l.address()), l.owner()));
        }
        return out;
    }

    /** Live leases held by any of {@code owners}, as (pool, address): for clean-up after a member loss. */
    public List<Lease> leasesOf(Set<String> owners) {
        List<Lease> out = new ArrayList<>();
        // a released address has no owner (PoolOp RELEASE): the owner index alone finds live leases
        String[] names = owners.stream().filter(o -> o != null && !o.isEmpty()).toArray(String[]::new);
        if (names.length == 0) {
            return out;
        }
        Predicate<String, PoolLease> p = Predicates.in("owner", names);
        for (PoolLease l : HazelcastSaStore.call(() -> map.get().values(p))) {
            out.add(new Lease(l.pool(), parse(l.address()), l.owner()));
        }
        return out;
    }

    private static Predicate<String, PoolLease> live(String pool) {
        return Predicates.and(Predicates.equal("pool", pool), Predicates.equal("deleted", false));
    }

    private static InetAddress parse(String literal) {
        try {
            return InetAddress.getByName(literal);
        } catch (UnknownHostException e) {
            throw new IllegalStateException("bad address in lease: " + literal, e);
        }
    }
}
