package io.ikebana.admin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ikebana.cluster.ClusterRuntime;
import io.ikebana.config.ConfigLoader;
import io.ikebana.config.GatewayConfig;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The control over the node's cluster runtime: honest refusals, readiness from membership. */
class ClusterRuntimeControlTest {
    final GatewayConfig config = new ConfigLoader().loadEmbedded();
    final ClusterRuntime runtime = ClusterRuntime.inMemory(config);

    ClusterRuntimeControl control(boolean configured, int minimum, boolean started) {
        return new ClusterRuntimeControl(runtime, null, configured, runtime.store(), () -> 4, minimum,
                () -> started, Runnable::run);
    }

    static ClusterException.Kind refusal(CompletionStage<?> s) throws Exception {
        try {
            s.toCompletableFuture().get(5, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            return assertInstanceOf(ClusterException.class, e.getCause()).kind();
        }
        throw new AssertionError("not refused");
    }

    @Test
    void membersAndReadiness() throws Exception {
        ClusterRuntimeControl c = control(false, 1, true);
        var members = c.members().toCompletableFuture().get(5, TimeUnit.SECONDS);
        assertEquals(1, members.size());
        assertEquals("ikebana-1", members.get(0).name());
        assertTrue(members.get(0).local());
        assertEquals(4, members.get(0).halfOpen());
        assertTrue(c.member("ikebana-1").toCompletableFuture().get().isPresent());
        assertFalse(c.member("other").toCompletableFuture().get().isPresent());
        assertTrue(c.ready().toCompletableFuture().get().ready());
        assertEquals("starting", control(false, 1, false).ready().toCompletableFuture().get().reason());
        ClusterControl.Readiness r = control(true, 3, true).ready().toCompletableFuture().get();
        assertFalse(r.ready());
        assertTrue(r.reason().contains("1 of the 3"), r.reason());
    }

    @Test
    void refusesMovesHonestly() throws Exception {
        assertEquals(ClusterException.Kind.NOT_CLUSTERED, refusal(control(false, 1, true).drain("ikebana-1")));
        assertEquals(ClusterException.Kind.UNKNOWN_MEMBER, refusal(control(false, 1, true).drain("nobody")));
        assertEquals(ClusterException.Kind.NOT_CLUSTERED, refusal(control(false, 1, true).rebalance()));
        assertEquals(ClusterException.Kind.UNKNOWN_SA, refusal(control(false, 1, true).move(42, "ikebana-1")));
        assertEquals(ClusterException.Kind.NOT_IMPLEMENTED, refusal(control(true, 1, true).drain("ikebana-1")));
        assertEquals(ClusterException.Kind.NOT_IMPLEMENTED, refusal(control(true, 1, true).rebalance()));
        assertEquals(501, ClusterException.Kind.NOT_IMPLEMENTED.status());
    }
}
