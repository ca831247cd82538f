package io.ikebana.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.ikebana.ike.IkeSa;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** A live gateway after one handshake: what /metrics exports, and what it must never export. */
class GatewayMetricsTest {
    static LiveGateway gw;
    static String scrape;

    @BeforeAll
    static void start() throws Exception {
        gw = new LiveGateway(Path.of("target", "tmp", "gateway-metrics-test"));
        // the sampled gauges refresh at start and every few seconds (the owned-SA count is the member
        // directory's, itself counted every 5 s): wait for the established SA and its lease
        long end = System.nanoTime() + 30_000_000_000L;
        do {
            scrape = gw.scrape();
            // one sampler pass sets the SA and the pool gauges one after the other
            if (value(scrape, "ikebana_ike_sas{state=\"established\",}") >= 1
                    && value(scrape, "ikebana_pool_leased{family=\"ipv4\",}") >= 1) {
                break;
            }
            Thread.sleep(200);
        } while (System.nanoTime() < end);
    }

    @AfterAll
    static void stop() throws Exception {
        gw.close();
    }

    static double value(String text, String series) {
        for (String line : text.split("\n")) {
            if (line.startsWith(series + " ")) {
                return Double.parseDouble(line.substring(series.length() + 1).trim());
            }
        }
        return Double.NaN;
    }

    @Test
    void exportsTheGatewaySeries() {
        Set<String> names = LiveGateway.names(scrape);
        for (String n : List.of("ikebana_ike_exchanges_total", "ikebana_ike_auth_failures_total",
                "ikebana_ike_handshake_duration_seconds_bucket", "ikebana_ike_drops_total", "ikebana_ike_sa_events_total",
                "ikebana_cluster_sa_transfers_total", "ikebana_ike_sas", "ikebana_ike_half_open", "ikebana_store_sas",
                "ikebana_store_operation_duration_seconds_bucket", "ikebana_store_checkouts_total",
                "ikebana_dos_cookies_issued_total", "ikebana_dos_puzzles_issued_total",
                "ikebana_dos_puzzles_solved_total", "ikebana_dos_puzzle_difficulty_bits_bucket",
                "ikebana_dos_drops_total", "ikebana_dos_half_open", "ikebana_dos_level", "ikebana_pool_addresses",
                "ikebana_pool_leased", "ikebana_pool_usage_max_ratio", "ikebana_cluster_members",
                "ikebana_cluster_ready", "ikebana_esp_packets_total", "ikebana_esp_bytes_total", "ikebana_esp_drops_total",
                "jvm_memory_used_bytes", "jvm_gc_pause_seconds_count", "process_cpu_usage",
                "vertx_http_server_requests_total", "vertx_datagram_bytes_read_count")) {
            assertTrue(names.contains(n), n + " missing from:\n" + names);
        }
    }

    @Test
    void countsTheHandshake() {
        assertEquals(1.0, value(scrape, "ikebana_ike_exchanges_total{exchange=\"ike_sa_init\",outcome=\"ok\",role=\"responder\",}"));
        assertEquals(1.0, value(scrape, "ikebana_ike_exchanges_total{exchange=\"ike_auth\",outcome=\"ok\",role=\"responder\",}"));
        assertEquals(1.0, value(scrape, "ikebana_ike_sa_events_total{event=\"established\",}"));
        assertEquals(1.0, value(scrape, "ikebana_ike_handshake_duration_seconds_count"));
        assertEquals(1.0, value(scrape, "ikebana_ike_sas{state=\"established\",}"));
        assertEquals(1.0, value(scrape, "ikebana_pool_leased{family=\"ipv4\",}"));
        assertEquals(254.0, value(scrape, "ikebana_pool_addresses{family=\"ipv4\",}"));
        assertEquals(1.0, value(scrape, "ikebana_cluster_members"));
        assertEquals(1.0, value(scrape, "ikebana_cluster_ready"));
        assertTrue(value(scrape, "ikebana_store_checkouts_total{result=\"ok\",}") >= 0);
    }

    @Test
    void labelsNeverNamePeers() throws Exception {
        IkeSa sa = gw.clientSa();
        String lower = scrape.toLowerCase();
        assertFalse(lower.contains(LiveGateway.CLIENT_ID), "identity in metrics");
        assertFalse(lower.contains(String.format("%016x", sa.spiI())), "SPI in metrics");
        assertFalse(lower.contains(String.format("%016x", sa.spiR())), "SPI in metrics");
        // no label value looks like an address (Vert.x's local/remote labels are off)
        Matcher m = Pattern.compile("\\{([^}]*)\\}").matcher(scrape);
        Pattern ip = Pattern.compile("\"[^\"]*\\d+\\.\\d+\\.\\d+\\.\\d+[^\"]*\"");
        while (m.find()) {
            assertFalse(ip.matcher(m.group(1)).find(), "address-like label: " + m.group());
        }
        // every ikebana_ label name comes from our enums
        Matcher labels = Pattern.compile("^ikebana_\\w+\\{([^}]*)\\}", Pattern.MULTILINE).matcher(scrape);
        Set<String> allowed = Set.of("exchange", "role", "outcome", "reason", "event", "kind", "state", "operation",
                "result", "stage", "class", "family", "direction", "le");
        while (labels.find()) {
            for (String kv : labels.group(1).split(",")) {
                if (!kv.isBlank()) {
                    assertTrue(allowed.contains(kv.substring(0, kv.indexOf('='))), kv);
                }
            }
        }
    }

    @Test
    void adminApiShowsTheSaWithoutKeys() throws Exception {
        ObjectMapper json = new ObjectMapper();
        IkeSa sa = gw.clientSa();
        JsonNode list = json.readTree(gw.get("/api/v1/sas?identity=" + LiveGateway.CLIENT_ID, LiveGateway.TOKEN));
        assertEquals(1, list.get("items").size());
        String spi = list.get("items").get(0).get("spi").asText();
        assertEquals(String.format("%016x", sa.spiR()), spi);
        String detail = gw.get("/api/v1/sas/" + spi, LiveGateway.TOKEN);
        for (byte[] key : List.of(sa.skD().bytes(), sa.skEi().bytes(), sa.skEr().bytes())) {
            String hex = java.util.HexFormat.of().formatHex(key);
            assertFalse(detail.contains(hex.substring(0, 16)), "key material in " + detail);
            assertFalse(detail.contains(java.util.Base64.getEncoder().encodeToString(key).substring(0, 12)));
        }
        assertTrue(gw.get("/readyz", null).contains("\"ready\""));
        JsonNode members = json.readTree(gw.get("/api/v1/members", LiveGateway.TOKEN));
        assertEquals("live-1", members.get(0).get("name").asText());
        assertEquals(1, members.size());
    }

    @Test
    void aLoneGatewayRefusesMovesHonestly() throws Exception {
        java.net.http.HttpResponse<String> r = java.net.http.HttpClient.newHttpClient().send(
                java.net.http.HttpRequest.newBuilder(java.net.URI.create("http://127.0.0.1:" + gw.adminPort()
                        + "/api/v1/rebalance")).header("Authorization", "Bearer " + LiveGateway.TOKEN)
                        .POST(java.net.http.HttpRequest.BodyPublishers.noBody()).build(),
                java.net.http.HttpResponse.BodyHandlers.ofString());
        assertEquals(409, r.statusCode(), r.body());
        assertTrue(r.body().contains("urn:ikebana:problem:not-clustered"), r.body());
    }
}
