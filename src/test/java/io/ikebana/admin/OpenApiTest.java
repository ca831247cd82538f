package io.ikebana.admin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.ikebana.store.InMemorySaStore;
import io.vertx.core.Vertx;
import io.vertx.ext.web.Route;
import io.vertx.ext.web.Router;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/** docs/openapi.json is the document the API serves, and it describes exactly the routes the router has. */
class OpenApiTest {
    static Path basedir() {
        String p = System.getProperty("ikebana.basedir");
        return Path.of(p != null && !p.isBlank() ? p : System.getProperty("user.dir")).toAbsolutePath();
    }

    @Test
    void docsCopyIsTheServedOne() throws Exception {
        String served = new String(AdminApi.openApiDocument(), StandardCharsets.UTF_8);
        assertEquals(Files.readString(basedir().resolve("docs/openapi.json")), served,
                "docs/openapi.json and src/main/resources/io/ikebana/admin/openapi.json differ");
    }

    @Test
    void documentMatchesTheRoutes() throws Exception {
        JsonNode doc = new ObjectMapper().readTree(AdminApi.openApiDocument());
        assertTrue(doc.get("openapi").asText().startsWith("3."));
        Set<String> documented = new TreeSet<>();
        Iterator<Map.Entry<String, JsonNode>> paths = doc.get("paths").fields();
        while (paths.hasNext()) {
            Map.Entry<String, JsonNode> p = paths.next();
            Iterator<String> methods = p.getValue().fieldNames();
            while (methods.hasNext()) {
                String m = methods.next();
                documented.add(m.toUpperCase(Locale.ROOT) + " " + p.getKey());
                JsonNode op = p.getValue().get(m);
                assertTrue(op.has("operationId") && op.has("responses"), m + " " + p.getKey());
                boolean open = op.has("security") && op.get("security").isEmpty();
                assertEquals(!p.getKey().startsWith("/api/v1"), open, "auth of " + m + " " + p.getKey());
                if (!open) {
                    assertTrue(op.at("/responses/401").isObject(), "401 of " + m + " " + p.getKey());
                }
            }
        }
        Vertx vertx = Vertx.vertx();
        try {
            AdminApi api = new AdminApi(new InMemorySaStore(), new io.ikebana.policy.InMemoryAddressPools(Map.of()),
                    new FakeClusterControl(), DosControl.unwired(() -> 0), (spi, n) -> { });
            AdminServer server = new AdminServer(vertx, new AdminServer.Listen("127.0.0.1", 0, null, null),
                    AdminToken.of(io.ikebana.crypto.Secret.wrap("t".repeat(20).getBytes(StandardCharsets.UTF_8))),
                    api, new FakeClusterControl(), () -> "");
            Router router = server.router();
            Set<String> routed = new TreeSet<>();
            for (Route r : router.getRoutes()) {
                if (r.getPath() == null || r.methods() == null || r.methods().isEmpty()) {
                    continue;    // auth, body and failure handlers
                }
                String path = r.getPath().replaceAll(":(\\w+)", "{$1}");
                r.methods().forEach(m -> routed.add(m.name() + " " + path));
            }
            assertEquals(documented, routed);
        } finally {
            vertx.close();
        }
    }
}
