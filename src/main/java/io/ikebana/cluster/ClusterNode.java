package io.ikebana.cluster;

import com.hazelcast.cluster.Member;
import com.hazelcast.cluster.MembershipEvent;
import com.hazelcast.cluster.MembershipListener;
import com.hazelcast.config.CacheDeserializedValues;
import com.hazelcast.config.CompactSerializationConfig;
import com.hazelcast.config.Config;
import com.hazelcast.config.InMemoryFormat;
import com.hazelcast.config.IndexConfig;
import com.hazelcast.config.IndexType;
import com.hazelcast.config.JoinConfig;
import com.hazelcast.config.MapConfig;
import com.hazelcast.config.NetworkConfig;
import com.hazelcast.config.SplitBrainProtectionConfig;
import com.hazelcast.core.Hazelcast;
import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.map.IMap;
import com.hazelcast.splitbrainprotection.SplitBrainProtectionOn;
import com.hazelcast.spi.merge.PassThroughMergePolicy;
import io.ikebana.store.hazelcast.HazelcastAddressPools;
import io.ikebana.store.hazelcast.HazelcastSaStore;
import io.ikebana.store.hazelcast.HigherVersionMergePolicy;
import io.ikebana.store.hazelcast.KeyCheck;
import io.ikebana.store.hazelcast.PoolLease;
import io.ikebana.store.hazelcast.PoolOp;
import io.ikebana.store.hazelcast.SaOp;
import io.ikebana.store.hazelcast.SaRecord;
import java.io.FileNotFoundException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.function.Consumer;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The embedded Hazelcast member of a gateway node. The network and discovery come from a Hazelcast
 * YAML file ({@code cluster.hazelcast}) or, without one, a single member on 127.0.0.1 that joins
 * nobody. On top of either, {@link #apply} sets what the gateway relies on (map names are ours):
 * Compact serializers with stable type names; the SA and pool maps with one synchronous backup, no
 * near cache, binary format, indexes, the higher-version merge policy and — when the minimum
 * cluster size is 2 or more — split-brain protection for reads and writes; the member name as
 * member attribute {@value #MEMBER_ATTRIBUTE}; phone-home off; map statistics only when Hazelcast's
 * metrics are enabled (off in the embedded default and the shipped YAML files).
 */
public final class ClusterNode implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger(ClusterNode.class.getName());

    public static final String MEMBER_ATTRIBUTE = "ikebana.member";
    public static final String SPLIT_BRAIN_PROTECTION = "ikebana-quorum";
    public static final String CLUSTER_NAME = "ikebana";

    private final HazelcastInstance hz;
    private final String member;
    private final Clock clock;

    private ClusterNode(HazelcastInstance hz, String member) {
        this.hz = hz;
        this.member = member;
        this.clock = new ClusterClock(hz.getCluster());
    }

    /**
     * The Hazelcast configuration before our settings: the YAML file if given, else a single member
     * bound to 127.0.0.1 (ports from 5701) with every join method off. {@code memberAddress}
     * ({@code host} or {@code host:port}), if given, is the address this member binds to and
     * advertises.
     */
    public static Config baseConfig(Path yaml, String memberAddress) {
        Config c;
        if (yaml != null) {
            try {
                c = Config.loadFromFile(yaml.toFile());
            } catch (FileNotFoundException e) {
                throw new IllegalArgumentException("cluster.hazelcast: " + yaml + " not found", e);
            }
        } else {
            c = new Config();
            c.setClusterName(CLUSTER_NAME);
            NetworkConfig n = c.getNetworkConfig();
            n.setPort(5701).setPortAutoIncrement(true);
            JoinConfig j = n.getJoin();
            j.getMulticastConfig().setEnabled(false);
            j.getTcpIpConfig().setEnabled(false);
            j.getAutoDetectionConfig().setEnabled(false);
            j.getKubernetesConfig().setEnabled(false);
            n.getInterfaces().setEnabled(true).addInterface("127.0.0.1");
            c.setProperty("hazelcast.socket.bind.any", "false");
            // nothing reads Hazelcast's own metrics (ours are at /metrics); collecting them costs
            // CPU every 5 s, more with every SA (the shipped YAML files say the same)
            c.getMetricsConfig().setEnabled(false);
        }
        if (memberAddress != null && !memberAddress.isBlank()) {
            String host = memberAddress.contains(":") && !memberAddress.startsWith("[")
                    && memberAddress.indexOf(':') == memberAddress.lastIndexOf(':')
                    ? memberAddress.substring(0, memberAddress.indexOf(':')) : memberAddress;
            if (!host.equals(memberAddress)) {
                c.getNetworkConfig().setPort(Integer.parseInt(memberAddress.substring(host.length() + 1)));
            }
            // binds exactly this address, even one no interface lists (127.0.0.2 on lo)
            c.getNetworkConfig().getInterfaces().clear().setEnabled(false);
            c.setProperty("hazelcast.local.localAddress", host);
            c.setProperty("hazelcast.socket.bind.any", "false");
        }
        return c;
    }

    /** Adds the gateway's own settings to {@code c} (see the class comment) and returns it. */
    public static Config apply(Config c, String member, int minimumClusterSize) {
        c.setInstanceName("ikebana-" + member + "-" + UUID.randomUUID().toString().substring(0, 8));
        c.setProperty("hazelcast.phone.home.enabled", "false");
        if (c.getProperty("hazelcast.logging.type") == null) {
            c.setProperty("hazelcast.logging.type", "jdk");
        }
        c.getMemberAttributeConfig().setAttribute(MEMBER_ATTRIBUTE, member);
        CompactSerializationConfig cs = c.getSerializationConfig().getCompactSerializationConfig();
        cs.addSerializer(new SaRecord.Serializer());
        cs.addSerializer(new SaOp.Serializer());
        cs.addSerializer(new SaOp.ResultSerializer());
        cs.addSerializer(new PoolLease.Serializer());
        cs.addSerializer(new PoolOp.Serializer());
        cs.addSerializer(new MemberInfo.Serializer());

        boolean protect = minimumClusterSize >= 2;
        if (protect) {
            c.addSplitBrainProtectionConfig(new SplitBrainProtectionConfig(SPLIT_BRAIN_PROTECTION, true,
                    minimumClusterSize).setProtectOn(SplitBrainProtectionOn.READ_WRITE));
        }
        // map statistics only where Hazelcast's metrics (Management Center, JMX) can show them
        boolean statistics = c.getMetricsConfig().isEnabled();
        MapConfig sa = gridMap(HazelcastSaStore.MAP, protect, statistics);
        sa.addIndexConfig(new IndexConfig(IndexType.HASH, "owner"));
        sa.addIndexConfig(new IndexConfig(IndexType.HASH, "identityTag"));
        c.addMapConfig(sa);
        MapConfig pool = gridMap(HazelcastAddressPools.MAP, protect, statistics);
        pool.addIndexConfig(new IndexConfig(IndexType.HASH, "pool"));
        pool.addIndexConfig(new IndexConfig(IndexType.HASH, "owner"));
        c.addMapConfig(pool);
        MapConfig members = new MapConfig(MemberDirectory.MAP).setBackupCount(1);
        members.getMergePolicyConfig().setPolicy(PassThroughMergePolicy.class.getName());
        c.addMapConfig(members);
        c.addMapConfig(new MapConfig(KeyCheck.MAP).setBackupCount(2));
        return c;
    }

    private static MapConfig gridMap(String name, boolean protect, boolean statistics) {
        // NEVER: an index keeps no deserialized copy of each value beside the binary one (INDEX_ONLY,
        // the default, does once a query used the index: ~800 octets more per SA record)
        MapConfig m = new MapConfig(name).setBackupCount(1).setAsyncBackupCount(0)
                .setInMemoryFormat(InMemoryFormat.BINARY).setReadBackupData(false).setStatisticsEnabled(statistics)
                .setCacheDeserializedValues(CacheDeserializedValues.NEVER);
        m.setNearCacheConfig(null);
        m.getMergePolicyConfig().setPolicy(HigherVersionMergePolicy.class.getName());
        if (protect) {
            m.setSplitBrainProtectionName(SPLIT_BRAIN_PROTECTION);
        }
        return m;
    }

    /** Starts the member with {@code c} plus our settings. */
    public static ClusterNode start(Config c, String member, int minimumClusterSize) {
        apply(c, member, minimumClusterSize);
        long t0 = System.nanoTime();
        HazelcastInstance hz = Hazelcast.newHazelcastInstance(c);
        LOG.info(() -> String.format("cluster member %s up in %d ms: %d member(s), address %s", member,
                (System.nanoTime() - t0) / 1_000_000, hz.getCluster().getMembers().size(),
                hz.getCluster().getLocalMember().getAddress()));
        return new ClusterNode(hz, member);
    }

    public HazelcastInstance hazelcast() {
        return hz;
    }

    public String memberName() {
        return member;
    }

    /** The cluster time: leases are measured with it. */
    public Clock clock() {
        return clock;
    }

    public IMap<Long, SaRecord> saMap() {
        return hz.getMap(HazelcastSaStore.MAP);
    }

    public IMap<String, PoolLease> poolMap() {
        return hz.getMap(HazelcastAddressPools.MAP);
    }

    public IMap<String, MemberInfo> memberMap() {
        return hz.getMap(MemberDirectory.MAP);
    }

    public IMap<Integer, String> keyCheckMap() {
        return hz.getMap(KeyCheck.MAP);
    }

    /** The names of the members in this member's view of the cluster. */
    public List<String> memberNames() {
        List<String> out = new ArrayList<>();
        for (Member m : hz.getCluster().getMembers()) {
            out.add(nameOf(m));
        }
        return out;
    }

    static String nameOf(Member m) {
        String n = m.getAttribute(MEMBER_ATTRIBUTE);
        return n != null ? n : m.getUuid().toString();
    }

    /**
     * Calls {@code listener} with the name of each member that leaves the cluster (crash, network
     * loss or shutdown), on a Hazelcast event thread: hand real work to a worker. Returns a handle
     * that unregisters it.
     */
    public Runnable onMemberLost(Consumer<String> listener) {
        UUID id = hz.getCluster().addMembershipListener(new MembershipListener() {
            @Override
            public void memberAdded(MembershipEvent e) {
                LOG.info(() -> "cluster member joined: " + nameOf(e.getMember()) + " " + e.getMember().getAddress());
            }

            @Override
            public void memberRemoved(MembershipEvent e) {
                String name = nameOf(e.getMember());
                LOG.warning(() -> "cluster member lost: " + name + " " + e.getMember().getAddress());
                try {
                    listener.accept(name);
                } catch (RuntimeException ex) {
                    LOG.log(Level.WARNING, "member-lost listener failed", ex);
                }
            }
        });
        return () -> hz.getCluster().removeMembershipListener(id);
    }

    /**
     * Waits until no partition is migrating and all backups are in sync (after a member loss the
     * survivors promote backups first), at most {@code max}. True if the cluster became safe.
     */
    public boolean awaitPartitionsSafe(Duration max) {
        long deadline = System.nanoTime() + max.toNanos();
        while (System.nanoTime() < deadline) {
            if (hz.getPartitionService().isClusterSafe()) {
                return true;
            }
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        }
        return hz.getPartitionService().isClusterSafe();
    }

    /** True while the split-brain protection is met (always without protection). */
    public boolean hasQuorum() {
        var sbp = hz.getSplitBrainProtectionService();
        try {
            return sbp.getSplitBrainProtection(SPLIT_BRAIN_PROTECTION).hasMinimumSize();
        } catch (IllegalArgumentException e) {
            return true;
        }
    }

    @Override
    public void close() {
        if (hz.getLifecycleService().isRunning()) {
            hz.shutdown();
        }
    }
}
