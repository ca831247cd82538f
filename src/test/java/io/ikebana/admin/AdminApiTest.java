package io.ikebana.admin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.ikebana.ike.IkeSa;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The REST API against a fake three-member cluster: every endpoint with and without the token. */
class AdminApiTest {
    static final ObjectMapper JSON = new ObjectMapper();
    static AdminFixture fx;
    static String spi0;
    static String spi1;
    /** Every body the API sent in this class: checked for key material at the end. */
    static final List<String> bodies = new java.util.concurrent.CopyOnWriteArrayList<>();

    @BeforeAll
    static void start() throws Exception {
        fx = new AdminFixture(false, 7);
        spi0 = AdminFixture.spi(fx.sas.get(0));
        spi1 = AdminFixture.spi(fx.sas.get(1));
    }

    @AfterAll
    static void stop() throws Exception {
        fx.close();
    }

    static AdminFixture.Reply call(String method, String path, String body) throws Exception {
        AdminFixture.Reply r = fx.call(method, path, AdminFixture.TOKEN, body);
        bodies.add(r.body());
        return r;
    }

    static JsonNode json(AdminFixture.Reply r) throws Exception {
        return JSON.readTree(r.body());
    }

    /** method, path, body, status with the token. */
    static Stream<Arguments> endpoints() {
        String s0 = "1111000000000000";
        return Stream.of(
                Arguments.of("GET", "/api/v1/openapi.json", null, 200),
                Arguments.of("GET", "/api/v1/members", null, 200),
                Arguments.of("GET", "/api/v1/members/m2", null, 200),
                Arguments.of("POST", "/api/v1/members/m2/drain", null, 202),
                Arguments.of("POST", "/api/v1/rebalance", null, 202),
                Arguments.of("GET", "/api/v1/sas", null, 200),
                Arguments.of("GET", "/api/v1/sas/2222000000000002", null, 200),
                Arguments.of("POST", "/api/v1/sas/2222000000000003/move", "{\"member\":\"m3\"}", 202),
                Arguments.of("POST", "/api/v1/sas/2222000000000004/clone", null, 202),
                Arguments.of("DELETE", "/api/v1/sas/2222000000000006", null, 202),
                Arguments.of("GET", "/api/v1/dos", null, 200),
                Arguments.of("GET", "/api/v1/dos/settings", null, 200),
                Arguments.of("PATCH", "/api/v1/dos/settings", "{\"maxDifficulty\":20}", 200),
                Arguments.of("GET", "/api/v1/pools", null, 200),
                Arguments.of("GET", "/api/v1/pools/pool4", null, 200),
                Arguments.of("GET", "/api/v1/pools/pool4/leases", null, 200),
                Arguments.of("GET", "/api/v1/sas/" + s0, null, 404));
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("endpoints")
    void everyEndpointNeedsTheToken(String method, String path, String body, int status) throws Exception {
        AdminFixture.Reply none = fx.call(method, path, null, body);
        assertEquals(401, none.status(), path);
        assertTrue(none.contentType().startsWith("application/problem+json"), none.contentType());
        assertEquals("Bearer realm=\"ikebana\"", none.headers().get("www-authenticate").get(0));
        assertEquals(401, json(none).get("status").asInt());

        AdminFixture.Reply wrong = fx.call(method, path, AdminFixture.TOKEN + "x", body);
        assertEquals(401, wrong.status());
        assertTrue(wrong.headers().get("www-authenticate").get(0).contains("invalid_token"));
        AdminFixture.Reply prefix = fx.call(method, path, AdminFixture.TOKEN.substring(0, 10), body);
        assertEquals(401, prefix.status());

        AdminFixture.Reply ok = call(method, path, body);
        assertEquals(status, ok.status(), ok.body());
        assertTrue(ok.contentType().startsWith(status < 300 ? "application/json" : "application/problem+json"),
                ok.contentType());
        assertNotNull(json(ok));
    }

    @Test
    void healthReadinessAndMetricsNeedNoToken() throws Exception {
        AdminFixture.Reply h = fx.call("GET", "/healthz", null, null);
        assertEquals(200, h.status());
        assertEquals("up", json(h).get("status").asText());
        AdminFixture.Reply r = fx.call("GET", "/readyz", null, null);
        assertEquals(200, r.status());
        assertEquals("ready", json(r).get("status").asText());
        fx.cluster.ready = false;
        try {
            AdminFixture.Reply nr = fx.call("GET", "/readyz", null, null);
            assertEquals(503, nr.status());
            assertEquals("no quorum", json(nr).get("reason").asText());
        } finally {
            fx.cluster.ready = true;
        }
        AdminFixture.Reply m = fx.call("GET", "/metrics", null, null);
        assertEquals(200, m.status());
        assertTrue(m.contentType().startsWith("text/plain; version=0.0.4"), m.contentType());
        assertTrue(m.body().contains("ikebana_test 1"));
    }

    @Test
    void listPagesAndFilters() throws Exception {
        JsonNode all = json(call("GET", "/api/v1/sas", null));
        assertEquals(7, all.get("total").asInt());
        assertEquals(100, all.get("limit").asInt());
        assertTrue(all.get("next").isNull());

        JsonNode p1 = json(call("GET", "/api/v1/sas?limit=3", null));
        assertEquals(3, p1.get("items").size());
        assertEquals("/api/v1/sas?limit=3&offset=3", p1.get("next").asText());
        JsonNode p3 = json(call("GET", "/api/v1/sas?limit=3&offset=6", null));
        assertEquals(1, p3.get("items").size());
        assertTrue(p3.get("next").isNull());
        List<String> seen = new ArrayList<>();
        String next = "/api/v1/sas?limit=2";
        while (next != null) {
            JsonNode page = json(call("GET", next, null));
            page.get("items").forEach(i -> seen.add(i.get("spi").asText()));
            next = page.get("next").isNull() ? null : page.get("next").asText();
        }
        assertEquals(7, seen.size());
        assertEquals(7, seen.stream().distinct().count());

        JsonNode m2 = json(call("GET", "/api/v1/sas?member=m2", null));
        assertEquals(3, m2.get("items").size());
        assertTrue(m2.get("total").isNull());
        m2.get("items").forEach(i -> assertEquals("m2", i.get("member").asText()));

        JsonNode id = json(call("GET", "/api/v1/sas?identity=client1@ikebana.test", null));
        assertEquals(2, id.get("items").size());
        JsonNode both = json(call("GET", "/api/v1/sas?identity=client0@ikebana.test&member=m1&limit=1", null));
        assertEquals(1, both.get("items").size());
        assertTrue(both.get("next").asText().contains("&member=m1&identity=client0%40ikebana.test"));

        JsonNode byPeer = json(call("GET", "/api/v1/sas?address=198.51.100.12", null));
        assertEquals(1, byPeer.get("items").size());
        assertEquals("2222000000000002", byPeer.get("items").get(0).get("spi").asText());
        String vip = fx.sas.get(4).virtualIps().get(0).getHostAddress();
        JsonNode byVip = json(call("GET", "/api/v1/sas?address=" + vip, null));
        assertEquals("2222000000000004", byVip.get("items").get(0).get("spi").asText());
        assertEquals(7, json(call("GET", "/api/v1/sas?state=established", null)).get("items").size());
        assertEquals(0, json(call("GET", "/api/v1/sas?address=2001:db8::1", null)).get("items").size());

        for (String bad : List.of("limit=0", "limit=1001", "limit=x", "offset=-1", "address=host.example", "address=cafe", "address=1.2.3",
                "state=bogus")) {
            AdminFixture.Reply r = call("GET", "/api/v1/sas?" + bad, null);
            assertEquals(400, r.status(), bad);
            assertEquals("urn:ikebana:problem:bad-request", json(r).get("type").asText());
        }
        assertEquals(1000, json(call("GET", "/api/v1/sas?limit=1000", null)).get("limit").asInt());
    }

    @Test
    void showsAnSaWithoutKeys() throws Exception {
        JsonNode d = json(call("GET", "/api/v1/sas/" + spi1, null));
        assertEquals(spi1, d.get("spi").asText());
        assertEquals("1111000000000001", d.get("spiI").asText());
        assertEquals("client1@ikebana.test", d.get("remoteId").asText());
        assertEquals("198.51.100.11:4500", d.get("remote").asText());
        assertEquals("m2", d.get("member").asText());
        assertEquals("mobike", d.get("extensions").get(0).asText());
        assertEquals("c0000001", d.get("childSas").get(0).get("inboundSpi").asText());
        assertEquals("aes256gcm16", d.get("childSas").get(0).get("espSuite").asText());
        List<String> fields = new ArrayList<>();
        d.fieldNames().forEachRemaining(fields::add);
        for (String f : fields) {
            assertFalse(f.toLowerCase(Locale.ROOT).matches("^sk.*|.*(secret|nonce|digest|keys?$).*"), f);
        }
        assertEquals(400, call("GET", "/api/v1/sas/xyz", null).status());
        assertEquals(400, call("GET", "/api/v1/sas/22220000000000011", null).status());
        AdminFixture.Reply missing = call("GET", "/api/v1/sas/00000000000000ff", null);
        assertEquals(404, missing.status());
        assertEquals("urn:ikebana:problem:unknown-sa", json(missing).get("type").asText());
        assertEquals("/api/v1/sas/00000000000000ff", json(missing).get("instance").asText());
    }

    @Test
    void deleteGoesToTheEngine() throws Exception {
        assertEquals(202, call("DELETE", "/api/v1/sas/" + spi0, null).status());
        JsonNode silent = json(call("DELETE", "/api/v1/sas/" + spi0 + "?mode=silent", null));
        assertEquals("silent", silent.get("mode").asText());
        assertTrue(fx.deletes.contains(spi0 + ":notify"));
        assertTrue(fx.deletes.contains(spi0 + ":silent"));
        assertEquals(400, call("DELETE", "/api/v1/sas/" + spi0 + "?mode=loud", null).status());
        assertEquals(404, call("DELETE", "/api/v1/sas/00000000000000ff", null).status());
    }

    @Test
    void moveDrainAndRebalanceReachTheCluster() throws Exception {
        JsonNode mv = json(call("POST", "/api/v1/sas/" + spi1 + "/move", "{\"member\":\"m3\"}"));
        assertEquals("m3", mv.get("to").asText());
        assertTrue(fx.cluster.calls.contains("move:" + spi1 + ":m3"));
        AdminFixture.Reply unknown = call("POST", "/api/v1/sas/" + spi1 + "/move", "{\"member\":\"m9\"}");
        assertEquals(404, unknown.status());
        assertEquals("urn:ikebana:problem:unknown-member", json(unknown).get("type").asText());
        assertEquals(422, call("POST", "/api/v1/sas/" + spi1 + "/move", "{\"to\":\"m3\"}").status());
        assertEquals(422, call("POST", "/api/v1/sas/" + spi1 + "/move", "{\"member\":\"\"}").status());
        assertEquals(400, call("POST", "/api/v1/sas/" + spi1 + "/move", "{member").status());
        assertEquals(400, call("POST", "/api/v1/sas/" + spi1 + "/move", "[]").status());
        assertEquals(415, fx.call("POST", "/api/v1/sas/" + spi1 + "/move", AdminFixture.TOKEN, "member=m3",
                "application/x-www-form-urlencoded").status());

        JsonNode clone = json(call("POST", "/api/v1/sas/" + spi1 + "/clone", null));
        assertEquals(spi1, clone.get("spi").asText());
        assertTrue(fx.cluster.calls.contains("clone:" + spi1));
        assertEquals(400, call("POST", "/api/v1/sas/xyz/clone", null).status());

        JsonNode drain = json(call("POST", "/api/v1/members/m2/drain", null));
        assertEquals("DRAINING", drain.get("state").asText());
        assertTrue(fx.cluster.calls.contains("drain:m2"));
        AdminFixture.Reply conflict = call("POST", "/api/v1/members/m3/drain", null);
        assertEquals(409, conflict.status());
        assertEquals("urn:ikebana:problem:conflict", json(conflict).get("type").asText());
        assertEquals(404, call("POST", "/api/v1/members/m9/drain", null).status());
        assertEquals(404, call("GET", "/api/v1/members/m9", null).status());

        JsonNode members = json(call("GET", "/api/v1/members", null));
        assertEquals(3, members.size());
        assertTrue(members.get(0).get("local").asBoolean());

        assertEquals(1, json(call("POST", "/api/v1/rebalance", null)).get("moves").asInt());
        assertTrue(fx.cluster.calls.contains("rebalance"));
    }

    @Test
    void dosStateAndSettings() throws Exception {
        JsonNode st = json(call("GET", "/api/v1/dos", null));
        assertTrue(st.get("active").asBoolean());
        assertEquals("normal", st.get("level").asText());
        assertEquals(0, st.get("halfOpen").asInt());
        assertTrue(st.get("counters").has("cookiesIssued"));

        JsonNode before = json(call("GET", "/api/v1/dos/settings", null));
        JsonNode after = json(call("PATCH", "/api/v1/dos/settings", "{\"cookieThreshold\":40,\"puzzleThreshold\":300}"));
        assertEquals(40, after.get("cookieThreshold").asInt());
        assertEquals(300, after.get("puzzleThreshold").asInt());
        assertEquals(before.get("halfOpenCapacity").asInt(), after.get("halfOpenCapacity").asInt());
        assertEquals(40, fx.dos.guard().config().halfOpen().cookieThreshold());

        AdminFixture.Reply bad = call("PATCH", "/api/v1/dos/settings", "{\"cookieThreshold\":500}");
        assertEquals(422, bad.status());
        assertTrue(json(bad).get("detail").asText().contains("cookieThreshold"), bad.body());
        assertEquals(40, fx.dos.guard().config().halfOpen().cookieThreshold());
        assertEquals(422, call("PATCH", "/api/v1/dos/settings", "{\"minDifficulty\":5}").status());
        assertEquals(422, call("PATCH", "/api/v1/dos/settings", "{\"bogus\":1}").status());
        assertEquals(422, call("PATCH", "/api/v1/dos/settings", "{\"cookieThreshold\":\"many\"}").status());
        assertEquals(200, fx.call("PATCH", "/api/v1/dos/settings", AdminFixture.TOKEN, "{\"enabled\":true}",
                "application/merge-patch+json").status());
    }

    @Test
    void poolsAndLeases() throws Exception {
        JsonNode pools = json(call("GET", "/api/v1/pools", null));
        assertEquals(1, pools.size());
        assertEquals("pool4", pools.get(0).get("name").asText());
        assertEquals(254, pools.get(0).get("size").asInt());
        assertEquals(7, pools.get(0).get("leased").asInt());
        assertEquals("ipv4", pools.get(0).get("family").asText());
        JsonNode leases = json(call("GET", "/api/v1/pools/pool4/leases?limit=5", null));
        assertEquals(5, leases.get("items").size());
        assertEquals(7, leases.get("total").asInt());
        assertNotNull(leases.get("next").asText());
        JsonNode l = leases.get("items").get(0);
        assertEquals(16, l.get("ikeSa").asText().length());
        assertEquals(404, call("GET", "/api/v1/pools/nope", null).status());
        assertEquals(404, call("GET", "/api/v1/pools/nope/leases", null).status());
    }

    @Test
    void unknownRoutesAndMethodsAreProblems() throws Exception {
        AdminFixture.Reply r = call("GET", "/api/v1/nothing", null);
        assertEquals(404, r.status());
        assertTrue(r.contentType().startsWith("application/problem+json"));
        AdminFixture.Reply noAuth = fx.call("GET", "/api/v1/nothing", null, null);
        assertEquals(401, noAuth.status());
        AdminFixture.Reply outside = fx.call("GET", "/nothing", null, null);
        assertEquals(404, outside.status());
        assertTrue(outside.contentType().startsWith("application/problem+json"));
        AdminFixture.Reply method = call("PUT", "/api/v1/members", "{}");
        assertEquals(405, method.status());
        assertTrue(method.contentType().startsWith("application/problem+json"));
        assertEquals(405, json(method).get("status").asInt());
        AdminFixture.Reply big = call("PATCH", "/api/v1/dos/settings", "{\"x\":\"" + "a".repeat(70_000) + "\"}");
        assertEquals(413, big.status());
    }

    /** Over the bodies collected so far (test order is not fixed) plus a fresh sweep of every view. */
    @Test
    void noResponseCarriesKeyMaterial() throws Exception {
        List<String> sweep = new ArrayList<>(bodies);
        sweep.add(call("GET", "/api/v1/sas?limit=1000", null).body());
        for (IkeSa sa : fx.sas) {
            sweep.add(call("GET", "/api/v1/sas/" + AdminFixture.spi(sa), null).body());
        }
        sweep.add(call("GET", "/api/v1/dos", null).body());
        sweep.add(call("GET", "/api/v1/dos/settings", null).body());
        sweep.add(call("GET", "/api/v1/pools/pool4/leases?limit=1000", null).body());
        sweep.add(call("GET", "/api/v1/members", null).body());
        String all = String.join("\n", sweep);
        String lower = all.toLowerCase(Locale.ROOT);
        for (byte[] k : fx.keys) {
            String hex = HexFormat.of().formatHex(k);
            assertFalse(lower.contains(hex.substring(0, 16)), "hex key material in a response");
            assertFalse(all.contains(Base64.getEncoder().encodeToString(k).substring(0, 12)), "base64 key material");
            assertFalse(all.contains(Base64.getUrlEncoder().encodeToString(k).substring(0, 12)), "base64url key");
            // as a JSON array of numbers (a serialized byte[] or Secret)
            assertFalse(all.contains("[" + (k[0]) + "," + k[1] + "," + k[2]), "key bytes as a JSON array");
        }
        assertFalse(lower.contains("redacted"), "a Secret was serialized");
        assertFalse(lower.contains(AdminFixture.TOKEN), "the token was echoed");
        assertNull(json(call("GET", "/api/v1/sas/" + spi0, null)).get("skD"));
    }
}
