package io.ikebana.metrics;

import io.ikebana.ike.IkeSa;
import io.ikebana.ike.IkeSaState;
import io.ikebana.policy.AddressPools;
import io.ikebana.store.SaStore;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.IntSupplier;

/**
 * Gauges that would be expensive to compute on every scrape (SAs by state, pool usage, cluster
 * size) hold the last sample; {@link #sample()} refreshes them and may block (store and pools may
 * be remote): call it on a worker, every few seconds, never on an event loop. The half-open count
 * is read live: it is the size of a concurrent map.
 *
 * <pre>
 * ikebana_ike_sas{state}                IKE SAs owned by this member, by state (sampled, see {@link Census})
 * ikebana_ike_half_open                 half-open IKE SAs on this node (live)
 * ikebana_store_sas                     IKE SAs in the store (cluster-wide for a shared store; sampled)
 * ikebana_pool_addresses{family}        addresses in the pools (sampled)
 * ikebana_pool_leased{family}           addresses leased (sampled)
 * ikebana_pool_usage_max_ratio          leased/size of the fullest pool (sampled)
 * ikebana_cluster_members               members seen by this node (sampled)
 * ikebana_cluster_ready                 1 when this node reports ready (sampled)
 * ikebana_metrics_sample_timestamp_seconds  when the sampled gauges were last refreshed
 * </pre>
 */
public final class StateSampler {

    /** Address family of a pool; a metric label. */
    public enum Family { IPV4, IPV6 }

    /** Counts this member's IKE SAs by state; may block. */
    @FunctionalInterface
    public interface Census {
        Map<IkeSaState, Long> byState();

        /** Reads every SA (no copies for a local store): exact states. For stores held in memory. */
        static Census scan(SaStore store, String member) {
            return () -> {
                Map<IkeSaState, long[]> counts = new EnumMap<>(IkeSaState.class);
                for (IkeSaState s : IkeSaState.values()) {
                    counts.put(s, new long[1]);
                }
                // the predicate counts and keeps nothing: one pass
                store.list((IkeSa sa) -> {
                    if (member.equals(sa.owner())) {
                        counts.get(sa.state())[0]++;
                    }
                    return false;
                }, 0, 1);
                Map<IkeSaState, Long> out = new EnumMap<>(IkeSaState.class);
                counts.forEach((s, c) -> out.put(s, c[0]));
                return out;
            };
        }

        /**
         * Only counts the SAs this member owns (an index query, no record decrypted): all are
         * reported as established, the other states lasting seconds. For a shared store whose
         * records are encrypted.
         */
        static Census owned(java.util.function.LongSupplier ownedCount) {
            return () -> {
                Map<IkeSaState, Long> out = new EnumMap<>(IkeSaState.class);
                for (IkeSaState s : IkeSaState.values()) {
                    out.put(s, 0L);
                }
                out.put(IkeSaState.ESTABLISHED, ownedCount.getAsLong());
                return out;
            };
        }
    }

    private final Census census;
    private final SaStore store;
    private final AddressPools pools;
    private final Map<IkeSaState, AtomicLong> byState = new EnumMap<>(IkeSaState.class);
    private final AtomicLong stored = new AtomicLong();
    private final Map<Family, AtomicLong> poolSize = new EnumMap<>(Family.class);
    private final Map<Family, AtomicLong> poolLeased = new EnumMap<>(Family.class);
    private final AtomicLong maxRatioMillis = new AtomicLong();
    private final AtomicLong members = new AtomicLong();
    private final AtomicLong ready = new AtomicLong();
    private final AtomicLong sampledAt = new AtomicLong();

    public StateSampler(MeterRegistry registry, Census census, SaStore store, AddressPools pools,
            IntSupplier halfOpen) {
        this.census = census;
        this.store = store;
        this.pools = pools;
        for (IkeSaState s : IkeSaState.values()) {
            AtomicLong v = new AtomicLong();
            byState.put(s, v);
            Gauge.builder("ikebana_ike_sas", v, AtomicLong::get).description("IKE SAs owned by this member, by state")
                    .tag("state", s.name().toLowerCase(Locale.ROOT)).register(registry);
        }
        Gauge.builder("ikebana_ike_half_open", halfOpen, s -> s.getAsInt())
                .description("half-open IKE SAs (after IKE_SA_INIT, before IKE_AUTH) on this node").register(registry);
        Gauge.builder("ikebana_store_sas", stored, AtomicLong::get)
                .description("IKE SAs in the SA store").register(registry);
        for (Family f : Family.values()) {
            AtomicLong size = new AtomicLong();
            AtomicLong leased = new AtomicLong();
            poolSize.put(f, size);
            poolLeased.put(f, leased);
            String fl = f.name().toLowerCase(Locale.ROOT);
            Gauge.builder("ikebana_pool_addresses", size, AtomicLong::get)
                    .description("virtual IP addresses in the pools").tag("family", fl).register(registry);
            Gauge.builder("ikebana_pool_leased", leased, AtomicLong::get)
                    .description("virtual IP addresses leased").tag("family", fl).register(registry);
        }
        Gauge.builder("ikebana_pool_usage_max_ratio", maxRatioMillis, v -> v.get() / 1_000_000.0)
                .description("leased/size of the fullest pool (0..1)").register(registry);
        Gauge.builder("ikebana_cluster_members", members, AtomicLong::get)
                .description("cluster members seen by this node").register(registry);
        Gauge.builder("ikebana_cluster_ready", ready, AtomicLong::get)
                .description("1 when this node is ready to serve (readiness)").register(registry);
        Gauge.builder("ikebana_metrics_sample_timestamp_seconds", sampledAt, v -> v.get() / 1000.0)
                .description("when the sampled gauges were last refreshed").register(registry);
    }

    /** Refreshes SA and pool gauges. Blocking; not on an event loop. */
    public void sample() {
        census.byState().forEach((s, n) -> byState.get(s).set(n));
        stored.set(store.size());

        Map<Family, long[]> size = new EnumMap<>(Family.class);
        Map<Family, long[]> leased = new EnumMap<>(Family.class);
        for (Family f : Family.values()) {
            size.put(f, new long[1]);
            leased.put(f, new long[1]);
        }
        double max = 0;
        for (AddressPools.PoolUsage u : pools.usage()) {
            Family f = pools.isIpv6(u.name()) ? Family.IPV6 : Family.IPV4;
            size.get(f)[0] += u.size();
            leased.get(f)[0] += u.leased();
            if (u.size() > 0) {
                max = Math.max(max, (double) u.leased() / u.size());
            }
        }
        for (Family f : Family.values()) {
            poolSize.get(f).set(size.get(f)[0]);
            poolLeased.get(f).set(leased.get(f)[0]);
        }
        maxRatioMillis.set(Math.round(max * 1_000_000));
        sampledAt.set(System.currentTimeMillis());
    }

    public void cluster(int memberCount, boolean isReady) {
        members.set(memberCount);
        ready.set(isReady ? 1 : 0);
    }
}
