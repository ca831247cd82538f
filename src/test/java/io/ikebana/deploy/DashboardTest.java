package io.ikebana.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.ikebana.interop.InteropEnvironment;
import io.ikebana.metrics.LiveGateway;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The Grafana dashboard and the alert rules query only metrics a live gateway exports (after a
 * handshake), and every dashboard expression is valid PromQL (promtool).
 */
class DashboardTest {
    static LiveGateway gw;
    static Set<String> exported;
    static JsonNode dashboard;

    @BeforeAll
    static void start() throws Exception {
        gw = new LiveGateway(Charts.basedir().resolve("target/tmp/dashboard-test"));
        // Vert.x registers its HTTP server meters at the first request: as after Prometheus's first scrape
        gw.get("/healthz", null);
        exported = LiveGateway.names(gw.scrape());
        dashboard = new ObjectMapper().readTree(
                Files.readString(Charts.basedir().resolve("deploy/grafana/ikebana-dashboard.json")));
    }

    @AfterAll
    static void stop() throws Exception {
        if (gw != null) {
            gw.close();
        }
    }

    static List<JsonNode> panels() {
        List<JsonNode> out = new ArrayList<>();
        for (JsonNode p : dashboard.get("panels")) {
            out.add(p);
            p.path("panels").forEach(out::add);
        }
        return out;
    }

    static List<String> expressions() {
        List<String> out = new ArrayList<>();
        for (JsonNode p : panels()) {
            p.path("targets").forEach(t -> out.add(t.get("expr").asText()));
        }
        dashboard.at("/templating/list").forEach(v -> {
            if (v.path("type").asText().equals("query")) {
                // label_values(metric, label) is Grafana's, not PromQL: check its metric
                String q = v.at("/query/query").asText();
                out.add(q.replaceAll("^label_values\\((\\w+),.*$", "$1"));
            }
        });
        return out;
    }

    @Test
    void structure() {
        assertEquals("ikebana-gateway", dashboard.get("uid").asText());
        assertFalse(dashboard.get("title").asText().isBlank());
        Set<Integer> ids = new HashSet<>();
        int targets = 0;
        for (JsonNode p : panels()) {
            assertTrue(ids.add(p.get("id").asInt()), "duplicate panel id " + p.get("id"));
            assertTrue(p.get("title").isTextual());
            JsonNode g = p.get("gridPos");
            assertTrue(g.get("w").asInt() > 0 && g.get("x").asInt() + g.get("w").asInt() <= 24, p.get("title").asText());
            if (!p.get("type").asText().equals("row")) {
                assertEquals("${datasource}", p.at("/datasource/uid").asText());
                assertTrue(p.get("targets").size() > 0, p.get("title").asText());
                Set<String> refs = new HashSet<>();
                for (JsonNode t : p.get("targets")) {
                    assertTrue(refs.add(t.get("refId").asText()));
                    targets++;
                }
            }
        }
        assertTrue(targets >= 30, "a dashboard for the issue's metrics");
    }

    @Test
    void queriesNameOnlyExportedMetrics() throws Exception {
        Set<String> used = new TreeSet<>();
        for (String e : expressions()) {
            used.addAll(PromQl.metricNames(PromQl.substituteGrafanaVariables(e)));
        }
        JsonNode rules = Charts.YAML.readTree(Files.readString(
                Charts.basedir().resolve("deploy/prometheus/ikebana-rules.yaml")));
        for (JsonNode g : rules.get("groups")) {
            for (JsonNode r : g.get("rules")) {
                used.addAll(PromQl.metricNames(r.get("expr").asText()));
            }
        }
        used.remove("up");     // made by Prometheus for every target
        Set<String> missing = new TreeSet<>(used);
        missing.removeAll(exported);
        assertTrue(missing.isEmpty(), "queried but not exported: " + missing);
        // the list of measures is covered
        for (String m : List.of("ikebana_ike_sas", "ikebana_ike_exchanges_total", "ikebana_ike_auth_failures_total",
                "ikebana_ike_handshake_duration_seconds_bucket", "ikebana_dos_cookies_issued_total",
                "ikebana_dos_puzzles_solved_total", "ikebana_dos_drops_total", "ikebana_ike_drops_total",
                "ikebana_ike_half_open", "ikebana_cluster_members", "ikebana_cluster_sa_transfers_total",
                "ikebana_store_operation_duration_seconds_bucket", "ikebana_esp_packets_total",
                "ikebana_esp_bytes_total", "ikebana_esp_drops_total", "jvm_memory_used_bytes",
                "vertx_http_server_requests_total")) {
            assertTrue(used.contains(m), m + " not on the dashboard");
        }
    }

    @Test
    void everyExpressionIsValidPromQl() throws Exception {
        // promtool checks expressions as recording rules
        Path dir = Charts.basedir().resolve("target/tmp/dashboard-promql");
        Files.createDirectories(dir);
        StringBuilder y = new StringBuilder("groups:\n  - name: dashboard\n    rules:\n");
        int i = 0;
        for (String e : expressions()) {
            y.append("      - record: dashboard:expr").append(i++).append('\n')
                    .append("        expr: ").append(new ObjectMapper().writeValueAsString(
                            PromQl.substituteGrafanaVariables(e))).append('\n');
        }
        Files.writeString(dir.resolve("dashboard-rules.yaml"), y.toString());
        InteropEnvironment.Result r = Promtool.run(dir, "check", "rules", "dashboard-rules.yaml");
        assertTrue(r.ok(), r.describe());
        assertTrue(r.output().contains(i + " rules found"), r.output());
    }

    @Test
    void metricNameExtraction() {
        assertEquals(Set.of("a_total", "b_bucket"), PromQl.metricNames(
                "sum by (le, reason) (rate(a_total{x=\"rate(y)\"}[5m])) / histogram_quantile(0.9, b_bucket) > 0"));
        assertEquals(Set.of("m"), PromQl.metricNames("max without (instance) (m offset 1h) and on (job) m"));
    }
}
