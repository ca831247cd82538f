package io.ikebana.dos;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.ikebana.testing.AdminClient;
import io.ikebana.testing.GatewayCluster;
import io.ikebana.testing.RawInit;
import java.net.InetSocketAddress;
import org.junit.jupiter.api.Test;

/**
 * Issue acceptance: past the half-open threshold cookies are required, and a cookie issued by
 * member 1 is accepted by member 2 (two gateway JVMs in one cluster; the cookie secrets are derived
 * from the cluster key on each member, none is exchanged).
 */
class DosClusterCookieIT {
    /** Cookies from 3 half-open SAs on; puzzles out of the way. */
    static final String DOS = """
            dos:
              enabled: true
              halfOpen: {cookieThreshold: 3, puzzleThreshold: 1000, capacity: 5000}
              puzzles: {enabled: false}
            """;

    /** Addresses of their own, so that other clusters on 127.0.0.1-3 (other tests) do not collide. */
    static final java.util.List<String> HOSTS = java.util.List.of("127.0.41.1", "127.0.41.2");

    static InetSocketAddress ike(int member) {
        return new InetSocketAddress(HOSTS.get(member), 5500);
    }

    static JsonNode dos(AdminClient a) {
        AdminClient.Reply r = a.get("/api/v1/dos");
        assertEquals(200, r.status(), String.valueOf(r.body()));
        return r.body();
    }

    /** Half-open SAs that never finish, each from its own /24 so that only the global threshold applies. */
    static void fillHalfOpen(int member, int firstNet, int n) {
        for (int i = 0; i < n; i++) {
            try (RawInit r = new RawInit("127.10." + (firstNet + i) + ".1")) {
                RawInit.Answer a = r.sendUntilAnswered(ike(member), null, 3, 2000);
                assertTrue(a.accepted(), "below the threshold a plain request creates state: " + a);
            }
        }
    }

    @Test
    void cookiesPastTheThresholdAndAcceptedOnAnyMember() {
        try (GatewayCluster c = GatewayCluster.start(HOSTS, "dos-cookie", i -> DOS,
                (i, d, y) -> io.ikebana.testing.GatewayProcess.start(d, y), 5500, 5501, "memory")) {
            AdminClient a1 = new AdminClient(HOSTS.get(0) + ":8480", GatewayCluster.TOKEN);
            AdminClient a2 = new AdminClient(HOSTS.get(1) + ":8480", GatewayCluster.TOKEN);
            fillHalfOpen(0, 1, 3);
            fillHalfOpen(1, 11, 3);
            assertEquals("cookies", dos(a1).get("level").asText(), dos(a1).toString());
            assertEquals("cookies", dos(a2).get("level").asText(), dos(a2).toString());

            try (RawInit client = new RawInit("127.10.50.1"); RawInit control = new RawInit("127.10.51.1")) {
                // past the threshold, member 1 answers statelessly with a cookie (RFC 7296 §2.6)
                RawInit.Answer first = client.sendUntilAnswered(ike(0), null, 3, 2000);
                byte[] cookie = first.cookie();
                assertNotNull(cookie, "member 1 asks for a cookie: " + first);
                assertEquals(0, first.message().header().spiR(), "no state: SPIr = 0");
                // member 2 asks a cookie-less request for one too ...
                RawInit.Answer other = control.sendUntilAnswered(ike(1), null, 3, 2000);
                assertNotNull(other.cookie(), "member 2 requires cookies too: " + other);
                long accepted2 = dos(a2).get("counters").get("cookiesAccepted").asLong();
                // ... and creates state for the retry that carries member 1's cookie
                RawInit.Answer retry = client.sendUntilAnswered(ike(1), cookie, 3, 2000);
                assertTrue(retry.accepted(), "member 2 accepts member 1's cookie: " + retry);
                JsonNode s2 = dos(a2);
                assertEquals(accepted2 + 1, s2.get("counters").get("cookiesAccepted").asLong(), s2.toString());
                assertEquals(0, s2.get("counters").get("cookiesRejected").size() == 0 ? 0
                        : s2.get("counters").get("cookiesRejected").path("bad_mac").asLong(0), s2.toString());
                assertTrue(s2.get("halfOpen").asInt() >= 4, s2.toString());
            }
        }
    }
}
