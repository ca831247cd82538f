package io.ikebana.interop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.ikebana.testing.GatewayProcess;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * strongSwan 5.9 (Debian, kernel-libipsec) as initiator in one namespace, our gateway as a
 * separate JVM in another: proposals, PSK and certificates, fragmentation, rekeying by
 * strongSwan, DPD and delete.
 */
class GatewayInteropIT {
    static Netns net;
    static GatewayProcess gw;
    static Path certs;

    static String config(Path certs) {
        return config(certs, "10.99.0.2", 500, 4500, "ikb-test-psk-0123456789", "none");
    }

    /** PSK and certificate peers, the four interop proposals, no rekeys or DPD of our own. */
    static String config(Path certs, String address, int ikePort, int nattPort, String psk, String dataplane) {
        return """
                node: {name: gw-interop}
                listen: {addresses: [%2$s], ikePort: %3$d, nattPort: %4$d}
                identity:
                  id: gw.ikebana.test
                  auth: psk
                  certificate: %1$s/gw.crt
                  privateKey: %1$s/gw.key
                ike:
                  proposals: [aes256gcm16-prfsha256-x25519, aes128-sha256-ecp256, aes256-sha384-ecp384,
                              aes128gcm16-prfsha256-modp2048]
                  espProposals: [aes256gcm16, aes128-sha256, aes128gcm16]
                  dpd: 0
                  ikeRekey: 0
                  childRekey: 0
                peers:
                  - name: certs
                    remoteId: "%%any"
                    auth: pubkey
                    localAuth: pubkey
                    cas: [%1$s/ca.crt]
                    pools: [pool4]
                    localTs: [10.99.200.0/24]
                  - name: psk
                    remoteId: "%%any"
                    auth: psk
                    psk: %5$s
                    pools: [pool4]
                    localTs: [10.99.200.0/24]
                pools: [{name: pool4, cidr: 10.99.100.0/24}]
                dataplane: {backend: %6$s}
                admin: {enabled: false}
                """.formatted(certs, address, ikePort, nattPort, psk, dataplane);
    }

    @BeforeAll
    static void up() {
        assumeTrue(InteropEnvironment.isRoot(), "needs root for network namespaces");
        InteropEnvironment.ensureDeps();
        certs = InteropEnvironment.certs();
        net = Netns.create("i:10.99.0.1", "gw:10.99.0.2");
        gw = GatewayProcess.startIn(net, "gw", InteropEnvironment.workDir().resolve(net.prefix()).resolve("gw"),
                config(certs));
    }

    @AfterAll
    static void down() {
        if (gw != null) {
            gw.close();
        }
        if (net != null) {
            net.close();
        }
    }

    private static Charon.IkeSa connect(Charon c) {
        c.initiate(Charon.CHILD).orThrow();
        List<Charon.IkeSa> sas = c.awaitSas(Duration.ofSeconds(15),
                l -> !l.isEmpty() && l.get(0).established() && !l.get(0).children().isEmpty());
        Charon.IkeSa sa = sas.get(0);
        assertEquals("INSTALLED", sa.children().get(0).state(), c.log());
        return sa;
    }

    private static void terminate(Charon c, Charon.IkeSa sa) {
        long before = gw.count("deleted: deleted by peer");
        c.terminateIke(Charon.INITIATOR_CONN).orThrow();
        gw.awaitLog(Duration.ofSeconds(10), l -> l.lines().filter(x -> x.contains("deleted: deleted by peer")).count() > before);
        assertTrue(c.listSas().isEmpty());
    }

    @ParameterizedTest
    @CsvSource({
        "aes256gcm16-prfsha256-x25519, aes256gcm16",
        "aes128-sha256-ecp256, aes128-sha256",
        "aes256-sha384-ecp384, aes256gcm16",
        "aes128gcm16-prfsha256-modp2048, aes128gcm16",
    })
    void pskProposals(String ike, String esp) {
        try (Charon c = Charon.initiator(net, "i", Map.of("IKE_PROPOSAL", ike, "ESP_PROPOSAL", esp))) {
            Charon.IkeSa sa = connect(c);
            assertTrue(sa.localVips().stream().anyMatch(v -> v.startsWith("10.99.100.")), sa.toString());
            assertTrue(c.log().contains("IKE_SA ikb[1] established"), c.log());
            gw.awaitLog(Duration.ofSeconds(5), l -> l.contains(sa.remoteSpi()) || l.contains("established with client@ikebana.test"));
            terminate(c, sa);
        }
    }

    @ParameterizedTest
    @CsvSource({"client-ecdsa.crt, client-ecdsa@ikebana.test", "client-rsa.crt, client-rsa@ikebana.test"})
    void certificates(String cert, String id) {
        Map<String, String> s = new HashMap<>();
        s.put("AUTH", "pubkey");
        s.put("LOCAL_CERT", cert);
        s.put("LOCAL_ID", id);
        s.put("CERT_DIR", certs.toString());
        try (Charon c = Charon.initiator(net, "i", s)) {
            Charon.IkeSa sa = connect(c);
            gw.awaitLog(Duration.ofSeconds(5), l -> l.contains("established with " + id));
            terminate(c, sa);
        }
    }

    @Test
    void fragmentedCertificateChain() {
        Map<String, String> s = new HashMap<>();
        s.put("AUTH", "pubkey");
        s.put("LOCAL_CERT", "client-big.crt");
        s.put("CA_CERTS", "ca.crt,int-ca.crt");
        s.put("LOCAL_ID", "client-big@ikebana.test");
        s.put("CERT_DIR", certs.toString());
        try (Charon c = Charon.initiator(net, "i", s)) {
            Charon.IkeSa sa = connect(c);
            assertTrue(c.log().contains("splitting IKE message"), "strongSwan fragmented IKE_AUTH");
            gw.awaitLog(Duration.ofSeconds(5), l -> l.contains("established with client-big@ikebana.test"));
            assertTrue(gw.count("reassembled from") > 0, "the gateway reassembled strongSwan's fragments");
            terminate(c, sa);
        }
    }

    @Test
    void strongSwanRekeysIkeAndChildAndSendsDpd() throws Exception {
        Map<String, String> s = new HashMap<>();
        s.put("REKEY_TIME", "6s");
        s.put("DPD", "2s");
        s.put("EXTRA_CONN", "over_time = 60s");
        try (Charon c = Charon.initiator(net, "i", s)) {
            Charon.IkeSa before = connect(c);
            String childBefore = before.children().get(0).spiIn();
            // the Child SA rekey on demand (CREATE_CHILD_SA with N(REKEY_SA)), the IKE SA by its lifetime
            c.swanctl("--rekey", "--child", Charon.CHILD).orThrow();
            List<Charon.IkeSa> after = c.awaitSas(Duration.ofSeconds(25), l -> !l.isEmpty() && l.get(0).established()
                    && !l.get(0).localSpi().equals(before.localSpi()) && !l.get(0).children().isEmpty()
                    && !l.get(0).children().get(0).spiIn().equals(childBefore)
                    && c.log().contains("sending DPD request"));
            Charon.IkeSa now = after.get(0);
            assertNotEquals(before.localSpi(), now.localSpi(), "IKE SA rekeyed");
            assertEquals(1, now.children().size());
            assertEquals("INSTALLED", now.children().get(0).state());
            String log = c.log();
            assertTrue(log.contains("IKE_SA ikb[2] rekeyed"), log);
            assertFalse(log.contains("giving up after"), "DPD and rekeys answered:\n" + log);
            Thread.sleep(3000);
            assertTrue(c.listSas().get(0).established(), "still up after DPD");
            terminate(c, c.listSas().get(0));
        }
    }
}
