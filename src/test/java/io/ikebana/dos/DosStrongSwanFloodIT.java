package io.ikebana.dos;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.ikebana.interop.Charon;
import io.ikebana.interop.InteropEnvironment;
import io.ikebana.interop.Netns;
import io.ikebana.testing.GatewayProcess;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Issue acceptance: strongSwan (Debian 5.9, no puzzle support) still connects during a flood that
 * triggers puzzles. Namespaces: our gateway in {@code gw} (10.99.0.2), strongSwan in {@code i}
 * (10.99.0.1), the flooder ({@code ikebana loadgen --flood-rate}, bounded in count and time) in
 * {@code f} (10.99.0.4) sending from 1024 addresses of 10.99.64.0/20, which {@code f} owns
 * (a local route) and {@code gw} routes back to it, so the flooder receives and returns cookies.
 */
class DosStrongSwanFloodIT {
    static final String TOKEN = "dos-flood-it-token";
    static final ObjectMapper JSON = new ObjectMapper();

    static JsonNode dos(Netns net) throws Exception {
        String out = net.exec("gw", "curl", "-sf", "-m", "5", "-H", "Authorization: Bearer " + TOKEN,
                "http://10.99.0.2:8480/api/v1/dos").orThrow().output();
        return JSON.readTree(out);
    }

    @Test
    void strongSwanConnectsDuringAFloodThatTriggersPuzzles() throws Exception {
        assumeTrue(InteropEnvironment.isRoot(), "needs root for network namespaces");
        InteropEnvironment.ensureDeps();
        try (Netns net = Netns.create("i:10.99.0.1", "gw:10.99.0.2", "f:10.99.0.4")) {
            net.ip("f", "route", "add", "local", "10.99.64.0/20", "dev", "lo");
            net.addRoute("gw", "10.99.64.0/20", "10.99.0.4");
            Path dir = InteropEnvironment.workDir().resolve(net.prefix());
            GatewayProcess gw = GatewayProcess.startIn(net, "gw", dir.resolve("gw"), """
                    node: {name: gw-flood}
                    listen: {addresses: [10.99.0.2], ikePort: 500, nattPort: 4500}
                    identity: {id: gw.ikebana.test, auth: psk}
                    ike: {dpd: 0, ikeRekey: 0, childRekey: 0}
                    peers:
                      - {name: psk, remoteId: "%%any", auth: psk, psk: ikb-test-psk-0123456789, pools: [pool4], localTs: [10.99.200.0/24]}
                    pools: [{name: pool4, cidr: 10.99.100.0/24}]
                    dataplane: {backend: none}
                    admin: {enabled: true, address: 10.99.0.2, port: 8480, token: {value: %s}}
                    dos:
                      halfOpen: {cookieThreshold: 10, puzzleThreshold: 30, capacity: 2000}
                    """.formatted(TOKEN));
            try (gw) {
                gw.awaitLog(Duration.ofSeconds(30), l -> l.contains("/healthz"));
                List<String> flood = new ArrayList<>(List.of(
                        Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx256m",
                        "-jar", GatewayProcess.jar().toString(), "loadgen", "-g", "10.99.0.2:500",
                        "-n", "0", "--sources", "1", "--source", "127.0.1.1",
                        "--flood-rate", "1500", "--flood-count", "30000", "--duration", "20",
                        "--flood-source", "10.99.64.1", "--flood-sources", "1024", "--flood-answer-cookies"));
                Path floodLog = dir.resolve("flood.log");
                Process flooder = net.start("f", flood, floodLog);
                try {
                    // the flood pushes the half-open count past the puzzle threshold
                    JsonNode s = dos(net);
                    long end = System.nanoTime() + Duration.ofSeconds(20).toNanos();
                    while (!"puzzles".equals(s.get("level").asText()) && System.nanoTime() < end) {
                        Thread.sleep(250);
                        s = dos(net);
                    }
                    assertEquals("puzzles", s.get("level").asText(), s + "\n" + Files.readString(floodLog));
                    long cookiesBefore = s.get("counters").get("cookiesAccepted").asLong();
                    long t0 = System.nanoTime();
                    try (Charon c = Charon.initiator(net, "i", Map.of("REMOTE_ADDR", "10.99.0.2",
                            "RETRANSMIT_TRIES", "5"))) {
                        InteropEnvironment.Result r = c.initiate(Charon.CHILD);
                        long ms = (System.nanoTime() - t0) / 1_000_000;
                        JsonNode during = dos(net);
                        boolean floodRunning = flooder.isAlive();
                        System.out.println("strongSwan under flood: " + (r.ok() ? "established" : "failed") + " in "
                                + ms + " ms (incl. charon start), flood running=" + floodRunning + "; gateway " + during);
                        assertTrue(r.ok(), r.describe() + "\n" + c.log());
                        List<Charon.IkeSa> sas = c.awaitSas(Duration.ofSeconds(10),
                                l -> !l.isEmpty() && l.get(0).established());
                        assertEquals("INSTALLED", sas.get(0).children().get(0).state(), c.log());
                        assertTrue(c.log().contains("received COOKIE"), "strongSwan was asked for a cookie:\n"
                                + c.log());
                        assertEquals("puzzles", during.get("level").asText(), during.toString());
                        assertTrue(floodRunning, "the flood was still on");
                        assertTrue(during.get("counters").get("cookiesAccepted").asLong() > cookiesBefore);
                        assertTrue(during.get("counters").get("initPuzzlesIssuedByDifficulty").size() > 0,
                                during.toString());
                    }
                } finally {
                    flooder.destroy();
                    flooder.waitFor();
                    System.out.println("flooder: " + Files.readString(floodLog).strip());
                }
            }
        }
    }
}
