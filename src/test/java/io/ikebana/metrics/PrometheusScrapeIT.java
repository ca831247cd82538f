package io.ikebana.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.ikebana.interop.InteropEnvironment;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;

/**
 * A real Prometheus (Debian's) scrapes a running gateway that did a handshake; its query API
 * returns the gateway's series, and it loads and evaluates deploy/prometheus's rules.
 */
class PrometheusScrapeIT {
    static final ObjectMapper JSON = new ObjectMapper();
    final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    static Path basedir() {
        return InteropEnvironment.basedir();
    }

    static Path prometheus() {
        Path p = Path.of("/usr/bin/prometheus");
        if (!Files.isExecutable(p)) {
            InteropEnvironment.ensureDeps();
        }
        return p;
    }

    JsonNode api(int port, String path) throws IOException, InterruptedException {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.ofString());
        return JSON.readTree(r.body());
    }

    JsonNode query(int port, String promql) throws IOException, InterruptedException {
        return api(port, "/api/v1/query?query=" + URLEncoder.encode(promql, StandardCharsets.UTF_8));
    }

    /** Polls until {@code done} holds for the answer; fails with the last answer and the log. */
    JsonNode await(int port, String path, Predicate<JsonNode> done, Duration timeout, Path log) throws Exception {
        long end = System.nanoTime() + timeout.toNanos();
        JsonNode last = null;
        while (System.nanoTime() < end) {
            try {
                last = api(port, path);
                if (done.test(last)) {
                    return last;
                }
            } catch (IOException e) {
                // not listening yet
            }
            Thread.sleep(250);
        }
        throw new AssertionError("Prometheus never answered as expected on " + path + ": " + last + "\n"
                + (Files.exists(log) ? Files.readString(log) : ""));
    }

    @Test
    void prometheusScrapesTheGateway() throws Exception {
        Path bin = prometheus();
        Path dir = basedir().resolve("target/tmp/prometheus-it");
        if (Files.exists(dir)) {
            try (var s = Files.walk(dir)) {
                s.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
        Files.createDirectories(dir);
        try (LiveGateway gw = new LiveGateway(dir.resolve("gateway"))) {
            int port = LiveGateway.freeTcpPort();
            Path rules = basedir().resolve("deploy/prometheus/ikebana-rules.yaml");
            Path config = dir.resolve("prometheus.yml");
            Files.writeString(config, String.join("\n",
                    "global: {scrape_interval: 1s, evaluation_interval: 1s}",
                    "rule_files: ['" + rules + "']",
                    "scrape_configs:",
                    "  - job_name: ikebana",
                    "    static_configs: [{targets: ['127.0.0.1:" + gw.adminPort() + "']}]",
                    ""));
            InteropEnvironment.Result check = InteropEnvironment.run(Duration.ofSeconds(30), java.util.Map.of(),
                    List.of(bin.resolveSibling("promtool").toString(), "check", "config", config.toString()));
            assertTrue(check.ok(), check.describe());

            Path log = dir.resolve("prometheus.log");
            Process p = new ProcessBuilder(bin.toString(), "--config.file=" + config,
                    "--storage.tsdb.path=" + dir.resolve("data"), "--web.listen-address=127.0.0.1:" + port)
                    .redirectErrorStream(true).redirectOutput(log.toFile()).start();
            try {
                String ok = "ikebana_ike_exchanges_total{exchange=\"ike_auth\",role=\"responder\",outcome=\"ok\"}";
                JsonNode r = await(port, "/api/v1/query?query=" + URLEncoder.encode(ok, StandardCharsets.UTF_8),
                        a -> a.at("/data/result").size() == 1, Duration.ofSeconds(40), log);
                JsonNode series = r.at("/data/result/0");
                assertEquals("1", series.at("/value/1").asText());
                assertEquals("ikebana", series.at("/metric/job").asText());

                JsonNode names = query(port, "count by (__name__) ({__name__=~\"ikebana_.+\"})");
                assertTrue(names.at("/data/result").size() >= 30, names.toString());
                // a sampled gauge: the member directory counts owned SAs every 5 s, the sampler reads
                // the count every 5 s or more
                String sasQuery = "/api/v1/query?query="
                        + URLEncoder.encode("ikebana_ike_sas{state=\"established\"}", StandardCharsets.UTF_8);
                JsonNode sas = await(port, sasQuery, a -> "1".equals(a.at("/data/result/0/value/1").asText()),
                        Duration.ofSeconds(30), log);
                assertEquals("1", sas.at("/data/result/0/value/1").asText());
                JsonNode up = query(port, "up{job=\"ikebana\"}");
                assertEquals("1", up.at("/data/result/0/value/1").asText());
                // Vert.x meets its first HTTP request (the first scrape) before it counts requests
                await(port, "/api/v1/query?query=vertx_http_server_requests_total",
                        a -> a.at("/data/result").size() > 0, Duration.ofSeconds(15), log);

                // the alert rules load and evaluate without errors against the real series
                JsonNode ruleState = await(port, "/api/v1/rules", a -> {
                    for (JsonNode g : a.at("/data/groups")) {
                        for (JsonNode rule : g.get("rules")) {
                            if (rule.path("lastEvaluation").asText().startsWith("0001")) {
                                return false;
                            }
                        }
                    }
                    return a.at("/data/groups").size() > 0;
                }, Duration.ofSeconds(20), log);
                for (JsonNode g : ruleState.at("/data/groups")) {
                    for (JsonNode rule : g.get("rules")) {
                        assertEquals("ok", rule.get("health").asText(), rule.toString());
                    }
                }
            } finally {
                // stop the Prometheus we started, by its PID
                p.destroy();
                if (!p.waitFor(10, TimeUnit.SECONDS)) {
                    p.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
                }
            }
        }
    }
}
