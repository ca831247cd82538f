package io.ikebana.cli;

import io.ikebana.Gateway;
import io.ikebana.client.ClientOptions;
import io.ikebana.client.IkeClient;
import io.ikebana.cluster.LocalClusterFiles;
import io.ikebana.config.ConfigLoader;
import io.ikebana.crypto.Secret;
import io.ikebana.ike.EngineConfig;
import io.ikebana.ike.Identity;
import io.ikebana.ike.IkeSa;
import io.ikebana.policy.AuthMethod;
import io.ikebana.policy.CryptoProposal;
import io.ikebana.wire.payload.TrafficSelector;
import io.vertx.core.Vertx;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code ikebana demo}: a three-member cluster on 127.0.0.1-3 in this process, a few hundred of
 * our clients, and the cluster operations one after the other, each followed by a table of where
 * the clients are: placement by redirect, a member joining and a rebalance, a drain, a clone
 * spread over the members. Everything stays on loopback and ends with the command.
 */
@Command(name = "demo", mixinStandardHelpOptions = true,
        description = "Run a local three-member cluster with clients and show placement, rebalance, drain and clones.")
public final class DemoCommand implements Callable<Integer> {
    private static final String PSK = "ikebana-demo-psk-change-me";

    @Option(names = {"-n", "--clients"}, defaultValue = "300", description = "clients (default: ${DEFAULT-VALUE})")
    int clients;

    @Option(names = "--port", paramLabel = "PORT",
            description = "IKE port of every member, NAT-T +1 or 4500 with 500 (default: 500 when strongSwan clients run, since strongSwan "
                    + "follows a redirect to port 500 only; else 5600)")
    Integer portOption;

    int port;

    @Option(names = "--strongswan", defaultValue = "4", paramLabel = "N",
            description = "strongSwan clients too, when strongSwan is installed and we are root (default: ${DEFAULT-VALUE}; 0: none)")
    int strongSwanClients;

    @Option(names = {"-v", "--verbose"}, description = "the members' and Hazelcast's logs too (default: warnings only)")
    boolean verbose;

    /** Held: java.util.logging keeps loggers weakly, and a collected one forgets its level. */
    private static final List<java.util.logging.Logger> QUIET = new ArrayList<>();

    private DemoStrongSwan strongSwan;

    private final List<Gateway> members = new ArrayList<>();
    private final List<IkeClient> clientSockets = new ArrayList<>();

    @Override
    public Integer call() throws Exception {
        PrintStream out = System.out;
        if (!verbose) {
            for (String name : List.of("io.ikebana", "com.hazelcast", "io.vertx")) {
                java.util.logging.Logger l = java.util.logging.Logger.getLogger(name);
                l.setLevel(java.util.logging.Level.WARNING);
                QUIET.add(l);
            }
        }
        boolean withStrongSwan = strongSwanClients > 0 && DemoStrongSwan.available();
        port = portOption != null ? portOption : withStrongSwan ? 500 : 5600;
        if (withStrongSwan && port != 500) {
            out.println("   (strongSwan follows a redirect to port 500 only: with --port " + port
                    + " its clients stay where they connect)");
        }
        Path dir = Files.createTempDirectory("ikebana-demo");
        Vertx vertx = Vertx.vertx();
        try {
            int hz = freePort();
            LocalClusterFiles.writeClusterKey(dir.resolve("cluster.key"), new java.security.SecureRandom());
            Files.writeString(dir.resolve("hazelcast.yaml"), LocalClusterFiles.hazelcastYaml(dir.getFileName().toString(),
                    List.of("127.0.0.1", "127.0.0.2", "127.0.0.3"), hz, 3));
            out.println("== starting members gw1 and gw2 (Hazelcast on 127.0.0.x:" + hz + ")");
            for (int i = 1; i <= 2; i++) {
                start(vertx, dir, i, hz);
            }
            awaitMembers(2);

            out.println("== " + clients + " clients connect through gw1 (127.0.0.1:" + port + "); "
                    + "gw1 redirects them to the least loaded member (RFC 5685)");
            List<IkeSa> sas = connect(vertx, clients);
            table(out, sas);
            Map<String, String> swBefore = Map.of();
            if (withStrongSwan) {
                out.println("== " + strongSwanClients + " strongSwan clients (charon, kernel-libipsec) connect through gw1 too");
                strongSwan = DemoStrongSwan.startIfAvailable(dir, "127.0.0.1", port, PSK, strongSwanClients, out);
                if (strongSwan != null) {
                    out.printf("   %d of %d established%n", strongSwan.initiate(), strongSwanClients);
                    swBefore = strongSwan.sas();
                    strongSwanTable(out, swBefore, Map.of());
                }
            }

            out.println("== gw3 joins; rebalance moves live SAs to it (MOBIKE address update, new Child SAs there)");
            start(vertx, dir, 3, hz);
            awaitMembers(3);
            members.get(0).operations().rebalance();
            settle(sas, 3);
            table(out, sas);
            strongSwanTable(out, strongSwan == null ? Map.of() : strongSwan.sas(), swBefore);

            out.println("== a clone-capable client clones its IKE SA twice (RFC 7791); the clones are spread");
            IkeClient c = clientSockets.get(0);
            IkeSa original = c.sa(sas.get(0).localSpi());
            List<IkeSa> clones = new ArrayList<>();
            for (int k = 0; k < 2; k++) {
                clones.add(c.cloneWithChild(original, List.of(TrafficSelector.ofAddress(
                        InetAddress.getByName("10.99.200." + (2 + k))))).get(30, TimeUnit.SECONDS));
            }
            Thread.sleep(2000);
            out.printf("   original  %016x  on %s%n", original.spiR(), where(c.sa(original.localSpi())));
            for (IkeSa k : clones) {
                IkeSa now = c.sa(k.localSpi());
                out.printf("   clone     %016x  on %s, %d Child SA(s)%n", now.spiR(), where(now), now.children().size());
            }
            out.println("== drain gw1 (e.g. for an upgrade): its SAs move, nobody re-authenticates");
            members.get(1).operations().drain("gw1");
            settle(sas, 2);
            if (strongSwan != null) {
                // strongSwan follows the MOBIKE address update of each moved SA within a round trip
                Thread.sleep(2000);
            }
            table(out, sas);
            strongSwanTable(out, strongSwan == null ? Map.of() : strongSwan.sas(), swBefore);

            out.println("== done; stopping");
            return 0;
        } finally {
            if (strongSwan != null) {
                strongSwan.close();
            }
            for (IkeClient c : clientSockets) {
                c.close();
            }
            for (Gateway g : members) {
                g.close();
            }
            vertx.close();
        }
    }

    private void start(Vertx vertx, Path dir, int i, int hz) throws Exception {
        String yaml = """
                node: {name: gw%1$d}
                listen: {addresses: [127.0.0.%1$d], ikePort: %2$d, nattPort: %3$d}
                identity: {id: gw.ikebana.test, auth: psk}
                ike: {dpd: 0, ikeRekey: 0, childRekey: 0}
                peers: [{name: demo, remoteId: "%%any", auth: psk, psk: %4$s, pools: [pool4], localTs: [10.99.200.0/24]}]
                pools: [{name: pool4, cidr: 10.96.0.0/12}]
                dataplane: {backend: memory}
                admin: {enabled: false}
                dos: {enabled: false}
                cluster:
                  hazelcast: hazelcast.yaml
                  memberAddress: 127.0.0.%1$d:%5$d
                  keys: [{id: 1, key: {file: cluster.key}}]
                """.formatted(i, port, port == 500 ? 4500 : port + 1, PSK, hz);
        Path f = dir.resolve("gw" + i + ".yaml");
        Files.writeString(f, yaml);
        Gateway g = new Gateway(new ConfigLoader().load(f), vertx);
        g.start().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
        members.add(g);
    }

    private List<IkeSa> connect(Vertx vertx, int n) throws Exception {
        EngineConfig.Timers t = new EngineConfig.Timers(0, 0, 0, 30_000, 1000, 1.5, 8, 0);
        for (int s = 0; s < 10; s++) {
            ClientOptions o = new ClientOptions(new InetSocketAddress("127.0.0.1", port),
                    new InetSocketAddress("127.0.3." + (s + 1), 0), Identity.parse("demo-" + s + "@ikebana.test"),
                    Identity.parse("gw.ikebana.test"), Secret.wrap(PSK.getBytes(StandardCharsets.UTF_8)), null, null,
                    List.of(), AuthMethod.PSK, List.of(CryptoProposal.parse("aes256gcm16-prfsha256-x25519", false)),
                    List.of(CryptoProposal.parse("aes256gcm16", true)), true,
                    List.of(TrafficSelector.ofSubnet(InetAddress.getByName("10.99.200.0"), 24)), t, false);
            IkeClient c = new IkeClient(o, vertx);
            c.start().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
            clientSockets.add(c);
        }
        List<CompletableFuture<IkeSa>> ups = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            ups.add(clientSockets.get(i % 10).connect());
            if (i % 32 == 31) {
                await(ups.get(i));
            }
        }
        List<IkeSa> out = new ArrayList<>();
        for (CompletableFuture<IkeSa> f : ups) {
            out.add(await(f));
        }
        return out;
    }

    /** A client's IKE SA within 60 s, or a failure naming the handshakes still in progress. */
    private IkeSa await(CompletableFuture<IkeSa> f) throws Exception {
        try {
            return f.get(60, TimeUnit.SECONDS);
        } catch (java.util.concurrent.TimeoutException e) {
            StringBuilder b = new StringBuilder("clients not connected after 60 s; in progress:");
            for (IkeClient c : clientSockets) {
                b.append(' ').append(c.engine().handshakesInProgress());
            }
            throw new IllegalStateException(b.toString(), e);
        }
    }

    /** Waits until the clients are spread over {@code count} members evenly enough, or 30 s. */
    private void settle(List<IkeSa> sas, int count) throws InterruptedException {
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (System.nanoTime() < end) {
            Map<String, Integer> m = placement(sas);
            if (m.size() == count && m.values().stream().allMatch(v -> v >= sas.size() / count - sas.size() / 20)) {
                return;
            }
            Thread.sleep(200);
        }
    }

    private Map<String, Integer> placement(List<IkeSa> sas) {
        Map<String, Integer> m = new TreeMap<>();
        for (int i = 0; i < sas.size(); i++) {
            IkeSa now = clientSockets.get(i % 10).sa(sas.get(i).localSpi());
            if (now != null) {
                m.merge(where(now), 1, Integer::sum);
            }
        }
        return m;
    }

    private static String where(IkeSa sa) {
        return "gw" + sa.remote().getAddress().getHostAddress().substring("127.0.0.".length());
    }

    private void table(PrintStream out, List<IkeSa> sas) {
        Map<String, Integer> m = placement(sas);
        // one write: a log line of another thread cannot land inside the table
        StringBuilder b = new StringBuilder("   member  address      clients").append(System.lineSeparator());
        for (Gateway g : members) {
            String name = g.config().engine().member();
            b.append(String.format("   %-6s  %-11s  %7d%n", name,
                    g.config().listen().addresses().get(0).getHostAddress(), m.getOrDefault(name, 0)));
        }
        out.print(b);
        out.flush();
    }

    /** Where each strongSwan IKE SA lives (per swanctl), and whether it kept its SPIs. */
    private static void strongSwanTable(PrintStream out, Map<String, String> now, Map<String, String> before) {
        for (Map.Entry<String, String> e : now.entrySet()) {
            String[] f = e.getValue().split(" @ ");
            String member = "gw" + f[1].substring(f[1].lastIndexOf('.') + 1);
            String was = before.get(e.getKey());
            String same = was == null ? "" : was.split(" @ ")[0].equals(f[0]) ? ", same IKE SA (SPIs " + f[0] + ")"
                    : ", new IKE SA";
            out.printf("   strongSwan %-5s on %s%s%n", e.getKey(), member, same);
        }
    }

    private void awaitMembers(int n) throws InterruptedException {
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (members.get(0).cluster().members().size() < n && System.nanoTime() < end) {
            Thread.sleep(200);
        }
    }

    private static int freePort() throws java.io.IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            return s.getLocalPort();
        }
    }
}
