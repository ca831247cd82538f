package io.ikebana.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.ikebana.interop.InteropEnvironment;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** deploy/prometheus: the rules pass promtool check and their promtool unit tests. */
class AlertRulesTest {
    static Path dir() {
        return Charts.basedir().resolve("deploy/prometheus");
    }

    @Test
    void rulesPassPromtoolCheck() {
        InteropEnvironment.Result r = Promtool.run(dir(), "check", "rules", "ikebana-rules.yaml");
        assertTrue(r.ok(), r.describe());
    }

    @Test
    void rulesPassTheirUnitTests() {
        InteropEnvironment.Result r = Promtool.run(dir(), "test", "rules", "ikebana-rules.test.yaml");
        assertTrue(r.ok(), r.describe());
    }

    @Test
    void theRequiredAlertsExistAndAreTested() throws Exception {
        JsonNode rules = Charts.YAML.readTree(Files.readString(dir().resolve("ikebana-rules.yaml")));
        Set<String> alerts = new HashSet<>();
        for (JsonNode g : rules.get("groups")) {
            for (JsonNode r : g.get("rules")) {
                alerts.add(r.get("alert").asText());
                assertTrue(r.has("for"), r.get("alert").asText() + " fires without a 'for'");
                assertTrue(r.at("/labels/severity").isTextual());
                assertTrue(r.at("/annotations/summary").isTextual());
            }
        }
        assertTrue(alerts.containsAll(List.of("IkebanaMemberDown", "IkebanaIkeFlood", "IkebanaAuthFailureSpike",
                "IkebanaPoolNearlyExhausted", "IkebanaPoolExhausted")), alerts.toString());
        JsonNode tests = Charts.YAML.readTree(Files.readString(dir().resolve("ikebana-rules.test.yaml")));
        Set<String> tested = new HashSet<>();
        for (JsonNode t : tests.get("tests")) {
            for (JsonNode a : t.get("alert_rule_test")) {
                if (a.get("exp_alerts").size() > 0) {
                    tested.add(a.get("alertname").asText());
                }
            }
        }
        assertEquals(alerts, tested, "every alert has a unit test in which it fires");
    }
}
