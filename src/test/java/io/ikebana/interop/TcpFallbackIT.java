package io.ikebana.interop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.ikebana.testing.GatewayProcess;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Issue acceptance: a client whose UDP is blocked falls back to TCP (RFC 9329 §5.1). Our gateway
 * (a separate JVM) listens on UDP 500/4500 and TCP 4500 in one namespace; {@code ikebana client}
 * runs in another whose firewall (nftables) drops every UDP packet it sends. The client tries
 * UDP, gives up after one unanswered retransmission, starts over in TCP with a new SPIi, and
 * pings through ESP in the stream; with {@code --tcp} it never tries UDP.
 */
class TcpFallbackIT {
    static final String PSK = "ikb-tcp-fallback-psk-0123456789";
    static Netns net;
    static GatewayProcess gw;

    @BeforeAll
    static void up() {
        assumeTrue(InteropEnvironment.isRoot(), "needs root for network namespaces");
        InteropEnvironment.ensureDeps();
        net = Netns.create("c:10.99.0.1", "gw:10.99.0.2");
        gw = GatewayProcess.startIn(net, "gw", InteropEnvironment.workDir().resolve(net.prefix()).resolve("gw"), """
                node: {name: gw-tcp}
                listen: {addresses: [10.99.0.2], ikePort: 500, nattPort: 4500}
                identity: {id: gw.ikebana.test, auth: psk}
                ike: {dpd: 0, ikeRekey: 0, childRekey: 0}
                peers:
                  - {name: clients, remoteId: "%%any", auth: psk, psk: %s, pools: [pool4], localTs: [10.99.200.0/24]}
                pools: [{name: pool4, cidr: 10.99.100.0/24}]
                dataplane: {backend: memory}
                admin: {enabled: false}
                """.formatted(PSK));
        // the client's network drops all UDP it sends (a hotel or corporate firewall)
        net.exec("c", "nft", "add", "table", "inet", "ikb").orThrow();
        net.exec("c", "nft", "add chain inet ikb out { type filter hook output priority 0; }").orThrow();
        net.exec("c", "nft", "add", "rule", "inet", "ikb", "out", "meta", "l4proto", "udp", "counter", "drop").orThrow();
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

    private static InteropEnvironment.Result client(String... args) {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx128m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-jar", GatewayProcess.jar().toString(),
                "client", "--gateway", "10.99.0.2:500", "--psk", PSK, "--ts", "10.99.200.0/24", "--ping", "10.99.200.1",
                "--retransmit-timeout", "300", "--timeout", "20"));
        cmd.addAll(List.of(args));
        return net.exec(Duration.ofSeconds(60), "c", cmd.toArray(new String[0]));
    }

    /** UDP packets the client's firewall dropped so far. */
    private static long udpDropped() {
        String rules = net.exec("c", "nft", "list", "ruleset").orThrow().output();
        Matcher m = Pattern.compile("meta l4proto udp counter packets (\\d+)").matcher(rules);
        assertTrue(m.find(), rules);
        return Long.parseLong(m.group(1));
    }

    @Test
    void blockedUdpFallsBackToTcp() {
        long before = udpDropped();
        InteropEnvironment.Result out = client();
        assertTrue(out.ok(), out.output() + "\n" + gw.log());
        assertTrue(out.output().contains("1 of 1 IKE SAs established"), out.output());
        assertTrue(out.output().contains("1 fell back from UDP to TCP"), out.output());
        assertTrue(out.output().contains("3/3 replies"), "ESP in the TCP stream:\n" + out.output());
        // IKE_SA_INIT and one retransmission went out over UDP and were dropped, nothing else
        assertEquals(2, udpDropped() - before, "UDP tried first (RFC 9329 §5.1), then never again");
        gw.awaitLog(Duration.ofSeconds(5), l -> l.contains("established with client@ikebana.test at /10.99.0.1:"));
    }

    @Test
    void tcpOnlyNeverTriesUdp() {
        long before = udpDropped();
        InteropEnvironment.Result out = client("--tcp");
        assertTrue(out.ok(), out.output() + "\n" + gw.log());
        assertTrue(out.output().contains("3/3 replies"), out.output());
        assertTrue(!out.output().contains("fell back"), out.output());
        assertEquals(before, udpDropped(), "--tcp sends nothing over UDP");
    }
}
