package io.ikebana.cluster;

import com.hazelcast.config.Config;
import io.ikebana.config.GatewayConfig;
import io.ikebana.crypto.Secret;
import io.ikebana.policy.AddressPools;
import io.ikebana.policy.InMemoryAddressPools;
import io.ikebana.store.InMemorySaStore;
import io.ikebana.store.SaStore;
import io.ikebana.store.hazelcast.HazelcastAddressPools;
import io.ikebana.store.hazelcast.HazelcastSaStore;
import io.ikebana.store.hazelcast.KeyCheck;
import io.ikebana.store.hazelcast.LoudLog;
import io.ikebana.store.hazelcast.RecordCipher;
import java.net.InetAddress;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.logging.Logger;

/**
 * What a gateway node gets from the cluster: the SA store, the address pools, the member
 * directory and member-loss events. {@link #start} always runs an embedded Hazelcast member:
 * with {@code cluster.hazelcast} and {@code cluster.keys} it joins the configured cluster; with
 * neither it is a single member on 127.0.0.1 that joins nobody, its records sealed under a random
 * key that never leaves the process. {@link #inMemory} is the plain single-node store for unit
 * tests and embedding.
 */
public final class ClusterRuntime implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger(ClusterRuntime.class.getName());

    /** Defaults: how long a check-out holds, how long deletions are remembered for merges. */
    public static final Duration LEASE = Duration.ofSeconds(5);
    public static final Duration TOMBSTONE = Duration.ofHours(1);
    public static final Duration DIRECTORY_PERIOD = Duration.ofSeconds(5);

    private final String member;
    private final SaStore store;
    private final AddressPools pools;
    private final ClusterNode node;
    private final MemberDirectory directory;
    private final KeyCheck keyCheck;
    private final ScheduledExecutorService timer;

    private ClusterRuntime(String member, SaStore store, AddressPools pools, ClusterNode node,
            MemberDirectory directory, KeyCheck keyCheck, ScheduledExecutorService timer) {
        this.member = member;
        this.store = store;
        this.pools = pools;
        this.node = node;
        this.directory = directory;
        this.keyCheck = keyCheck;
        this.timer = timer;
    }

    /**
     * One node on its own (configuration {@code cluster.enabled: false}): the in-process store and
     * pools, no Hazelcast member; logged, since a restart of this node loses every SA it holds.
     */
    public static ClusterRuntime standalone(GatewayConfig config) {
        LOG.info(() -> "cluster.enabled: false: member " + config.engine().member()
                + " runs alone, IKE SAs and address leases in process memory (no Hazelcast; a restart loses them)");
        return inMemory(config);
    }

    /** The plain in-process store and pools (no Hazelcast): unit tests and {@link #standalone}. */
    public static ClusterRuntime inMemory(GatewayConfig config) {
        return new ClusterRuntime(config.engine().member(), new InMemorySaStore(),
                new InMemoryAddressPools(config.pools()), null, null, null, null);
    }

    /** Starts the embedded Hazelcast member and the stores on it (see the class comment). */
    public static ClusterRuntime start(GatewayConfig config, SecureRandom random) {
        GatewayConfig.Cluster cl = config.cluster();
        Map<Integer, Secret> keys = cl.keys();
        int current = cl.currentKey();
        if (keys.isEmpty()) {
            if (cl.hazelcastConfig() != null) {
                throw new IllegalArgumentException("cluster.keys: at least one key is required with cluster.hazelcast"
                        + " (SA records are encrypted under it)");
            }
            byte[] k = new byte[32];
            random.nextBytes(k);
            keys = Map.of(0, Secret.wrap(k));
            current = 0;
        }
        Config hc = ClusterNode.baseConfig(cl.hazelcastConfig(), cl.memberAddress());
        return start(hc, config.engine().member(), cl.minimumClusterSize(), keys, current, config.pools(),
                publicIkeAddresses(config), random, LEASE);
    }

    /** Starts with an explicit Hazelcast configuration (tests, tools). */
    public static ClusterRuntime start(Config hazelcast, String member, int minimumClusterSize,
            Map<Integer, Secret> keys, int currentKey, Map<String, io.ikebana.policy.Cidr> poolDefinitions,
            List<String> ikeAddresses, SecureRandom random, Duration lease) {
        ClusterNode node = ClusterNode.start(hazelcast, member, minimumClusterSize);
        try {
            Clock clock = node.clock();
            RecordCipher cipher = new RecordCipher(keys, currentKey, random);
            KeyCheck keyCheck = new KeyCheck(node.keyCheckMap(), cipher);
            HazelcastSaStore store = new HazelcastSaStore(node::saMap, cipher, keyCheck, member, clock, random, lease,
                    TOMBSTONE);
            HazelcastAddressPools pools = new HazelcastAddressPools(node::poolMap, poolDefinitions, clock, random,
                    TOMBSTONE);
            MemberDirectory dir = new MemberDirectory(node.memberMap(), member, () -> ikeAddresses,
                    () -> store.countOwnedBy(member), clock, DIRECTORY_PERIOD).start();
            ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
                Thread t = new Thread(r, "ikebana-key-check");
                t.setDaemon(true);
                return t;
            });
            LoudLog loud = new LoudLog(LOG, Clock.systemUTC(), Duration.ofMinutes(5));
            Runnable check = () -> {
                try {
                    Set<Integer> bad = keyCheck.refresh();
                    if (!bad.isEmpty()) {
                        loud.problem("cluster key conflict", () -> "member " + member + ": cluster key(s) " + bad
                                + " differ from the keys other members use under the same id; this member cannot"
                                + " read or write SAs sealed with them (check cluster.keys on every member)");
                    }
                } catch (RuntimeException e) {
                    LOG.fine(() -> "key check failed: " + e);
                }
            };
            check.run();
            timer.scheduleWithFixedDelay(check, 30, 30, TimeUnit.SECONDS);
            return new ClusterRuntime(member, store, pools, node, dir, keyCheck, timer);
        } catch (RuntimeException e) {
            node.close();
            throw e;
        }
    }

    private static List<String> publicIkeAddresses(GatewayConfig config) {
        GatewayConfig.Listen l = config.listen();
        List<InetAddress> addrs = l.publicAddresses() == null || l.publicAddresses().isEmpty() ? l.addresses()
                : l.publicAddresses();
        List<String> out = new ArrayList<>();
        for (InetAddress a : addrs) {
            out.add(a.getHostAddress() + ":" + l.ikePort());
        }
        return out;
    }

    public String memberName() {
        return member;
    }

    public SaStore store() {
        return store;
    }

    public AddressPools pools() {
        return pools;
    }

    /** True when backed by Hazelcast. */
    public boolean clustered() {
        return node != null;
    }

    /** The Hazelcast member, or null in memory. */
    public ClusterNode node() {
        return node;
    }

    /**
     * SAs this member owns, as the member directory last counted them (every
     * {@link #DIRECTORY_PERIOD}); counted now if it has not yet.
     */
    public int ownedSaCount() {
        int n = directory != null ? directory.lastSaCount() : -1;
        return n >= 0 ? n : hazelcastStore().countOwnedBy(memberName());
    }

    /** The Hazelcast store, or null in memory. */
    public HazelcastSaStore hazelcastStore() {
        return store instanceof HazelcastSaStore h ? h : null;
    }

    /** What this member publishes about clients on their way in (see {@link MemberInfo}). */
    public void countArrivals(java.util.function.IntSupplier arriving,
            java.util.function.Supplier<Map<String, Long>> redirectedIn) {
        if (directory != null) {
            directory.arrivals(arriving, redirectedIn);
        }
    }

    /** All members that published recently (only this one in memory). */
    public List<MemberInfo> members() {
        if (directory == null) {
            return List.of(new MemberInfo(member, List.of(), store.size(), -1, System.currentTimeMillis()));
        }
        return directory.members();
    }

    /** Calls {@code listener} with each lost member's name (never in memory). Returns an unregister handle. */
    public Runnable onMemberLost(Consumer<String> listener) {
        return node == null ? () -> { } : node.onMemberLost(listener);
    }

    /**
     * The SPIs of {@code deadMember}'s SAs that THIS member should take over: those whose
     * partitions it owns, read once the partition table has settled (up to {@code maxWait}). Over
     * all survivors these lists cover each SA once; take each with {@link #checkoutForTakeover}.
     */
    public List<Long> takeoverCandidates(String deadMember, Duration maxWait) {
        if (node == null) {
            return List.of();
        }
        node.awaitPartitionsSafe(maxWait);
        return hazelcastStore().localOwnedBy(deadMember);
    }

    /** See {@link HazelcastSaStore#checkoutForTakeover}; NotFound in memory. */
    public SaStore.Checkout checkoutForTakeover(long spi, String deadMember) {
        return node == null ? new SaStore.Checkout.NotFound() : hazelcastStore().checkoutForTakeover(spi, deadMember);
    }

    /** Key ids whose bytes differ from the other members' (empty in memory). */
    public Set<Integer> keyConflicts() {
        return keyCheck == null ? Set.of() : keyCheck.conflicts();
    }

    @Override
    public void close() {
        if (timer != null) {
            timer.shutdownNow();
        }
        if (directory != null) {
            directory.withdraw();
            directory.close();
        }
        if (node != null) {
            node.close();
        }
    }
}
