package io.ikebana.cluster;

import com.hazelcast.config.Config;
import com.hazelcast.config.TcpIpConfig;
import io.ikebana.ike.IkeSa;
import io.ikebana.policy.Cidr;
import io.ikebana.store.SaStore.Checkout;
import io.ikebana.store.hazelcast.HazelcastAddressPools;
import io.ikebana.store.hazelcast.HazelcastSaStore;
import io.ikebana.store.hazelcast.SampleSas;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Collectors;

/**
 * A cluster member as its own JVM, for the multi-process tests (test code only). Arguments:
 * {@code name host port clusterName yaml host:port...}: it loads the shipped Hazelcast YAML,
 * binds to {@code host:port}, uses the given member list, and answers one command per line on
 * stdin with one line on stdout ({@code OK ...} or {@code ERR ...}). Hazelcast logs go to stderr.
 */
public final class ClusterMemberMain {
    private ClusterMemberMain() {
    }

    public static void main(String[] args) throws Exception {
        String name = args[0];
        String host = args[1];
        int port = Integer.parseInt(args[2]);
        Config c = ClusterNode.baseConfig(Path.of(args[4]), host + ":" + port);
        c.setClusterName(args[3]);
        TcpIpConfig tcp = c.getNetworkConfig().getJoin().getTcpIpConfig();
        tcp.getMembers().clear();
        for (int i = 5; i < args.length; i++) {
            tcp.addMember(args[i]);
        }
        PrintStream out = new PrintStream(System.out, true, StandardCharsets.UTF_8);
        ClusterRuntime rt = ClusterRuntime.start(c, name, Integer.getInteger("ikebana.test.minimumClusterSize", 2), Map.of(1, TestCluster.KEY1), 1,
                Map.of("p", Cidr.parse("10.90.0.0/22"), "q", Cidr.parse("10.91.0.0/24")), List.of(host + ":500"), new SecureRandom(),
                Duration.ofSeconds(5));
        HazelcastSaStore store = rt.hazelcastStore();
        HazelcastAddressPools pools = (HazelcastAddressPools) rt.pools();
        List<String> lost = new CopyOnWriteArrayList<>();
        rt.onMemberLost(lost::add);
        List<IkeSa> held = new ArrayList<>();
        out.println("READY " + name);
        BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        String line;
        while ((line = in.readLine()) != null) {
            String[] w = line.trim().split("\\s+");
            try {
                switch (w[0]) {
                    case "members":
                        out.println("OK " + String.join(",", rt.node().memberNames()));
                        break;
                    case "safe":
                        // no partition migrating and every backup in sync: counts are final
                        out.println("OK " + rt.node().hazelcast().getPartitionService().isClusterSafe());
                        break;
                    case "create": {
                        // create COUNT FIRST_SPI_HEX: SAs with consecutive SPIs, each with a lease
                        long first = Long.parseUnsignedLong(w[2], 16);
                        List<String> spis = new ArrayList<>();
                        for (int i = 0; i < Integer.parseInt(w[1]); i++) {
                            IkeSa sa = SampleSas.typical(first + i, "user" + (first + i) + "@ikebana.test", 300);
                            sa.owner("");
                            if (!store.create(sa)) {
                                throw new IllegalStateException("create refused");
                            }
                            pools.lease("p", Long.toHexString(sa.localSpi()), null);
                            spis.add(Long.toHexString(sa.localSpi()));
                        }
                        out.println("OK " + String.join(",", spis));
                        break;
                    }
                    case "hold": {
                        Checkout co = store.checkout(Long.parseUnsignedLong(w[1], 16));
                        if (co instanceof Checkout.Ok ok) {
                            held.add(ok.sa());
                        }
                        out.println("OK " + co.getClass().getSimpleName());
                        break;
                    }
                    case "lost":
                        out.println("OK " + String.join(",", lost));
                        break;
                    case "owned":
                        out.println("OK " + hex(store.ownedBy(w[1])));
                        break;
                    case "candidates":
                        out.println("OK " + hex(rt.takeoverCandidates(w[1], Duration.ofSeconds(20))));
                        break;
                    case "takeover": {
                        int taken = 0;
                        int busy = 0;
                        for (long spi : rt.takeoverCandidates(w[1], Duration.ofSeconds(20))) {
                            Checkout co = rt.checkoutForTakeover(spi, w[1]);
                            if (co instanceof Checkout.Ok ok) {
                                store.checkin(ok.sa());
                                taken++;
                            } else {
                                busy++;
                            }
                        }
                        out.println("OK " + taken + " " + busy);
                        break;
                    }
                    case "verify": {
                        // verify FIRST_SPI_HEX COUNT: every SA readable and intact
                        long first = Long.parseUnsignedLong(w[1], 16);
                        int ok = 0;
                        for (int i = 0; i < Integer.parseInt(w[2]); i++) {
                            IkeSa sa = store.peek(first + i);
                            if (sa != null && sa.window().lastResponse().get(0).length == 300
                                    && sa.remoteId().toString().equals("user" + (first + i) + "@ikebana.test")) {
                                ok++;
                            }
                        }
                        out.println("OK " + ok);
                        break;
                    }
                    case "destroy": {
                        IkeSa sa = ((Checkout.Ok) store.checkout(Long.parseUnsignedLong(w[1], 16))).sa();
                        store.checkinAndDestroy(sa);
                        out.println("OK destroyed");
                        break;
                    }
                    case "bump": {
                        // bump SPI N: a message exchange that moves the expected request ID to N
                        IkeSa sa = ((Checkout.Ok) store.checkout(Long.parseUnsignedLong(w[1], 16))).sa();
                        sa.window().expectedRequestId(Long.parseLong(w[2]));
                        store.checkin(sa);
                        out.println("OK " + sa.version());
                        break;
                    }
                    case "reconnect": {
                        // reconnect OLD NEW: the client of OLD comes back with INITIAL_CONTACT as NEW
                        long old = Long.parseUnsignedLong(w[1], 16);
                        IkeSa sa = ((Checkout.Ok) store.checkout(old)).sa();
                        store.checkinAndDestroy(sa);
                        IkeSa fresh = SampleSas.typical(Long.parseUnsignedLong(w[2], 16), "user" + old + "@ikebana.test",
                                300);
                        fresh.owner("");
                        out.println("OK " + store.create(fresh));
                        break;
                    }
                    case "byid": {
                        long spi = Long.parseUnsignedLong(w[1], 16);
                        out.println("OK " + hex(store.findByRemoteIdentity(
                                io.ikebana.ike.Identity.parse("user" + spi + "@ikebana.test"))));
                        break;
                    }
                    case "expected": {
                        IkeSa sa = store.peek(Long.parseUnsignedLong(w[1], 16));
                        out.println("OK " + (sa == null ? "none" : Long.toString(sa.window().expectedRequestId())));
                        break;
                    }
                    // lease/release/holder ADDRESS OWNER: one named address of pool q (10.91.0.0/24),
                    // which "create" never draws from, so the address is free whatever the cursors did
                    case "lease":
                        out.println("OK " + pools.lease("q", w[2], java.net.InetAddress.getByName(w[1])));
                        break;
                    case "release":
                        pools.release("q", java.net.InetAddress.getByName(w[1]), w[2]);
                        out.println("OK released");
                        break;
                    case "holder": {
                        java.net.InetAddress a = java.net.InetAddress.getByName(w[1]);
                        out.println("OK " + pools.leases("q").stream().filter(l -> l.address().equals(a))
                                .map(io.ikebana.policy.AddressPools.Lease::owner).collect(Collectors.joining(",")));
                        break;
                    }
                    case "size":
                        out.println("OK " + store.size() + " " + (pools.leases("p").size() + pools.leases("q").size()));
                        break;
                    case "quit":
                        rt.close();
                        out.println("OK bye");
                        return;
                    default:
                        out.println("ERR unknown command " + w[0]);
                }
            } catch (RuntimeException | java.net.UnknownHostException e) {
                out.println("ERR " + e);
            }
        }
        rt.close();
    }

    private static String hex(List<Long> spis) {
        return spis.stream().sorted().map(Long::toHexString).collect(Collectors.joining(","));
    }
}
