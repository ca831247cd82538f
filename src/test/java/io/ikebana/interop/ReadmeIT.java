package io.ikebana.interop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.ikebana.testing.GatewayProcess;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * What README.md tells a newcomer works as written: the quickstart's command starts a gateway on
 * the embedded default, and the strongSwan swanctl.conf shown there connects to it (strongSwan and
 * the gateway in one namespace of their own, on its 127.0.0.1), gets a virtual IP and pings
 * through the tunnel.
 */
class ReadmeIT {

    @Test
    void theQuickstartGatewayTakesTheReadmesStrongSwanClient() throws Exception {
        assumeTrue(InteropEnvironment.isRoot(), "needs root for a network namespace and TUN");
        InteropEnvironment.ensureDeps();
        List<String> readme = Files.readAllLines(InteropEnvironment.basedir().resolve("README.md"));
        String run = readme.stream().filter(l -> l.contains("java -jar target/ikebana.jar gateway")).findFirst()
                .orElseThrow().trim();
        String command = run.substring(run.indexOf("java -jar"));
        assertEquals("java -jar target/ikebana.jar gateway", command, "the quickstart starts the embedded default");
        String swanctl = block(readme, "    connections {");
        assertTrue(swanctl.contains("secrets {"), swanctl);

        try (Netns net = Netns.create("r:10.99.0.1")) {
            Path dir = InteropEnvironment.workDir().resolve(net.prefix()).resolve("readme-gw");
            Files.createDirectories(dir);
            List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-Xmx256m", "-jar", GatewayProcess.jar().toString(), "gateway"));
            Process gw = net.start("r", cmd, dir.resolve("gateway.log"));
            try {
                awaitLog(dir.resolve("gateway.log"), "listening on");
                // the ports README.md asks for on the gateway's machine
                String ports = block(readme, "    charon {");
                assertTrue(ports.contains("port = 0") && ports.contains("port_nat_t = 0"), ports);
                try (Charon c = Charon.initiator(net, "r", Map.of(Charon.SWANCTL_CONF, swanctl, "LOG_IKE", "2",
                        "IKE_PORT", "0", "NATT_PORT", "0"))) {
                    c.initiate("net").orThrow();
                    Charon.IkeSa sa = c.awaitSas(Duration.ofSeconds(20),
                            l -> !l.isEmpty() && l.get(0).established() && !l.get(0).children().isEmpty()).get(0);
                    assertTrue(sa.localVips().stream().anyMatch(v -> v.startsWith("10.99.100.")), sa.toString());
                    assertTrue(net.exec(Duration.ofSeconds(10), "r", "ping", "-c", "2", "-W", "2", "10.99.200.1").ok(),
                            "ping through the tunnel to the gateway's side\n" + c.log());
                }
            } finally {
                gw.destroy();
                gw.waitFor();
            }
        }
    }

    /** The indented code block of README.md that starts with {@code first}. */
    static String block(List<String> lines, String first) {
        int start = lines.indexOf(first);
        assertTrue(start >= 0, "README.md has no block starting with " + first.trim());
        StringBuilder b = new StringBuilder();
        for (int i = start; i < lines.size() && (lines.get(i).startsWith("    ") || lines.get(i).isBlank()); i++) {
            if (lines.get(i).isBlank() && (i + 1 >= lines.size() || !lines.get(i + 1).startsWith("    "))) {
                break;
            }
            b.append(lines.get(i).length() >= 4 ? lines.get(i).substring(4) : "").append('\n');
        }
        return b.toString();
    }

    static void awaitLog(Path log, String needle) throws IOException, InterruptedException {
        long end = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (System.nanoTime() < end) {
            if (Files.exists(log) && Files.readString(log).contains(needle)) {
                return;
            }
            Thread.sleep(100);
        }
        throw new AssertionError("no '" + needle + "' in " + log + ":\n" + (Files.exists(log) ? Files.readString(log) : ""));
    }
}
