package io.ikebana.policy;

import java.math.BigInteger;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Address pools of a single node. IPv4 pools skip the network and broadcast addresses; a pool
 * holds at most 2^20 addresses (larger IPv6 prefixes are truncated to that many).
 */
public final class InMemoryAddressPools implements AddressPools {
    private static final int MAX = 1 << 20;

    private final Map<String, Pool> pools = new LinkedHashMap<>();

    private static final class Pool {
        final Cidr cidr;
        final int firstOffset;
        final int size;
        final BitSet used;
        final Map<InetAddress, String> owners = new HashMap<>();
        int next;

        Pool(Cidr cidr) {
            this.cidr = cidr;
            BigInteger total = cidr.size();
            boolean v4 = !cidr.isIpv6();
            int usable = total.min(BigInteger.valueOf(MAX + 2L)).intValue();
            if (v4 && usable > 2) {
                firstOffset = 1;
                size = Math.min(usable - 2, MAX);
            } else {
                firstOffset = cidr.isIpv6() ? 1 : 0;
                size = Math.max(1, Math.min(usable - firstOffset, MAX));
            }
            used = new BitSet(size);
        }
    }

    public InMemoryAddressPools(Map<String, Cidr> definitions) {
        definitions.forEach((n, c) -> pools.put(n, new Pool(c)));
    }

    @Override
    public synchronized InetAddress lease(String name, String owner, InetAddress preferred) {
        Pool p = pools.get(name);
        if (p == null) {
            return null;
        }
        if (preferred != null && p.cidr.contains(preferred)) {
            String holder = p.owners.get(preferred);
            if (owner.equals(holder)) {
                return preferred;
            }
            int idx = index(p, preferred);
            if (holder == null && idx >= 0 && idx < p.size) {
                take(p, idx, preferred, owner);
                return preferred;
            }
        }
        int idx = p.used.nextClearBit(p.next);
        if (idx >= p.size) {
            idx = p.used.nextClearBit(0);
            if (idx >= p.size) {
                return null;
            }
        }
        InetAddress a = p.cidr.at(BigInteger.valueOf(idx + (long) p.firstOffset));
        take(p, idx, a, owner);
        p.next = idx + 1;
        return a;
    }

    private static int index(Pool p, InetAddress a) {
        return new BigInteger(1, a.getAddress()).subtract(p.cidr.first()).intValue() - p.firstOffset;
    }

    private static void take(Pool p, int idx, InetAddress a, String owner) {
        p.used.set(idx);
        p.owners.put(a, owner);
    }

    @Override
    public synchronized void release(String name, InetAddress address, String owner) {
        Pool p = pools.get(name);
        if (p != null && owner.equals(p.owners.get(address))) {
            p.owners.remove(address);
            p.used.clear(index(p, address));
        }
    }

    @Override
    public synchronized boolean transfer(String name, InetAddress address, String from, String to) {
        Pool p = pools.get(name);
        if (p != null && from.equals(p.owners.get(address))) {
            p.owners.put(address, to);
            return true;
        }
        return false;
    }

    @Override
    public List<String> names() {
        return List.copyOf(pools.keySet());
    }

    @Override
    public boolean isIpv6(String name) {
        Pool p = pools.get(name);
        return p != null && p.cidr.isIpv6();
    }

    @Override
    public synchronized List<PoolUsage> usage() {
        List<PoolUsage> out = new ArrayList<>();
        pools.forEach((n, p) -> out.add(new PoolUsage(n, p.cidr.toString(), p.size, p.owners.size())));
        return out;
    }

    @Override
    public synchronized List<Lease> leases(String name) {
        Pool p = pools.get(name);
        List<Lease> out = new ArrayList<>();
        if (p != null) {
            p.owners.forEach((a, o) -> out.add(new Lease(name, a, o)));
        }
        return out;
    }
}
