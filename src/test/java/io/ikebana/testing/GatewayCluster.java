package io.ikebana.testing;

import io.ikebana.cluster.LocalClusterFiles;
import io.ikebana.interop.InteropEnvironment;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.function.IntFunction;

/**
 * N gateway JVMs ({@code target/ikebana.jar gateway}) forming one Hazelcast cluster on loopback:
 * member i binds 127.0.0.i for IKE (ports 5500/5501), Hazelcast (a free port) and the admin API
 * (8480). Each run gets its own cluster name, port and key, so runs never meet. Members can be
 * killed with SIGKILL.
 */
public final class GatewayCluster implements AutoCloseable {
    public static final String PSK = "ikebana-cluster-test-psk";
    public static final String TOKEN = "cluster-test-admin-token";
    private final Path dir;
    private final List<GatewayProcess> members = new ArrayList<>();
    private final List<String> yamls = new ArrayList<>();
    private Launcher launcher;
    private final int size;

    private GatewayCluster(Path dir, int size) {
        this.dir = dir;
        this.size = size;
    }

    public static String host(int i) {
        return "127.0.0." + (i + 1);
    }

    /** Starts member i's JVM with its configuration, on the host or in a namespace. */
    @FunctionalInterface
    public interface Launcher {
        GatewayProcess start(int index, Path dir, String yaml);
    }

    /**
     * Starts {@code n} members; {@code extra} adds YAML lines (top-level sections) per member,
     * {@code dataplane} is the backend (memory answers pings).
     */
    public static GatewayCluster start(int n, String name, IntFunction<String> extra) {
        List<String> hosts = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            hosts.add(host(i));
        }
        return start(hosts, name, extra, (i, d, y) -> GatewayProcess.start(d, y), 5500, 5501, "memory");
    }

    /**
     * Members on the given addresses (one per member), started by {@code launcher}, with IKE on
     * {@code ikePort}/{@code nattPort} and the given data-plane backend section.
     */
    public static GatewayCluster start(List<String> hosts, String name, IntFunction<String> extra, Launcher launcher,
            int ikePort, int nattPort, String dataplane) {
        int n = hosts.size();
        Path dir = InteropEnvironment.basedir().resolve("target/gateway-cluster").resolve(name + "-"
                + UUID.randomUUID().toString().substring(0, 6));
        GatewayCluster c = new GatewayCluster(dir, n);
        try {
            Files.createDirectories(dir);
            int port = freePort();
            Files.writeString(dir.resolve("hazelcast.yaml"), LocalClusterFiles.hazelcastYaml(
                    dir.getFileName().toString(), hosts.subList(0, n), port, 3));
            LocalClusterFiles.writeClusterKey(dir.resolve("cluster.key"), new java.security.SecureRandom());
            Files.writeString(dir.resolve("admin.token"), TOKEN);
            for (int i = 0; i < n; i++) {
                String yaml = """
                        node: {name: gw%1$d}
                        listen: {addresses: [%2$s], ikePort: %6$d, nattPort: %7$d}
                        identity: {id: gw.ikebana.test, auth: psk}
                        ike: {dpd: 0, ikeRekey: 0, childRekey: 0}
                        peers:
                          - {name: clients, remoteId: "%%any", auth: psk, psk: %3$s, pools: [pool4], localTs: [10.99.200.0/24, 10.99.101.1/32]}
                        pools: [{name: pool4, cidr: 10.96.0.0/12}]
                        dataplane: %8$s
                        admin: {enabled: true, address: %2$s, port: 8480, token: {file: ../admin.token}}
                        cluster:
                          hazelcast: ../hazelcast.yaml
                          memberAddress: %2$s:%4$d
                          keys: [{id: 1, key: {file: ../cluster.key}}]
                          minimumClusterSize: %5$d
                        """.formatted(i + 1, hosts.get(i), PSK, port, n > 2 ? 2 : 1, ikePort, nattPort,
                        dataplane.startsWith("{") ? dataplane : "{backend: " + dataplane + "}");
                String more = extra.apply(i);
                // the DoS guard is off unless the test configures its own dos: section
                yaml += (more.startsWith("dos:") || more.contains("\ndos:") ? "" : "dos: {enabled: false}\n") + more;
                c.yamls.add(yaml);
                c.launcher = launcher;
                c.members.add(launcher.start(i, dir.resolve("gw" + (i + 1)), yaml));
            }
            for (GatewayProcess m : c.members) {
                m.awaitLog(Duration.ofSeconds(60), l -> l.contains("Members {size:" + n));
            }
            return c;
        } catch (IOException e) {
            c.close();
            throw new UncheckedIOException(e);
        } catch (RuntimeException | AssertionError e) {
            c.close();
            throw e;
        }
    }

    public GatewayProcess member(int i) {
        return members.get(i);
    }

    public int size() {
        return size;
    }

    public Path dir() {
        return dir;
    }

    /** SIGKILL: no goodbye to the cluster. */
    public void kill(int i) throws InterruptedException {
        Process p = members.get(i).process();
        p.destroyForcibly();
        p.waitFor();
    }

    /** Stops member i (SIGKILL) and starts it again with the same configuration; waits for the cluster. */
    public void restart(int i) throws InterruptedException {
        kill(i);
        Path log = dir.resolve("gw" + (i + 1)).resolve("gateway.log");
        try {
            java.nio.file.Files.move(log, log.resolveSibling("gateway.log.before-restart"),
                    java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            // no log yet: nothing to keep
        }
        GatewayProcess p = launcher.start(i, dir.resolve("gw" + (i + 1)), yamls.get(i));
        members.set(i, p);
        p.awaitLog(Duration.ofSeconds(60), l -> l.contains("Members {size:" + size));
    }

    static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            return s.getLocalPort();
        }
    }

    @Override
    public void close() {
        for (GatewayProcess m : members) {
            m.close();
        }
    }
}
