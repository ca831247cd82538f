package io.ikebana.interop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.ikebana.testing.GatewayProcess;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * ESP through our gateway's user-space data plane: strongSwan (kernel-libipsec) in one namespace,
 * our gateway with a TUN device in another, a server behind the gateway in a third. Pings the
 * gateway's inner address and the server, sends a fixed-size TCP stream that must arrive intact,
 * rekeys the Child SA and pings again.
 */
class DataPlaneInteropIT {
    static Netns net;
    static GatewayProcess gw;

    static final String CONFIG = """
            node: {name: gw-esp}
            listen: {addresses: [10.99.0.2], ikePort: 500, nattPort: 4500}
            identity: {id: gw.ikebana.test, auth: psk}
            ike:
              proposals: [aes256gcm16-prfsha256-x25519, aes128-sha256-ecp256]
              espProposals: [aes256gcm16, aes128-sha256]
              dpd: 0
              ikeRekey: 0
              childRekey: 0
            peers:
              - name: psk
                remoteId: "%any"
                auth: psk
                psk: ikb-test-psk-0123456789
                pools: [pool4]
                localTs: [10.99.200.0/24, 10.99.101.1/32]
            pools: [{name: pool4, cidr: 10.99.100.0/24}]
            dataplane:
              backend: tun
              tun: {name: ikb0, address: 10.99.101.1/32, mtu: 1400}
            admin: {enabled: false}
            """;

    @BeforeAll
    static void up() {
        assumeTrue(InteropEnvironment.isRoot(), "needs root for network namespaces and TUN");
        InteropEnvironment.ensureDeps();
        net = Netns.create("i:10.99.0.1", "gw:10.99.0.2,10.99.200.1", "srv:10.99.200.2");
        net.exec("gw", "sysctl", "-qw", "net.ipv4.ip_forward=1").orThrow();
        net.addRoute("srv", "10.99.100.0/24", "10.99.200.1");
        net.addRoute("srv", "10.99.101.1/32", "10.99.200.1");
        gw = GatewayProcess.startIn(net, "gw", InteropEnvironment.workDir().resolve(net.prefix()).resolve("gw"), CONFIG);
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

    private static void ping(String target) {
        InteropEnvironment.Result r = net.exec(Duration.ofSeconds(20), "i", "ping", "-c", "3", "-i", "0.2", "-W", "2", target);
        assertTrue(r.ok(), "ping " + target + ":\n" + r.output() + "\n" + gw.log());
    }

    private static void bulk(int bytes) throws Exception {
        Path dir = InteropEnvironment.workDir().resolve(net.prefix());
        Path sinkLog = dir.resolve("sink.log");
        String cp = System.getProperty("java.class.path");
        String javaBin = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process sink = net.start("srv", List.of(javaBin, "-Xmx64m", "-cp", cp, "io.ikebana.testing.TcpSink", "9000"), sinkLog);
        long end = System.nanoTime() + Duration.ofSeconds(15).toNanos();
        while (!Files.readString(sinkLog).contains("listening") && System.nanoTime() < end) {
            Thread.sleep(50);
        }
        InteropEnvironment.Result sent = net.exec(Duration.ofSeconds(60), "i", javaBin, "-Xmx64m", "-cp", cp,
                "io.ikebana.testing.TcpSink", "--send", String.valueOf(bytes), "10.99.200.2:9000");
        assertTrue(sent.ok(), sent.output());
        assertTrue(sink.waitFor(30, java.util.concurrent.TimeUnit.SECONDS), "sink finished");
        String got = Files.readString(sinkLog).lines().filter(l -> l.startsWith("bytes=")).findFirst().orElse("");
        String expected = sent.output().lines().filter(l -> l.startsWith("bytes=")).findFirst().orElse("none");
        assertEquals(expected, got, "the stream arrived intact");
    }

    @ParameterizedTest
    @CsvSource({"aes256gcm16-prfsha256-x25519, aes256gcm16", "aes128-sha256-ecp256, aes128-sha256"})
    void pingBulkAndRekey(String ike, String esp) throws Exception {
        try (Charon c = Charon.initiator(net, "i", Map.of("IKE_PROPOSAL", ike, "ESP_PROPOSAL", esp,
                "NET_TS", "10.99.200.0/24,10.99.101.1/32"))) {
            c.initiate(Charon.CHILD).orThrow();
            Charon.IkeSa sa = c.awaitSas(Duration.ofSeconds(15),
                    l -> !l.isEmpty() && l.get(0).established() && !l.get(0).children().isEmpty()).get(0);
            ping("10.99.101.1");
            ping("10.99.200.2");
            bulk(4_000_000);
            String before = sa.children().get(0).spiIn();
            c.swanctl("--rekey", "--child", Charon.CHILD).orThrow();
            c.awaitSas(Duration.ofSeconds(15), l -> !l.isEmpty() && l.get(0).children().size() == 1
                    && !l.get(0).children().get(0).spiIn().equals(before));
            ping("10.99.200.2");
            Charon.IkeSa after = c.listSas().get(0);
            assertNotEquals(before, after.children().get(0).spiIn());
            assertTrue(Long.parseLong(after.children().get(0).attributes().getOrDefault("packets-in", "0")) > 0,
                    "traffic flows on the new Child SA");
            c.terminateIke(Charon.INITIATOR_CONN).orThrow();
        }
    }
}
