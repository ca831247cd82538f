package io.ikebana.interop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.ikebana.testing.GatewayCluster;
import io.ikebana.testing.GatewayProcess;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * strongSwan clients (kernel-libipsec, each in its own namespace) and a three-member cluster (each
 * member in its own namespace, with a TUN device):
 * <ul>
 * <li>both clients connect to member 1, which is drained: each follows the RFC 5685 redirect in
 * IKE_SA_INIT, to the least loaded other member, so they end on different members;</li>
 * <li>one client's IKE SA is moved live to the third member through the admin API: strongSwan
 * follows the MOBIKE address update, keeps the IKE SA's SPIs, gets a new Child SA there, and a
 * ping running through the move keeps getting answers;</li>
 * <li>a client without MOBIKE that is moved gets a REDIRECT on its established IKE SA and
 * connects to the new member.</li>
 * </ul>
 */
class ClusterMoveInteropIT {
    private static final List<String> MEMBERS = List.of("10.99.0.2", "10.99.0.3", "10.99.0.4");
    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void strongSwanFollowsRedirectsAndLiveMoves() throws Exception {
        assumeTrue(InteropEnvironment.isRoot(), "needs root for network namespaces and TUN");
        InteropEnvironment.ensureDeps();
        try (Netns net = Netns.create("i1:10.99.0.1", "i2:10.99.0.5", "i3:10.99.0.6", "gw1:10.99.0.2",
                "gw2:10.99.0.3", "gw3:10.99.0.4");
                GatewayCluster cluster = GatewayCluster.start(MEMBERS, "sw-move", i -> "",
                        (i, dir, yaml) -> GatewayProcess.startIn(net, "gw" + (i + 1), dir, yaml), 500, 4500,
                        "{backend: tun, tun: {name: ikb0, address: 10.99.101.1/32}}")) {
            // member 1 takes no new clients: it redirects each to the least loaded other member
            JsonNode drain = admin(net, "gw1", "POST", "/api/v1/members/gw1/drain", null);
            assertEquals("DRAINING", drain.get("state").asText(), drain.toString());
            java.util.function.Function<String, Map<String, String>> settings = id -> Map.of("REMOTE_ADDR", "10.99.0.2",
                    "PSK", GatewayCluster.PSK, "NET_TS", "10.99.200.0/24,10.99.101.1/32", "LOG_IKE", "2", "LOCAL_ID", id);
            // two users: the same identity twice would be one user reconnecting (INITIAL_CONTACT)
            try (Charon c1 = Charon.initiator(net, "i1", settings.apply("alice@ikebana.test"));
                    Charon c2 = Charon.initiator(net, "i2", settings.apply("bob@ikebana.test"))) {
                c1.initiate(Charon.CHILD).orThrow();
                c2.initiate(Charon.CHILD).orThrow();
                Charon.IkeSa sa1 = established(c1);
                Charon.IkeSa sa2 = established(c2);
                assertTrue(Set.of("10.99.0.3", "10.99.0.4").contains(sa1.remoteHost()), "redirected: " + sa1);
                assertTrue(Set.of("10.99.0.3", "10.99.0.4").contains(sa2.remoteHost()), "redirected: " + sa2);
                assertNotEquals(sa1.remoteHost(), sa2.remoteHost(), "each to the least loaded member");
                assertTrue(c1.log().contains("redirected to"), "strongSwan followed a redirect:\n" + c1.log());
                for (String host : List.of("i1", "i2")) {
                    assertTrue(net.exec(Duration.ofSeconds(10), host, "ping", "-c", "2", "-W", "2", "10.99.101.1").ok(),
                            "ping through the tunnel from " + host);
                }
                String from = "gw" + (MEMBERS.indexOf(sa1.remoteHost()) + 1);
                String to = from.equals("gw2") ? "gw3" : "gw2";
                String spi = String.format("%16s", sa1.remoteSpi()).replace(' ', '0');
                JsonNode view = admin(net, from, "GET", "/api/v1/sas/" + spi, null);
                assertEquals(from, String.valueOf(view.path("member").asText(null)), view.toString());

                // a ping every 50 ms for 8 s while the SA moves after 2 s
                String[] pingOut = new String[1];
                Thread pinger = new Thread(() -> pingOut[0] = net.exec(Duration.ofSeconds(20), "i1", "ping", "-i", "0.05",
                        "-c", "160", "-W", "1", "10.99.101.1").output());
                pinger.start();
                Thread.sleep(2000);
                JsonNode move = admin(net, from, "POST", "/api/v1/sas/" + spi + "/move", "{\"member\":\"" + to + "\"}");
                assertEquals(to, move.get("to").asText(), move.toString());
                String oldChild = sa1.children().get(0).spiIn();
                Charon.IkeSa after = c1.awaitSas(Duration.ofSeconds(20), l -> !l.isEmpty() && l.get(0).established()
                        && MEMBERS.get(Integer.parseInt(to.substring(2)) - 1).equals(l.get(0).remoteHost())
                        && l.get(0).children().size() == 1
                        && !l.get(0).children().get(0).spiIn().equals(oldChild)).get(0);
                pinger.join();
                assertEquals(sa1.localSpi(), after.localSpi(), "the same IKE SA (SPIi)");
                assertEquals(sa1.remoteSpi(), after.remoteSpi(), "the same IKE SA (SPIr)");
                assertEquals(to, admin(net, to, "GET", "/api/v1/sas/" + spi, null).get("member").asText());
                Matcher m = Pattern.compile("(\\d+) packets transmitted, (\\d+) received").matcher(pingOut[0]);
                assertTrue(m.find(), pingOut[0]);
                int sent = Integer.parseInt(m.group(1));
                int received = Integer.parseInt(m.group(2));
                System.out.println("strongSwan live move " + from + " -> " + to + ": " + received + " of " + sent
                        + " pings (every 50 ms) answered, " + (sent - received) + " lost");
                // the move costs at most a few pings (a round trip plus the new Child SA's install)
                assertTrue(sent - received <= 10, "ping continued through the move: " + pingOut[0] + "\n" + c1.log());
                assertTrue(net.exec(Duration.ofSeconds(10), "i1", "ping", "-c", "2", "-W", "2", "10.99.101.1").ok(),
                        "ping after the move");
                assertTrue(net.exec(Duration.ofSeconds(10), "i2", "ping", "-c", "2", "-W", "2", "10.99.101.1").ok(),
                        "the other client is untouched");
            }
            // without MOBIKE a moved client is told to go (RFC 5685 §6: REDIRECT on the established SA)
            Map<String, String> noMobike = new java.util.HashMap<>(settings.apply("carol@ikebana.test"));
            noMobike.put("MOBIKE", "no");
            try (Charon c3 = Charon.initiator(net, "i3", noMobike)) {
                c3.initiate(Charon.CHILD).orThrow();
                Charon.IkeSa sa3 = established(c3);
                String from = "gw" + (MEMBERS.indexOf(sa3.remoteHost()) + 1);
                String to = from.equals("gw2") ? "gw3" : "gw2";
                String spi = String.format("%16s", sa3.remoteSpi()).replace(' ', '0');
                JsonNode move = admin(net, from, "POST", "/api/v1/sas/" + spi + "/move", "{\"member\":\"" + to + "\"}");
                assertEquals(to, move.get("to").asText(), move.toString());
                String target = MEMBERS.get(Integer.parseInt(to.substring(2)) - 1);
                // the new IKE SA, not the old one: strongSwan may first point the old SA at the address
                // the REDIRECT came from (the target's) before it sets up the new SA there
                java.util.function.Predicate<Charon.IkeSa> isNew = x -> x.established() && target.equals(x.remoteHost())
                        && !x.children().isEmpty() && !x.localSpi().equals(sa3.localSpi());
                // a new IKE SA at the member it was sent to (awaitSas fails with the SAs and the log otherwise)
                c3.awaitSas(Duration.ofSeconds(30), l -> l.stream().anyMatch(isNew));
                assertTrue(c3.log().contains("redirected to"), "strongSwan followed the redirect:\n" + c3.log());
                assertTrue(net.exec(Duration.ofSeconds(10), "i3", "ping", "-c", "2", "-W", "2", "10.99.101.1").ok(),
                        "ping after the redirect");
            }
        }
    }

    private static Charon.IkeSa established(Charon c) {
        return c.awaitSas(Duration.ofSeconds(30),
                l -> !l.isEmpty() && l.get(0).established() && !l.get(0).children().isEmpty()).get(0);
    }

    /** The admin API of a member, from inside its namespace (it listens on the member's address). */
    private static JsonNode admin(Netns net, String member, String method, String path, String body) throws Exception {
        List<String> cmd = new java.util.ArrayList<>(List.of("curl", "-sS", "--max-time", "10", "-X", method,
                "-H", "Authorization: Bearer " + GatewayCluster.TOKEN));
        if (body != null) {
            cmd.addAll(List.of("-H", "Content-Type: application/json", "--data", body));
        }
        cmd.add("http://" + MEMBERS.get(Integer.parseInt(member.substring(2)) - 1) + ":8480" + path);
        InteropEnvironment.Result r = net.exec(Duration.ofSeconds(15), member, cmd.toArray(new String[0])).orThrow();
        return JSON.readTree(r.output());
    }
}
