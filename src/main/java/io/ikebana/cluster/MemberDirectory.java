package io.ikebana.cluster;

import com.hazelcast.core.EntryEvent;
import com.hazelcast.map.IMap;
import com.hazelcast.map.listener.EntryAddedListener;
import com.hazelcast.map.listener.EntryEvictedListener;
import com.hazelcast.map.listener.EntryExpiredListener;
import com.hazelcast.map.listener.EntryRemovedListener;
import com.hazelcast.map.listener.EntryUpdatedListener;
import java.lang.management.ManagementFactory;
import java.lang.management.OperatingSystemMXBean;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.IntSupplier;
import java.util.function.Supplier;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Every member's {@link MemberInfo}, in a map whose entries expire unless refreshed: each member
 * publishes its own every {@code period} with a time-to-live of three periods, so a dead member
 * drops out by itself. All members can list everyone (for redirect targets and the admin API).
 *
 * <p>Once started, {@link #members()} reads a member-local copy: the map's entry events keep it
 * current, a full read every period repairs what an event missed (a split, a listener
 * registered late), and an entry nobody refreshed for three periods is left out, as the map's
 * own time-to-live would. Reading the map itself is a query over every partition, too costly
 * for each IKE_SA_INIT's placement.
 */
public final class MemberDirectory implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger(MemberDirectory.class.getName());
    public static final String MAP = "ikebana-members";

    private final IMap<String, MemberInfo> map;
    private final String member;
    private final Supplier<List<String>> addresses;
    private final IntSupplier saCount;
    private volatile IntSupplier arriving = () -> 0;
    private volatile Supplier<Map<String, Long>> redirectedIn = Map::of;
    private final Clock clock;
    private final Duration period;
    private final ScheduledExecutorService timer;
    private volatile int lastSaCount = -1;
    /** The directory as this member last heard of it, by member name. */
    private final Map<String, Heard> heard = new ConcurrentHashMap<>();
    /** When ({@link System#nanoTime()}) a member's entry was last heard removed, until it publishes again. */
    private final Map<String, Long> gone = new ConcurrentHashMap<>();
    private volatile UUID listener;

    /** An entry and when ({@link System#nanoTime()}) this member last heard it was published. */
    private record Heard(MemberInfo info, long atNanos) {
    }

    public MemberDirectory(IMap<String, MemberInfo> map, String member, Supplier<List<String>> ikeAddresses,
            IntSupplier saCount, Clock clock, Duration period) {
        this.map = map;
        this.member = member;
        this.addresses = ikeAddresses;
        this.saCount = saCount;
        this.clock = clock;
        this.period = period;
        this.timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "ikebana-member-directory");
            t.setDaemon(true);
            return t;
        });
    }

    /**
     * What {@link MemberInfo#arriving()} and {@link MemberInfo#redirectedIn()} publish: clients
     * whose IKE_SA_INIT is queued or half open here, and clients other members redirected here.
     */
    public void arrivals(IntSupplier arriving, Supplier<Map<String, Long>> redirectedIn) {
        this.arriving = arriving;
        this.redirectedIn = redirectedIn;
    }

    /** Listens to the map, then publishes and reads the whole directory now and every period. */
    public MemberDirectory start() {
        listener = map.addEntryListener(new Events(), true);
        timer.scheduleWithFixedDelay(() -> {
            quietly("update", this::publish);
            quietly("read", this::refresh);
        }, 0, period.toMillis(), TimeUnit.MILLISECONDS);
        return this;
    }

    /** Publishes this member's entry now. */
    public MemberInfo publish() {
        int sas = saCount.getAsInt();
        lastSaCount = sas;
        MemberInfo me = new MemberInfo(member, addresses.get(), sas, arriving.getAsInt(),
                redirectedIn.get(), processLoad(), clock.millis());
        map.set(member, me, period.toMillis() * 3, TimeUnit.MILLISECONDS);
        gone.remove(member);
        heard.put(member, new Heard(me, System.nanoTime()));
        return me;
    }

    /**
     * Replaces the local copy with the map's entries: drops those the map no longer has (unless
     * heard of since this read began) and takes those it had missed (unless heard removed since
     * this read began). An entry it already holds keeps its time, so a read never prolongs the
     * life of a member that stopped publishing.
     */
    void refresh() {
        long began = System.nanoTime();
        Map<String, MemberInfo> now = new HashMap<>();
        for (MemberInfo m : map.values()) {
            now.put(m.name(), m);
        }
        heard.entrySet().removeIf(e -> !now.containsKey(e.getKey()) && e.getValue().atNanos() - began < 0);
        now.forEach((name, m) -> {
            Long removed = gone.get(name);
            if (removed == null || removed - began < 0) {
                heard.merge(name, new Heard(m, began),
                        (old, read) -> old.info().updatedMillis() >= m.updatedMillis() ? old : read);
            }
        });
    }

    private void forget(String name) {
        gone.put(name, System.nanoTime());
        heard.remove(name);
    }

    /** Runs a periodic step; a failure (no quorum, shutting down) waits for the next period. */
    private static void quietly(String what, Runnable step) {
        try {
            step.run();
        } catch (RuntimeException e) {
            LOG.log(Level.FINE, "member directory " + what + " failed", e);
        }
    }

    /**
     * This member's SA count as last counted for {@link #publish} (at most one period old), -1
     * before the first: the metrics read it rather than count the grid a second time.
     */
    public int lastSaCount() {
        return lastSaCount;
    }

    /** All members that published recently, by name. */
    public List<MemberInfo> members() {
        List<MemberInfo> out;
        if (listener == null) {
            out = new ArrayList<>(map.values());
        } else {
            long horizon = System.nanoTime() - period.toNanos() * 3;
            out = new ArrayList<>(heard.size());
            for (Heard h : heard.values()) {
                if (h.atNanos() - horizon > 0) {
                    out.add(h.info());
                }
            }
        }
        out.sort(Comparator.comparing(MemberInfo::name));
        return out;
    }

    public MemberInfo get(String name) {
        return map.get(name);
    }

    /** Removes our entry at once (orderly shutdown or drain). */
    public void withdraw() {
        forget(member);
        try {
            map.delete(member);
        } catch (RuntimeException e) {
            LOG.log(Level.FINE, "member directory withdraw failed", e);
        }
    }

    static double processLoad() {
        OperatingSystemMXBean os = ManagementFactory.getOperatingSystemMXBean();
        if (os instanceof com.sun.management.OperatingSystemMXBean sun) {
            double l = sun.getProcessCpuLoad();
            return l < 0 ? -1 : l;
        }
        return -1;
    }

    @Override
    public void close() {
        timer.shutdownNow();
        UUID l = listener;
        if (l != null) {
            try {
                map.removeEntryListener(l);
            } catch (RuntimeException e) {
                LOG.log(Level.FINE, "member directory listener not removed (member shutting down)", e);
            }
        }
    }

    /** Keeps {@link #heard} current between two full reads. */
    private final class Events implements EntryAddedListener<String, MemberInfo>,
            EntryUpdatedListener<String, MemberInfo>, EntryRemovedListener<String, MemberInfo>,
            EntryExpiredListener<String, MemberInfo>, EntryEvictedListener<String, MemberInfo> {
        @Override
        public void entryAdded(EntryEvent<String, MemberInfo> e) {
            published(e);
        }

        @Override
        public void entryUpdated(EntryEvent<String, MemberInfo> e) {
            published(e);
        }

        @Override
        public void entryRemoved(EntryEvent<String, MemberInfo> e) {
            forget(e.getKey());
        }

        @Override
        public void entryExpired(EntryEvent<String, MemberInfo> e) {
            forget(e.getKey());
        }

        @Override
        public void entryEvicted(EntryEvent<String, MemberInfo> e) {
            forget(e.getKey());
        }

        private void published(EntryEvent<String, MemberInfo> e) {
            MemberInfo m = e.getValue();
            if (m != null) {
                gone.remove(e.getKey());
                heard.put(e.getKey(), new Heard(m, System.nanoTime()));
            }
        }
    }
}
