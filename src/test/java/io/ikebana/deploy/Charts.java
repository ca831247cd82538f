package io.ikebana.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLParser;
import com.marcnuri.helm.Helm;
import com.marcnuri.helm.TemplateCommand;
import io.kubernetes.client.util.ModelMapper;
import java.io.IOException;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Renders helm/ikebana with helm-java and checks rendered objects with client-java's strict models. */
final class Charts {
    static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
    static final ObjectMapper JSON = new ObjectMapper();

    private Charts() {
    }

    static Path basedir() {
        String p = System.getProperty("ikebana.basedir");
        return Path.of(p != null && !p.isBlank() ? p : System.getProperty("user.dir")).toAbsolutePath();
    }

    static Path chart() {
        return basedir().resolve("helm/ikebana");
    }

    /** {@code helm template} with a values file (or none) and --set pairs. */
    static String render(String release, String namespace, Path valuesFile, Map<String, Object> set,
            Map<String, Path> setFiles) {
        TemplateCommand t = new Helm(chart()).template().withName(release).withNamespace(namespace);
        if (valuesFile != null) {
            t = t.withValuesFile(valuesFile);
        }
        for (Map.Entry<String, Object> e : set.entrySet()) {
            t = t.set(e.getKey(), e.getValue());
        }
        for (Map.Entry<String, Path> e : setFiles.entrySet()) {
            t = t.setFile(e.getKey(), e.getValue());
        }
        return t.call();
    }

    /** The non-empty YAML documents of a rendered chart. */
    static List<JsonNode> documents(String rendered) throws IOException {
        List<JsonNode> out = new ArrayList<>();
        try (YAMLParser p = ((YAMLFactory) YAML.getFactory()).createParser(rendered)) {
            var it = YAML.readValues(p, JsonNode.class);
            while (it.hasNext()) {
                JsonNode n = it.next();
                if (n != null && !n.isNull() && !n.isMissingNode() && n.size() > 0) {
                    out.add(n);
                }
            }
        }
        return out;
    }

    static List<JsonNode> ofKind(List<JsonNode> docs, String kind) {
        return docs.stream().filter(d -> kind.equals(d.path("kind").asText())).toList();
    }

    static JsonNode one(List<JsonNode> docs, String kind) {
        List<JsonNode> k = ofKind(docs, kind);
        if (k.size() != 1) {
            throw new AssertionError("expected one " + kind + ", got " + k.size());
        }
        return k.get(0);
    }

    /**
     * Parses {@code doc} as the client-java model of its apiVersion/kind: unknown (also nested)
     * fields, missing required fields and wrong types are errors. Returns false for kinds without a
     * model (custom resources), which the caller checks otherwise.
     */
    static boolean validate(JsonNode doc) throws Exception {
        String apiVersion = doc.path("apiVersion").asText();
        String kind = doc.path("kind").asText();
        if (apiVersion.isEmpty() || kind.isEmpty()) {
            throw new AssertionError("object without apiVersion/kind: " + doc);
        }
        int slash = apiVersion.indexOf('/');
        String group = slash < 0 ? "" : apiVersion.substring(0, slash);
        String version = slash < 0 ? apiVersion : apiVersion.substring(slash + 1);
        Class<?> type = ModelMapper.getApiTypeClass(group, version, kind);
        if (type == null || type == io.kubernetes.client.util.generic.dynamic.DynamicKubernetesObject.class) {
            return false;
        }
        Method fromJson = type.getMethod("fromJson", String.class);
        try {
            Object parsed = fromJson.invoke(null, JSON.writeValueAsString(normalize(doc)));
            if (parsed == null) {
                throw new AssertionError(kind + " parsed to null");
            }
        } catch (InvocationTargetException e) {
            throw new AssertionError(kind + " " + doc.path("metadata").path("name").asText() + " is not a valid "
                    + type.getSimpleName() + ": " + e.getCause().getMessage(), e.getCause());
        }
        return true;
    }

    /** int-or-string and quantity fields come out of YAML as numbers; the models want strings. */
    private static JsonNode normalize(JsonNode doc) {
        JsonNode copy = doc.deepCopy();
        if (copy.path("spec").has("maxUnavailable") && copy.path("kind").asText().equals("PodDisruptionBudget")) {
            ((ObjectNode) copy.get("spec")).put("maxUnavailable", copy.get("spec").get("maxUnavailable").asText());
        }
        return copy;
    }

    static Path writeTemp(Path dir, String name, String text) throws IOException {
        Files.createDirectories(dir);
        Path f = dir.resolve(name);
        Files.writeString(f, text);
        return f;
    }
}
