package io.ikebana.cluster;

import com.hazelcast.map.IMap;
import java.lang.management.ManagementFactory;
import java.lang.management.OperatingSystemMXBean;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
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

    /** Publishes now and then every period. */
    public MemberDirectory start() {
        timer.scheduleWithFixedDelay(this::publishQuietly, 0, period.toMillis(), TimeUnit.MILLISECONDS);
        return this;
    }

    /** Publishes this member's entry now. */
    public MemberInfo publish() {
        int sas = saCount.getAsInt();
        lastSaCount = sas;
        MemberInfo me = new MemberInfo(member, addresses.get(), sas, arriving.getAsInt(),
                redirectedIn.get(), processLoad(), clock.millis());
        map.set(member, me, period.toMillis() * 3, TimeUnit.MILLISECONDS);
        return me;
    }

    /**
     * This member's SA count as last counted for {@link #publish} (at most one period old), -1
     * before the first: the metrics read it rather than count the grid a second time.
     */
    public int lastSaCount() {
        return lastSaCount;
    }

    private void publishQuietly() {
        try {
            publish();
        } catch (RuntimeException e) {
            LOG.log(Level.FINE, "member directory update failed", e);
        }
    }

    /** All members that published recently, by name. */
    public List<MemberInfo> members() {
        List<MemberInfo> out = new ArrayList<>(map.values());
        out.sort(Comparator.comparing(MemberInfo::name));
        return out;
    }

    public MemberInfo get(String name) {
        return map.get(name);
    }

    /** Removes our entry at once (orderly shutdown or drain). */
    public void withdraw() {
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
    }
}
