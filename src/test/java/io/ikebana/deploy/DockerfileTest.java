package io.ikebana.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * deploy/Dockerfile, parsed (docker cannot run here): multi-stage, the runtime stage copies
 * target/ikebana.jar from the build stage, runs as a non-root user and starts
 * {@code java -jar ... gateway}.
 */
class DockerfileTest {
    record Instruction(String keyword, String args) {
    }

    static List<Instruction> parse(String text) {
        List<Instruction> out = new ArrayList<>();
        StringBuilder cur = new StringBuilder();
        for (String raw : text.split("\n")) {
            String line = raw.strip();
            if (cur.isEmpty() && (line.isEmpty() || line.startsWith("#"))) {
                continue;
            }
            if (line.startsWith("#")) {
                continue;       // comment inside a continued instruction
            }
            if (line.endsWith("\\")) {
                cur.append(line, 0, line.length() - 1).append(' ');
                continue;
            }
            cur.append(line);
            String s = cur.toString().strip();
            cur.setLength(0);
            int sp = s.indexOf(' ');
            if (sp < 0) {
                throw new AssertionError("instruction without arguments: " + s);
            }
            out.add(new Instruction(s.substring(0, sp).toUpperCase(Locale.ROOT), s.substring(sp + 1).strip()));
        }
        if (!cur.isEmpty()) {
            throw new AssertionError("dangling line continuation");
        }
        return out;
    }

    @Test
    void buildsAndRunsTheGateway() throws Exception {
        List<Instruction> all = parse(Files.readString(Charts.basedir().resolve("deploy/Dockerfile")));
        Set<String> known = Set.of("FROM", "RUN", "CMD", "LABEL", "EXPOSE", "ENV", "ADD", "COPY", "ENTRYPOINT", "VOLUME",
                "USER", "WORKDIR", "ARG", "ONBUILD", "STOPSIGNAL", "HEALTHCHECK", "SHELL");
        for (Instruction i : all) {
            assertTrue(known.contains(i.keyword()), "unknown instruction " + i.keyword());
        }
        List<Integer> froms = new ArrayList<>();
        for (int i = 0; i < all.size(); i++) {
            if (all.get(i).keyword().equals("FROM")) {
                froms.add(i);
            }
        }
        assertTrue(froms.size() >= 2, "multi-stage build");
        assertEquals(0, froms.get(0), "FROM first");
        String buildStage = all.get(0).args().replaceAll("(?i).*\\s+AS\\s+(\\S+)$", "$1");
        List<Instruction> build = all.subList(0, froms.get(froms.size() - 1));
        assertTrue(build.stream().anyMatch(i -> i.keyword().equals("RUN") && i.args().contains("mvn")
                && i.args().contains("package")), "the build stage packages the jar");
        List<Instruction> runtime = all.subList(froms.get(froms.size() - 1), all.size());

        Instruction copy = runtime.stream().filter(i -> i.keyword().equals("COPY") && i.args().contains("ikebana.jar"))
                .findFirst().orElseThrow(() -> new AssertionError("runtime stage does not copy the jar"));
        String[] c = copy.args().split("\\s+");
        assertEquals("--from=" + buildStage, c[0]);
        assertTrue(c[1].endsWith("/target/ikebana.jar"), c[1]);
        String jar = c[2];

        Instruction user = runtime.stream().filter(i -> i.keyword().equals("USER")).reduce((a, b) -> b)
                .orElseThrow(() -> new AssertionError("no USER: the image would run as root"));
        String uid = user.args().split(":")[0];
        assertFalse(uid.equals("0") || uid.equals("root"), "runs as root");

        ObjectMapper json = new ObjectMapper();
        List<String> cmd = new ArrayList<>();
        for (String k : List.of("ENTRYPOINT", "CMD")) {
            Instruction i = runtime.stream().filter(x -> x.keyword().equals(k)).reduce((a, b) -> b).orElse(null);
            if (i != null) {
                JsonNode arr = json.readTree(i.args());
                assertTrue(arr.isArray(), k + " in exec form");
                arr.forEach(n -> cmd.add(n.asText()));
            }
        }
        assertEquals(List.of("java", "-jar", jar, "gateway"), cmd);

        List<String> exposed = runtime.stream().filter(i -> i.keyword().equals("EXPOSE"))
                .flatMap(i -> List.of(i.args().split("\\s+")).stream()).toList();
        assertTrue(exposed.containsAll(List.of("5500/udp", "5501/udp", "8480/tcp")), exposed.toString());
        assertTrue(Files.exists(Charts.basedir().resolve("deploy/Dockerfile.dockerignore")));
    }
}
