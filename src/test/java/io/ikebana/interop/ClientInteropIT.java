package io.ikebana.interop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.ikebana.testing.GatewayProcess;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@code ikebana client} (a separate JVM in one namespace) against a strongSwan responder
 * (kernel-libipsec, in another): established with PSK and with certificates, pings through the
 * tunnel, rekeys the IKE SA and the Child SA, deletes.
 */
class ClientInteropIT {
    static Netns net;

    @BeforeAll
    static void up() {
        assumeTrue(InteropEnvironment.isRoot(), "needs root for network namespaces");
        InteropEnvironment.ensureDeps();
        net = Netns.create("i:10.99.0.1", "r:10.99.0.2");
        net.addAddress("r", "10.99.200.1/32", "lo");
    }

    @AfterAll
    static void down() {
        if (net != null) {
            net.close();
        }
    }

    private static InteropEnvironment.Result client(String... args) {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx128m", "-jar", GatewayProcess.jar().toString(), "client", "--gateway", "10.99.0.2:500",
                "--remote-id", "gw.ikebana.test", "--ts", "10.99.200.0/24", "--ping", "10.99.200.1"));
        cmd.addAll(List.of(args));
        return net.exec(Duration.ofSeconds(60), "i", cmd.toArray(new String[0]));
    }

    @Test
    void pskRekeyAndDelete() {
        Map<String, String> s = new HashMap<>();
        s.put("LOG_IKE", "2");
        try (Charon r = Charon.responder(net, "r", s)) {
            InteropEnvironment.Result out = client("--psk", "ikb-test-psk-0123456789", "--ike-rekey", "4",
                    "--child-rekey", "3", "--hold", "9");
            assertTrue(out.ok(), out.output() + "\n" + r.log());
            assertTrue(out.output().contains("1 of 1 IKE SAs established"), out.output());
            assertTrue(out.output().contains("3/3 replies"), "pings through strongSwan:\n" + out.output());
            String log = r.log();
            assertTrue(log.contains("IKE_SA rw[1] established"), log);
            assertTrue(log.matches("(?s).*IKE_SA rw\\[\\d+] rekeyed.*"), "IKE SA rekeyed by our client:\n" + log);
            assertTrue(log.contains("received DELETE for ESP CHILD_SA"), "old Child SA deleted after its rekey:\n" + log);
            assertTrue(log.contains("received DELETE for IKE_SA"), log);
            r.awaitSas(Duration.ofSeconds(10), List::isEmpty);
        }
    }

    @Test
    void certificates() {
        Path certs = InteropEnvironment.certs();
        Map<String, String> s = new HashMap<>();
        s.put("AUTH", "pubkey");
        s.put("CERT_DIR", certs.toString());
        try (Charon r = Charon.responder(net, "r", s)) {
            InteropEnvironment.Result out = client("--cert", certs.resolve("client-ecdsa.crt").toString(),
                    "--key", certs.resolve("client-ecdsa.key").toString(), "--ca", certs.resolve("ca.crt").toString(),
                    "--id", "client-ecdsa@ikebana.test");
            assertTrue(out.ok(), out.output() + "\n" + r.log());
            assertTrue(out.output().contains("3/3 replies"), out.output());
            assertTrue(r.log().contains("authentication of 'client-ecdsa@ikebana.test' with ECDSA"), r.log());
            r.awaitSas(Duration.ofSeconds(10), List::isEmpty);
            assertEquals(0, r.listSas().size());
        }
    }
}
