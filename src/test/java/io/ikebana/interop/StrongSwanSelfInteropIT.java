package io.ikebana.interop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.ikebana.interop.Charon.ChildSa;
import io.ikebana.interop.Charon.IkeSa;
import io.ikebana.interop.InteropEnvironment.Result;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Proves the harness itself: a strongSwan initiator against a strongSwan responder, each in its
 * own namespace, with kernel-libipsec as data plane (this kernel has no ESP in XFRM).
 */
@Timeout(value = 90, unit = TimeUnit.SECONDS)
class StrongSwanSelfInteropIT {

    private static final String NET_TS_ADDR = "10.99.200.1";

    @BeforeAll
    static void environment() {
        assumeTrue(InteropEnvironment.isRoot(), "network namespaces need root");
        InteropEnvironment.ensureDeps();
    }

    @Test
    void pskTunnel() {
        tunnel(Map.of(), Map.of());
    }

    @Test
    void ecdsaCertificateTunnel() {
        Map<String, String> client = Map.of("AUTH", "pubkey",
                "LOCAL_CERT", "client-ecdsa.crt", "LOCAL_ID", "client-ecdsa@ikebana.test");
        tunnel(Map.of("AUTH", "pubkey"), client);
    }

    /** The large client chain of mkcerts.sh really makes IKE_AUTH fragmented. */
    @Test
    void bigCertificateChainIsFragmented() {
        Map<String, String> client = Map.of("AUTH", "pubkey", "LOCAL_CERT", "client-big.crt",
                "CA_CERTS", "ca.crt int-ca.crt", "LOCAL_ID", "client-big@ikebana.test");
        String log = tunnel(Map.of("AUTH", "pubkey"), client);
        assertTrue(log.contains("sending issuer cert"), "intermediate CA not sent");
        assertTrue(log.matches("(?s).*splitting IKE message \\(\\d+ bytes\\) into \\d+ fragments.*"),
                "IKE_AUTH not fragmented");
    }

    /** Sets up, checks and tears down one tunnel; returns the initiator's log. */
    private static String tunnel(Map<String, String> responderSettings, Map<String, String> initiatorSettings) {
        String prefix;
        long initiatorPid;
        long responderPid;
        String initiatorLog;
        try (Netns net = Netns.create("i:10.99.0.1", "r:10.99.0.2")) {
            prefix = net.prefix();
            // an address inside the responder's NET_TS (10.99.200.0/24) to ping through the tunnel
            net.addAddress("r", NET_TS_ADDR + "/32", "lo");
            try (Charon responder = Charon.responder(net, "r", responderSettings);
                 Charon initiator = Charon.initiator(net, "i", with(initiatorSettings, "REMOTE_ADDR", "10.99.0.2"))) {
                initiatorPid = initiator.pid();
                responderPid = responder.pid();

                Result up = initiator.initiate(Charon.CHILD);
                assertTrue(up.ok(), up::describe);

                IkeSa mine = single(initiator.listSas());
                IkeSa theirs = single(responder.listSas());
                assertTrue(mine.established() && theirs.established(), () -> mine + "\n" + theirs);
                assertTrue(mine.initiator());
                assertFalse(theirs.initiator());
                assertEquals("10.99.0.2", mine.remoteHost());
                assertEquals("10.99.0.1", theirs.remoteHost());
                assertEquals(mine.localSpi(), theirs.remoteSpi());
                assertEquals(mine.remoteSpi(), theirs.localSpi());

                assertEquals(1, mine.localVips().size(), mine::toString);
                String vip = mine.localVips().get(0);
                assertTrue(vip.startsWith("10.99.100."), vip);
                assertEquals(List.of(vip), theirs.remoteVips());

                ChildSa child = single(mine.children());
                ChildSa peerChild = single(theirs.children());
                assertEquals("INSTALLED", child.state());
                assertEquals("INSTALLED", peerChild.state());
                assertEquals(child.spiIn(), peerChild.spiOut());
                assertEquals(child.spiOut(), peerChild.spiIn());
                assertEquals(List.of(vip + "/32"), child.localTs());
                assertEquals(List.of("10.99.200.0/24"), child.remoteTs());

                Result ping = net.exec("i", "ping", "-c", "2", "-W", "2", NET_TS_ADDR);
                assertTrue(ping.ok(), ping::describe);

                Result down = initiator.terminateIke(Charon.INITIATOR_CONN);
                assertTrue(down.ok(), down::describe);
                assertTrue(initiator.listSas().isEmpty());
                responder.awaitSas(Duration.ofSeconds(5), List::isEmpty);
                initiatorLog = initiator.log();
            }
            assertFalse(ProcessHandle.of(initiatorPid).map(ProcessHandle::isAlive).orElse(false));
            assertFalse(ProcessHandle.of(responderPid).map(ProcessHandle::isAlive).orElse(false));
        }
        String namespaces = InteropEnvironment.run(InteropEnvironment.DEFAULT_TIMEOUT, Map.of(),
                List.of("ip", "netns", "list")).orThrow().output();
        assertFalse(namespaces.contains(prefix + "-"), namespaces);
        return initiatorLog;
    }

    private static Map<String, String> with(Map<String, String> settings, String key, String value) {
        Map<String, String> copy = new HashMap<>(settings);
        copy.put(key, value);
        return copy;
    }

    private static <T> T single(List<T> items) {
        assertEquals(1, items.size(), items::toString);
        return items.get(0);
    }
}
