package io.ikebana.interop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ikebana.testing.GatewayProcess;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * {@code ikebana client} against {@code ikebana gateway}, each its own process, on loopback: the
 * matrix strongSwan runs against the gateway (four proposals with PSK, ECDSA and RSA certificates
 * with a CA, a chain big enough to fragment IKE_AUTH), plus rekeys of the IKE SA and the Child SA
 * with traffic before and after, and deletion. The gateway answers pings on its in-memory data
 * plane, so each run also proves the Child SA's keys match on both sides.
 */
class ClientGatewayMatrixIT {
    static final String GW = "127.0.0.9";
    static final String CLIENT = "127.0.0.10";
    static final int PORT = 15700;
    static final String PSK = "matrix-psk-0123456789";
    static GatewayProcess gw;
    static Path certs;

    @BeforeAll
    static void up() {
        InteropEnvironment.ensureDeps();
        certs = InteropEnvironment.certs();
        gw = GatewayProcess.start(InteropEnvironment.workDir().resolve("matrix-gw"),
                GatewayInteropIT.config(certs, GW, PORT, PORT + 1, PSK, "memory"));
    }

    @AfterAll
    static void down() {
        if (gw != null) {
            gw.close();
        }
    }

    private static InteropEnvironment.Result client(String... args) {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx128m", "-jar", GatewayProcess.jar().toString(), "client", "--gateway", GW + ":" + PORT,
                "--bind", CLIENT, "--remote-id", "gw.ikebana.test", "--ts", "10.99.200.0/24",
                "--ping", "10.99.200.1", "--no-tcp-fallback"));
        cmd.addAll(List.of(args));
        return InteropEnvironment.run(Duration.ofSeconds(90), Map.of(), cmd);
    }

    private static void assertEstablishedAndPinged(InteropEnvironment.Result r) {
        assertTrue(r.ok(), r.describe());
        assertTrue(r.output().contains("1 of 1 IKE SAs established"), r.output());
        assertTrue(r.output().contains("virtual ip 10.99.100."), "a virtual IP from the pool:\n" + r.output());
        Matcher m = Pattern.compile("ping 10\\.99\\.200\\.1 from \\S+: (\\d+)/(\\d+) replies").matcher(r.output());
        int pings = 0;
        while (m.find()) {
            assertEquals(m.group(2), m.group(1), r.output());
            pings++;
        }
        assertTrue(pings >= 1, "pinged through the Child SA:\n" + r.output());
        assertTrue(r.output().contains("deleted: deleted"), "the client deleted its IKE SA:\n" + r.output());
    }

    @ParameterizedTest
    @CsvSource({
        "aes256gcm16-prfsha256-x25519, aes256gcm16",
        "aes128-sha256-ecp256, aes128-sha256",
        "aes256-sha384-ecp384, aes256gcm16",
        "aes128gcm16-prfsha256-modp2048, aes128gcm16",
    })
    void pskProposals(String ike, String esp) {
        InteropEnvironment.Result r = client("--psk", PSK, "--ike", ike, "--esp", esp);
        assertEstablishedAndPinged(r);
        String group = ike.substring(ike.lastIndexOf('-') + 1);
        assertTrue(r.output().contains(group), "negotiated " + ike + ":\n" + r.output());
        gw.awaitLog(Duration.ofSeconds(10), l -> l.contains("with client@ikebana.test deleted: deleted by peer"));
    }

    @ParameterizedTest
    @CsvSource({"client-ecdsa, client-ecdsa@ikebana.test", "client-rsa, client-rsa@ikebana.test"})
    void certificates(String file, String id) {
        InteropEnvironment.Result r = client("--cert", certs.resolve(file + ".crt").toString(), "--key",
                certs.resolve(file + ".key").toString(), "--ca", certs.resolve("ca.crt").toString(), "--id", id);
        assertEstablishedAndPinged(r);
        gw.awaitLog(Duration.ofSeconds(10), l -> l.contains("established with " + id));
    }

    @Test
    void aCertificateChainBigEnoughToFragment() {
        InteropEnvironment.Result r = client("--cert", certs.resolve("client-big-chain.pem").toString(), "--key",
                certs.resolve("client-big.key").toString(), "--ca", certs.resolve("ca.crt").toString(), "--id",
                "client-big@ikebana.test");
        assertEstablishedAndPinged(r);
        gw.awaitLog(Duration.ofSeconds(10), l -> l.contains("established with client-big@ikebana.test"));
        assertTrue(gw.count("reassembled from") > 0, "our client fragmented its IKE_AUTH (RFC 7383)");
    }

    @Test
    void rekeysOfTheIkeSaAndTheChildSaKeepTrafficFlowing() {
        InteropEnvironment.Result r = client("--psk", PSK, "--ike-rekey", "3", "--child-rekey", "2", "--hold", "8");
        assertEstablishedAndPinged(r);
        assertTrue(r.output().contains("IKE SA rekeyed"), "the IKE SA was rekeyed:\n" + r.output());
        long children = r.output().lines().filter(l -> l.startsWith("Child SA installed")).count();
        assertTrue(children >= 2, "the Child SA was rekeyed:\n" + r.output());
        long pingLines = r.output().lines().filter(l -> l.startsWith("ping ")).count();
        assertEquals(2, pingLines, "pinged before and after the rekeys:\n" + r.output());
    }
}
