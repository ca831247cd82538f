package io.ikebana.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.hazelcast.config.Config;
import com.hazelcast.config.YamlConfigBuilder;
import com.marcnuri.helm.Helm;
import com.marcnuri.helm.LintResult;
import io.ikebana.config.ConfigLoader;
import io.ikebana.config.GatewayConfig;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * helm/ikebana lints, renders with default and custom values, every rendered object is a valid
 * Kubernetes object of its kind (client-java, strict), and each member's rendered gateway.yaml
 * loads with {@link ConfigLoader} next to the Secret's files.
 */
class HelmChartTest {
    static Path work;
    static TestPki adminTls;
    static TestPki identity;
    static TestPki peerCa;

    @BeforeAll
    static void setUp() throws Exception {
        work = Charts.basedir().resolve("target/tmp/helm-chart-test");
        adminTls = TestPki.create(work.resolve("pki"), "admin.ikebana.test");
        identity = TestPki.create(work.resolve("pki"), "gw.ikebana.test");
        peerCa = TestPki.create(work.resolve("pki"), "clients-ca");
    }

    static String renderDefault() {
        return Charts.render("vpn", "edge", null, Map.of(), Map.of());
    }

    static String renderCustom() throws Exception {
        Path values = Charts.writeTemp(work, "custom-values.yaml", String.join("\n",
                "replicaCount: 5",
                "tcp: {enabled: false}",
                "image: {repository: registry.invalid/ikebana, tag: '9.9.9'}",
                "gateway:",
                "  identity: {id: vpn.example.org, auth: pubkey}",
                "  peers:",
                "    - {name: laptops, remoteId: '%any', auth: psk, pools: [v4, v6], localTs: [10.0.0.0/8]}",
                "    - {name: sites, remoteId: '*@sites.example.org', auth: pubkey, pools: [v4]}",
                "  pools:",
                "    - {name: v4, cidr: 100.64.0.0/16}",
                "    - {name: v6, cidr: 'fd00:99::/64'}",
                "  dataplane: {backend: memory, replayWindow: 256}",
                "  dos: {enabled: true, halfOpen: {cookieThreshold: 50, puzzleThreshold: 400}}",
                "ports: {ike: 6500, natt: 6501, hazelcast: 5702, admin: 9443}",
                "cluster: {minimumClusterSize: 2, currentKey: 2, name: edge-vpn}",
                "secrets:",
                "  adminToken: custom-admin-token-value-0123456789",
                "  clusterKeys:",
                "    - {id: 1, key: '" + "11".repeat(32) + "'}",
                "    - {id: 2, key: " + Base64.getEncoder().encodeToString(new byte[32]) + "}",
                "  psks: {laptops: laptop-psk-0123456789abcdef}",
                "memberService:",
                "  type: NodePort",
                "  publicAddresses: [203.0.113.10, 203.0.113.11, 203.0.113.12, 203.0.113.13, 203.0.113.14]",
                "  annotations: {example.org/lb: internal}",
                "sharedService: {type: LoadBalancer, loadBalancerIP: 203.0.113.1}",
                "networkPolicy:",
                "  adminFrom:",
                "    - namespaceSelector: {matchLabels: {kubernetes.io/metadata.name: monitoring}}",
                "serviceMonitor: {enabled: true, interval: 30s, labels: {release: prom}}",
                "podDisruptionBudget: {maxUnavailable: 2}",
                "updateStrategy: {type: OnDelete}",
                "tolerations: [{key: dedicated, operator: Equal, value: vpn, effect: NoSchedule}]",
                "nodeSelector: {node-role.example.org/vpn: 'true'}",
                ""));
        Map<String, Path> files = new LinkedHashMap<>();
        files.put("secrets.adminTls.certificate", adminTls.certificate());
        files.put("secrets.adminTls.privateKey", adminTls.privateKey());
        files.put("secrets.identity.certificate", identity.certificate());
        files.put("secrets.identity.privateKey", identity.privateKey());
        files.put("secrets.peerCas.sites", peerCa.certificate());
        return Charts.render("edge", "vpn", values, Map.of(), files);
    }

    @Test
    void lintsStrict() {
        LintResult r = new Helm(Charts.chart()).lint().strict().call();
        assertFalse(r.isFailed(), String.join("\n", r.getMessages()));
    }

    @Test
    void defaultRenderIsValid() throws Exception {
        List<JsonNode> docs = Charts.documents(renderDefault());
        checkAll(docs);
        JsonNode sts = Charts.one(docs, "StatefulSet");
        assertEquals(3, sts.at("/spec/replicas").asInt());
        assertEquals("Parallel", sts.at("/spec/podManagementPolicy").asText());
        assertEquals("vpn-ikebana-hz", sts.at("/spec/serviceName").asText());
        JsonNode c = sts.at("/spec/template/spec/containers/0");
        // tun data plane: NET_ADMIN and nothing else
        assertEquals("[\"ALL\"]", c.at("/securityContext/capabilities/drop").toString());
        assertEquals("[\"NET_ADMIN\"]", c.at("/securityContext/capabilities/add").toString());
        assertFalse(c.at("/securityContext/allowPrivilegeEscalation").asBoolean());
        assertTrue(c.at("/securityContext/readOnlyRootFilesystem").asBoolean());
        assertEquals("/healthz", c.at("/livenessProbe/httpGet/path").asText());
        assertEquals("/readyz", c.at("/readinessProbe/httpGet/path").asText());
        assertEquals("HTTP", c.at("/readinessProbe/httpGet/scheme").asText());
        // RFC 9329: TCP on the NAT-T port, in the pod and on every member's Service
        assertTrue(c.at("/ports").toString().contains("\"name\":\"natt-tcp\""), c.at("/ports").toString());
        for (JsonNode svc : Charts.ofKind(docs, "Service")) {
            if (svc.at("/spec/ports").toString().contains("\"name\":\"natt\"")) {
                assertTrue(svc.at("/spec/ports").toString().contains("\"name\":\"natt-tcp\""), svc.toString());
            }
        }
        assertTrue(c.at("/resources/requests/cpu").isTextual());
        assertEquals("/dev/net/tun", sts.at("/spec/template/spec/volumes/3/hostPath/path").asText());

        List<JsonNode> services = Charts.ofKind(docs, "Service");
        assertEquals(3 + 1 + 1 + 1, services.size(), "3 per-member, shared, headless, admin");
        for (int i = 0; i < 3; i++) {
            JsonNode m = service(services, "vpn-ikebana-" + i);
            assertEquals("vpn-ikebana-" + i, m.at("/spec/selector/statefulset.kubernetes.io~1pod-name").asText());
            assertEquals("UDP", m.at("/spec/ports/0/protocol").asText());
            assertEquals(500, m.at("/spec/ports/0/port").asInt());
            assertEquals(4500, m.at("/spec/ports/1/port").asInt());
            assertEquals("Local", m.at("/spec/externalTrafficPolicy").asText());
        }
        JsonNode headless = service(services, "vpn-ikebana-hz");
        assertEquals("None", headless.at("/spec/clusterIP").asText());
        assertTrue(headless.at("/spec/publishNotReadyAddresses").asBoolean());

        JsonNode np = Charts.one(docs, "NetworkPolicy");
        JsonNode hz = np.at("/spec/ingress/0");
        assertEquals(5701, hz.at("/ports/0/port").asInt());
        assertEquals("vpn", hz.at("/from/0/podSelector/matchLabels/app.kubernetes.io~1instance").asText());
        assertEquals(1, hz.at("/from").size());
        for (int i = 1; i < np.at("/spec/ingress").size(); i++) {
            for (JsonNode p : np.at("/spec/ingress/" + i + "/ports")) {
                assertTrue(p.get("port").asInt() != 5701, "Hazelcast port open beyond members");
            }
        }
        assertEquals(1, Charts.ofKind(docs, "PodDisruptionBudget").size());
        assertEquals(0, Charts.ofKind(docs, "ServiceMonitor").size());

        Map<String, GatewayConfig> configs = loadMembers(docs, "default");
        assertEquals(3, configs.size());
        GatewayConfig g0 = configs.get("vpn-ikebana-0");
        assertEquals("vpn-ikebana-0", g0.engine().member());
        assertEquals(5500, g0.listen().ikePort());
        assertEquals(2, g0.cluster().minimumClusterSize(), "a majority of 3");
        assertEquals(1, g0.cluster().keys().size());
        assertEquals(32, g0.cluster().keys().get(1).length());
        assertNotNull(g0.cluster().hazelcastConfig());
        assertEquals("tun", g0.dataPlane().backend());
        assertTrue(g0.admin().enabled());
        assertEquals("0.0.0.0", g0.admin().address());
        assertEquals(43, g0.admin().token().length());
    }

    @Test
    void customRenderIsValid() throws Exception {
        List<JsonNode> docs = Charts.documents(renderCustom());
        checkAll(docs);
        JsonNode sts = Charts.one(docs, "StatefulSet");
        assertEquals(5, sts.at("/spec/replicas").asInt());
        assertEquals("OnDelete", sts.at("/spec/updateStrategy/type").asText());
        assertEquals("registry.invalid/ikebana:9.9.9", sts.at("/spec/template/spec/containers/0/image").asText());
        JsonNode c = sts.at("/spec/template/spec/containers/0");
        // no TUN: no capability at all, and not root
        assertTrue(c.at("/securityContext/capabilities/add").isMissingNode());
        assertTrue(sts.at("/spec/template/spec/securityContext/runAsNonRoot").asBoolean());
        assertEquals("HTTPS", c.at("/livenessProbe/httpGet/scheme").asText());
        assertEquals(5 + 3, Charts.ofKind(docs, "Service").size());
        JsonNode sm = Charts.one(docs, "ServiceMonitor");
        assertEquals("monitoring.coreos.com/v1", sm.get("apiVersion").asText());
        assertEquals("admin", sm.at("/spec/endpoints/0/port").asText());
        assertEquals("/metrics", sm.at("/spec/endpoints/0/path").asText());
        assertEquals("https", sm.at("/spec/endpoints/0/scheme").asText());
        assertEquals("prom", sm.at("/metadata/labels/release").asText());
        // no TCP encapsulation: no TCP 4500 anywhere, and the members listen for none
        for (JsonNode svc : Charts.ofKind(docs, "Service")) {
            for (JsonNode port : svc.at("/spec/ports")) {
                assertFalse(port.get("port").asInt() == 4500 && "TCP".equals(port.path("protocol").asText()), svc.toString());
            }
        }
        JsonNode np = Charts.one(docs, "NetworkPolicy");
        assertEquals("monitoring", np.at("/spec/ingress/2/from/0/namespaceSelector/matchLabels/kubernetes.io~1metadata.name")
                .asText());

        Map<String, GatewayConfig> configs = loadMembers(docs, "custom");
        assertEquals(5, configs.size());
        GatewayConfig g3 = configs.get("edge-ikebana-3");
        assertEquals("edge-ikebana-3", g3.engine().member());
        assertEquals("203.0.113.13", g3.listen().publicAddresses().get(0).getHostAddress());
        assertEquals(6500, g3.listen().ikePort());
        assertEquals(0, g3.listen().tcpPort(), "tcp.enabled: false");
        assertEquals(2, g3.cluster().currentKey());
        assertEquals(2, g3.cluster().keys().size());
        assertEquals(2, g3.cluster().minimumClusterSize());
        assertNotNull(g3.admin().tlsCert());
        assertEquals(9443, g3.admin().port());
        assertEquals("custom-admin-token-value-0123456789", new String(g3.admin().token().bytes(), StandardCharsets.UTF_8));
        assertEquals(2, g3.engine().peers().size());
        assertEquals("memory", g3.dataPlane().backend());
        assertEquals(50, g3.dos().halfOpen().cookieThreshold());
        assertEquals(2, g3.pools().size());
    }

    @Test
    void existingSecretRendersNoSecret() throws Exception {
        List<JsonNode> docs = Charts.documents(Charts.render("vpn", "edge", null,
                Map.of("secrets.existingSecret", "my-ikebana-secrets"), Map.of()));
        checkAll(docs);
        assertEquals(0, Charts.ofKind(docs, "Secret").size());
        assertEquals("my-ikebana-secrets", Charts.one(docs, "StatefulSet")
                .at("/spec/template/spec/volumes/1/secret/secretName").asText());
    }

    @Test
    void schemaRejectsBadValues() {
        assertThrows(IllegalStateException.class, () -> Charts.render("vpn", "edge", null,
                Map.of("replicaCount", 0), Map.of()));
        assertThrows(IllegalStateException.class, () -> Charts.render("vpn", "edge", null,
                Map.of("gateway.dataplane.backend", "kernel"), Map.of()));
        assertThrows(IllegalStateException.class, () -> Charts.render("vpn", "edge", null,
                Map.of("replicaCont", 3), Map.of()));
        assertThrows(IllegalStateException.class, () -> Charts.render("vpn", "edge", null,
                Map.of("secrets.psks.clients", "short"), Map.of()));
    }

    @Test
    void validatorIsStrict() throws Exception {
        JsonNode bad = Charts.YAML.readTree("apiVersion: v1\nkind: Service\nmetadata: {name: x}\n"
                + "spec: {ports: [{port: 500, protocl: UDP}]}\n");
        assertThrows(AssertionError.class, () -> Charts.validate(bad));
        JsonNode wrongType = Charts.YAML.readTree("apiVersion: apps/v1\nkind: StatefulSet\nmetadata: {name: x}\n"
                + "spec: {replicas: many, selector: {}, template: {}}\n");
        assertThrows(AssertionError.class, () -> Charts.validate(wrongType));
        JsonNode ok = Charts.YAML.readTree("apiVersion: v1\nkind: Service\nmetadata: {name: x}\n"
                + "spec: {ports: [{port: 500, protocol: UDP}]}\n");
        assertTrue(Charts.validate(ok));
    }

    static JsonNode service(List<JsonNode> services, String name) {
        return services.stream().filter(s -> s.at("/metadata/name").asText().equals(name)).findFirst()
                .orElseThrow(() -> new AssertionError("no Service " + name));
    }

    static void checkAll(List<JsonNode> docs) throws Exception {
        assertFalse(docs.isEmpty());
        for (JsonNode d : docs) {
            if (!Charts.validate(d)) {
                // custom resources: only ServiceMonitor is expected, checked structurally by the caller
                assertEquals("ServiceMonitor", d.path("kind").asText(), "unexpected kind without a model");
                assertTrue(d.at("/spec/selector/matchLabels").size() > 0);
                assertTrue(d.at("/spec/endpoints").size() > 0);
            }
            assertFalse(d.at("/metadata/name").asText().isEmpty());
            assertTrue(d.at("/metadata/name").asText().length() <= 63);
        }
    }

    /**
     * Writes the ConfigMap's files to {@code <dir>/config} and the Secret's to {@code <dir>/secrets}
     * (the pod's layout) and loads every member's gateway.yaml.
     */
    static Map<String, GatewayConfig> loadMembers(List<JsonNode> docs, String name) throws Exception {
        Path dir = work.resolve("render-" + name);
        Path config = dir.resolve("config");
        Path secrets = dir.resolve("secrets");
        Files.createDirectories(config);
        Files.createDirectories(secrets);
        JsonNode cm = Charts.one(docs, "ConfigMap");
        JsonNode secret = Charts.one(docs, "Secret");
        Iterator<Map.Entry<String, JsonNode>> s = secret.get("data").fields();
        while (s.hasNext()) {
            Map.Entry<String, JsonNode> e = s.next();
            Files.write(secrets.resolve(e.getKey()), Base64.getDecoder().decode(e.getValue().asText()));
        }
        List<String> members = new ArrayList<>();
        Iterator<Map.Entry<String, JsonNode>> it = cm.get("data").fields();
        while (it.hasNext()) {
            Map.Entry<String, JsonNode> e = it.next();
            Files.writeString(config.resolve(e.getKey()), e.getValue().asText());
            if (!e.getKey().equals("hazelcast.yaml")) {
                members.add(e.getKey());
            }
        }
        Config hz = new YamlConfigBuilder(new ByteArrayInputStream(
                cm.at("/data/hazelcast.yaml").asText().getBytes(StandardCharsets.UTF_8))).build();
        assertTrue(hz.getNetworkConfig().getJoin().getKubernetesConfig().isEnabled());
        assertFalse(hz.getNetworkConfig().getJoin().getMulticastConfig().isEnabled());
        assertFalse(hz.getMetricsConfig().isEnabled(), "Hazelcast's own metrics off (nobody reads them)");
        Map<String, GatewayConfig> out = new LinkedHashMap<>();
        for (String m : members) {
            GatewayConfig g = new ConfigLoader(Map.of()).load(config.resolve(m));
            out.put(m.substring(0, m.length() - ".yaml".length()), g);
        }
        return out;
    }
}
