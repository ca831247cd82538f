package io.ikebana.cluster;

import com.hazelcast.config.Config;
import com.hazelcast.config.JoinConfig;
import com.hazelcast.config.NetworkConfig;
import io.ikebana.crypto.Secret;
import io.ikebana.store.hazelcast.HazelcastAddressPools;
import io.ikebana.store.hazelcast.HazelcastSaStore;
import io.ikebana.store.hazelcast.KeyCheck;
import io.ikebana.store.hazelcast.RecordCipher;
import io.ikebana.policy.Cidr;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Hazelcast members in this JVM on 127.0.0.1, each on its own free port, joined by TCP-IP member
 * list (multicast and auto-detection off), with fast failure detection. A unique cluster name
 * keeps concurrent test runs on this machine apart.
 */
public final class TestCluster implements AutoCloseable {
    public static final Secret KEY1 = Secret.wrap(fill(32, 0x11));
    public static final Secret KEY2 = Secret.wrap(fill(32, 0x22));

    /** Held strongly: JUL keeps loggers weakly, and a collected logger forgets its level. */
    private static final Logger HAZELCAST_LOG = Logger.getLogger("com.hazelcast");

    static {
        HAZELCAST_LOG.setLevel(Level.WARNING);
    }

    public final String name = "ikebana-test-" + UUID.randomUUID().toString().substring(0, 8);
    public final List<Integer> ports = new ArrayList<>();
    public final List<ClusterNode> nodes = new ArrayList<>();
    private final int minimumClusterSize;

    public TestCluster(int members, int minimumClusterSize) {
        this.minimumClusterSize = minimumClusterSize;
        for (int i = 0; i < members; i++) {
            ports.add(freePort());
        }
    }

    /** Starts all members (sequentially) and waits until each sees all. */
    public TestCluster start() {
        for (int i = 0; i < ports.size(); i++) {
            startMember(i);
        }
        for (ClusterNode n : nodes) {
            awaitSize(n, ports.size(), Duration.ofSeconds(30));
        }
        return this;
    }

    public ClusterNode startMember(int i) {
        ClusterNode n = ClusterNode.start(config(i, ports), "m" + (i + 1), minimumClusterSize);
        while (nodes.size() <= i) {
            nodes.add(null);
        }
        nodes.set(i, n);
        return n;
    }

    /** Member i's configuration with {@code memberList} as the TCP-IP members. */
    public Config config(int i, List<Integer> memberList) {
        Config c = new Config();
        c.setClusterName(name);
        NetworkConfig n = c.getNetworkConfig();
        n.setPort(ports.get(i)).setPortAutoIncrement(false);
        n.getInterfaces().setEnabled(true).addInterface("127.0.0.1");
        JoinConfig j = n.getJoin();
        j.getMulticastConfig().setEnabled(false);
        j.getAutoDetectionConfig().setEnabled(false);
        j.getTcpIpConfig().setEnabled(true);
        for (int p : memberList) {
            j.getTcpIpConfig().addMember("127.0.0.1:" + p);
        }
        c.setProperty("hazelcast.socket.bind.any", "false");
        c.setProperty("hazelcast.heartbeat.interval.seconds", "1");
        c.setProperty("hazelcast.max.no.heartbeat.seconds", "3");
        c.setProperty("hazelcast.partition.count", "31");
        c.setProperty("hazelcast.wait.seconds.before.join", "1");
        c.setProperty("hazelcast.merge.first.run.delay.seconds", "2");
        c.setProperty("hazelcast.merge.next.run.delay.seconds", "2");
        return c;
    }

    public ClusterNode node(int i) {
        return nodes.get(i);
    }

    public HazelcastSaStore store(int i, Map<Integer, Secret> keys, int current, Clock clock, Duration lease) {
        ClusterNode n = nodes.get(i);
        RecordCipher cipher = new RecordCipher(keys, current, new SecureRandom());
        KeyCheck kc = new KeyCheck(n.keyCheckMap(), cipher);
        kc.refresh();
        return new HazelcastSaStore(n::saMap, cipher, kc, n.memberName(), clock, new SecureRandom(), lease,
                Duration.ofMinutes(10));
    }

    public HazelcastSaStore store(int i, Clock clock) {
        return store(i, Map.of(1, KEY1), 1, clock, Duration.ofSeconds(5));
    }

    public HazelcastAddressPools pools(int i, Map<String, Cidr> defs) {
        return new HazelcastAddressPools(nodes.get(i)::poolMap, defs, Clock.systemUTC(), new SecureRandom(),
                Duration.ofMinutes(10));
    }

    public static void awaitSize(ClusterNode n, int size, Duration max) {
        long end = System.nanoTime() + max.toNanos();
        while (n.hazelcast().getCluster().getMembers().size() != size) {
            if (System.nanoTime() > end) {
                throw new AssertionError(n.memberName() + " sees " + n.memberNames() + ", expected " + size);
            }
            sleep(50);
        }
    }

    public static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    public static int freePort() {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            return s.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static byte[] fill(int n, int v) {
        byte[] b = new byte[n];
        java.util.Arrays.fill(b, (byte) v);
        return b;
    }

    @Override
    public void close() {
        for (ClusterNode n : nodes) {
            if (n != null) {
                try {
                    n.hazelcast().getLifecycleService().terminate();
                } catch (RuntimeException e) {
                    // already down
                }
            }
        }
    }
}
