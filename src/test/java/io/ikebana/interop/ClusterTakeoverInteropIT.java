package io.ikebana.interop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.ikebana.testing.GatewayCluster;
import io.ikebana.testing.GatewayProcess;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A strongSwan client (kernel-libipsec) connected to member 2 of a three-member cluster (each
 * member in its own namespace, with a TUN device); member 2 is killed with SIGKILL. A survivor
 * takes the IKE SA over: strongSwan answers the RFC 6311 message-ID sync, follows the MOBIKE
 * address update, gets new Child SAs, and ping resumes; the IKE SA keeps its SPIs.
 */
class ClusterTakeoverInteropIT {

    @Test
    void strongSwanFollowsTheSurvivor() throws Exception {
        assumeTrue(InteropEnvironment.isRoot(), "needs root for network namespaces and TUN");
        InteropEnvironment.ensureDeps();
        try (Netns net = Netns.create("i:10.99.0.1", "gw1:10.99.0.2", "gw2:10.99.0.3", "gw3:10.99.0.4");
                GatewayCluster cluster = GatewayCluster.start(List.of("10.99.0.2", "10.99.0.3", "10.99.0.4"), "sw-takeover",
                        i -> "", (i, dir, yaml) -> GatewayProcess.startIn(net, "gw" + (i + 1), dir, yaml), 500, 4500,
                        "{backend: tun, tun: {name: ikb0, address: 10.99.101.1/32}}");
                Charon c = Charon.initiator(net, "i", Map.of("REMOTE_ADDR", "10.99.0.3", "PSK", GatewayCluster.PSK,
                        "NET_TS", "10.99.200.0/24,10.99.101.1/32", "LOG_IKE", "2"))) {
            c.initiate(Charon.CHILD).orThrow();
            Charon.IkeSa before = c.awaitSas(Duration.ofSeconds(20),
                    l -> !l.isEmpty() && l.get(0).established() && !l.get(0).children().isEmpty()).get(0);
            assertTrue(net.exec(Duration.ofSeconds(10), "i", "ping", "-c", "2", "-W", "2", "10.99.101.1").ok(),
                    "ping before");
            long kill = System.nanoTime();
            cluster.kill(1);
            long end = kill + Duration.ofSeconds(40).toNanos();
            boolean back = false;
            while (System.nanoTime() < end) {
                if (net.exec(Duration.ofSeconds(3), "i", "ping", "-c", "1", "-W", "1", "10.99.101.1").ok()) {
                    back = true;
                    break;
                }
            }
            long gap = (System.nanoTime() - kill) / 1_000_000;
            System.out.println("strongSwan takeover: ping resumed " + gap + " ms after SIGKILL");
            assertTrue(back, "ping resumes through a survivor\n" + c.log());
            String oldChild = before.children().get(0).spiIn();
            Charon.IkeSa after = c.awaitSas(Duration.ofSeconds(10), l -> !l.isEmpty() && l.get(0).children().size() == 1
                    && !l.get(0).children().get(0).spiIn().equals(oldChild)).get(0);
            assertEquals(before.localSpi(), after.localSpi(), "the same IKE SA (SPIi)");
            assertEquals(before.remoteSpi(), after.remoteSpi(), "the same IKE SA (SPIr)");
            assertNotEquals("10.99.0.3", after.remoteHost(), "strongSwan follows the address update");
            assertNotEquals(before.children().get(0).spiIn(), after.children().get(0).spiIn(), "new Child SA");
            String log = c.log();
            assertTrue(log.contains("IKEV2_MESSAGE_ID_SYNC") || log.contains("MSG_ID_SYN"),
                    "strongSwan answered the message-ID sync:\n" + log);
        }
    }
}
