package io.ikebana.admin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** One node: listing works, drain/move/rebalance answer 409 "not clustered" after the 404 checks. */
class SingleNodeClusterControlTest {
    static final ObjectMapper JSON = new ObjectMapper();
    static AdminFixture fx;

    @BeforeAll
    static void start() throws Exception {
        fx = new AdminFixture(true, 2);
    }

    @AfterAll
    static void stop() throws Exception {
        fx.close();
    }

    JsonNode problem(AdminFixture.Reply r, int status) throws Exception {
        assertEquals(status, r.status(), r.body());
        assertTrue(r.contentType().startsWith("application/problem+json"), r.contentType());
        return JSON.readTree(r.body());
    }

    @Test
    void membersIsThisNode() throws Exception {
        JsonNode m = JSON.readTree(fx.call("GET", "/api/v1/members", AdminFixture.TOKEN, null).body());
        assertEquals(1, m.size());
        assertEquals("m1", m.get(0).get("name").asText());
        assertTrue(m.get(0).get("local").asBoolean());
        assertEquals("ACTIVE", m.get(0).get("state").asText());
        assertEquals(2, m.get(0).get("ikeSas").asInt());
        assertEquals(200, fx.call("GET", "/api/v1/members/m1", AdminFixture.TOKEN, null).status());
        problem(fx.call("GET", "/api/v1/members/m2", AdminFixture.TOKEN, null), 404);
    }

    @Test
    void clusterOperationsAreRefusedHonestly() throws Exception {
        String spi = AdminFixture.spi(fx.sas.get(0));
        JsonNode drain = problem(fx.call("POST", "/api/v1/members/m1/drain", AdminFixture.TOKEN, null), 409);
        assertEquals("urn:ikebana:problem:not-clustered", drain.get("type").asText());
        assertEquals("Not clustered", drain.get("title").asText());
        assertTrue(drain.get("detail").asText().contains("single node"));
        problem(fx.call("POST", "/api/v1/members/m2/drain", AdminFixture.TOKEN, null), 404);
        JsonNode move = problem(fx.call("POST", "/api/v1/sas/" + spi + "/move", AdminFixture.TOKEN,
                "{\"member\":\"m1\"}"), 409);
        assertEquals("urn:ikebana:problem:not-clustered", move.get("type").asText());
        problem(fx.call("POST", "/api/v1/sas/" + spi + "/move", AdminFixture.TOKEN, "{\"member\":\"m2\"}"), 404);
        problem(fx.call("POST", "/api/v1/sas/00000000000000ff/move", AdminFixture.TOKEN, "{\"member\":\"m1\"}"), 404);
        JsonNode reb = problem(fx.call("POST", "/api/v1/rebalance", AdminFixture.TOKEN, null), 409);
        assertEquals("urn:ikebana:problem:not-clustered", reb.get("type").asText());
    }

    @Test
    void readinessFollowsMinimumClusterSize() throws Exception {
        ClusterControl one = new SingleNodeClusterControl("a", List.of(), fx.store, () -> 0, 1, () -> true, Runnable::run);
        assertTrue(one.ready().toCompletableFuture().get(5, TimeUnit.SECONDS).ready());
        ClusterControl starting = new SingleNodeClusterControl("a", List.of(), fx.store, () -> 0, 1, () -> false,
                Runnable::run);
        ClusterControl.Readiness r = starting.ready().toCompletableFuture().get(5, TimeUnit.SECONDS);
        assertFalse(r.ready());
        assertEquals("starting", r.reason());
        ClusterControl quorum = new SingleNodeClusterControl("a", List.of(), fx.store, () -> 0, 3, () -> true,
                Runnable::run);
        ClusterControl.Readiness q = quorum.ready().toCompletableFuture().get(5, TimeUnit.SECONDS);
        assertFalse(q.ready());
        assertTrue(q.reason().contains("minimumClusterSize"));
    }
}
