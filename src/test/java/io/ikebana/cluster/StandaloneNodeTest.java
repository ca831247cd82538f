package io.ikebana.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.hazelcast.core.Hazelcast;
import com.hazelcast.core.HazelcastInstance;
import io.ikebana.config.ConfigException;
import io.ikebana.config.ConfigLoader;
import io.ikebana.ike.IkeSaState;
import io.ikebana.metrics.LiveGateway;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code cluster.enabled: false}: one node on its own, its SAs in process memory, no Hazelcast member. */
class StandaloneNodeTest {

    @Test
    void standaloneGatewayServesClientsWithoutAGridMember(@TempDir Path dir) throws Exception {
        Set<HazelcastInstance> before = new HashSet<>(Hazelcast.getAllHazelcastInstances());
        try (LiveGateway g = new LiveGateway(dir, "cluster: {enabled: false}")) {
            assertEquals(IkeSaState.ESTABLISHED, g.clientSa().state());
            Set<HazelcastInstance> started = new HashSet<>(Hazelcast.getAllHazelcastInstances());
            started.removeAll(before);
            assertEquals(Set.of(), started, "no Hazelcast member started");
            JsonNode sas = new ObjectMapper().readTree(g.get("/api/v1/sas", LiveGateway.TOKEN));
            assertEquals(1, sas.get("total").asInt(), sas.toString());
            JsonNode members = new ObjectMapper().readTree(g.get("/api/v1/members", LiveGateway.TOKEN));
            assertEquals(1, members.size(), members.toString());
        }
    }

    @Test
    void gridSettingsOnAStandaloneNodeFailAtStartWithTheKey(@TempDir Path dir) throws Exception {
        Path cfg = dir.resolve("gateway.yaml");
        Files.writeString(cfg, String.join("\n",
                "listen: {addresses: [127.0.0.1], ikePort: 5500, nattPort: 5501}",
                "identity: {id: gw.ikebana.test, auth: psk}",
                "peers: [{name: any, remoteId: '%any', auth: psk, psk: standalone-test-psk-0123456789}]",
                "cluster: {enabled: false, minimumClusterSize: 2}",
                ""));
        ConfigException e = assertThrows(ConfigException.class, () -> new ConfigLoader().load(cfg));
        assertTrue(e.getMessage().contains("cluster.minimumClusterSize") && e.getMessage().contains("no effect")
                && e.getMessage().contains("gateway.yaml"), e.getMessage());
        Files.writeString(cfg, Files.readString(cfg).replace("enabled: false", "enabled: maybe"));
        e = assertThrows(ConfigException.class, () -> new ConfigLoader().load(cfg));
        assertTrue(e.getMessage().contains("cluster.enabled"), e.getMessage());
    }
}
