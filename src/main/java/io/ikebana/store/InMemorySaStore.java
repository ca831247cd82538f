package io.ikebana.store;

import io.ikebana.ike.Identity;
import io.ikebana.ike.IkeSa;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Predicate;

/**
 * The store of a single node: SAs in a concurrent map, the lease a flag per entry. The checked
 * out object is the stored one, so a check-in is only the end of the lease.
 */
public final class InMemorySaStore implements SaStore {

    private static final class Entry {
        final IkeSa sa;
        boolean leased;

        Entry(IkeSa sa) {
            this.sa = sa;
        }
    }

    private final Map<Long, Entry> sas = new ConcurrentHashMap<>();
    private final Map<Identity, Set<Long>> byIdentity = new ConcurrentHashMap<>();

    @Override
    public boolean create(IkeSa sa) {
        Entry e = new Entry(sa);
        if (sas.putIfAbsent(sa.localSpi(), e) != null) {
            return false;
        }
        if (sa.remoteId() != null) {
            byIdentity.computeIfAbsent(sa.remoteId(), k -> ConcurrentHashMap.newKeySet()).add(sa.localSpi());
        }
        return true;
    }

    @Override
    public Checkout checkout(long localSpi) {
        Entry e = sas.get(localSpi);
        if (e == null) {
            return new Checkout.NotFound();
        }
        synchronized (e) {
            if (e.leased) {
                return new Checkout.Busy();
            }
            e.leased = true;
        }
        return new Checkout.Ok(e.sa);
    }

    @Override
    public void checkin(IkeSa sa) {
        release(sa);
    }

    @Override
    public void release(IkeSa sa) {
        Entry e = sas.get(sa.localSpi());
        if (e != null) {
            synchronized (e) {
                e.leased = false;
            }
        }
    }

    @Override
    public void checkinAndDestroy(IkeSa sa) {
        Entry e = sas.remove(sa.localSpi());
        if (e != null && sa.remoteId() != null) {
            Set<Long> s = byIdentity.get(sa.remoteId());
            if (s != null) {
                s.remove(sa.localSpi());
                if (s.isEmpty()) {
                    byIdentity.remove(sa.remoteId(), s);
                }
            }
        }
    }

    @Override
    public IkeSa peek(long localSpi) {
        Entry e = sas.get(localSpi);
        return e == null ? null : e.sa;
    }

    @Override
    public List<Long> findByRemoteIdentity(Identity id) {
        Set<Long> s = byIdentity.get(id);
        return s == null ? List.of() : List.copyOf(s);
    }

    @Override
    public List<IkeSa> list(Predicate<IkeSa> filter, int offset, int limit) {
        List<IkeSa> out = new ArrayList<>();
        int skipped = 0;
        for (Entry e : sas.values()) {
            if (filter.test(e.sa)) {
                if (skipped++ < offset) {
                    continue;
                }
                if (out.size() >= limit) {
                    break;
                }
                out.add(e.sa);
            }
        }
        return out;
    }

    @Override
    public int size() {
        return sas.size();
    }
}
