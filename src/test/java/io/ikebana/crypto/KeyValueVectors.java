package io.ikebana.crypto;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Test vectors as {@code key = value} blocks separated by blank lines, '#' comments, from a
 * classpath resource. The first line must be a {@code # provenance:} line (STYLE.md).
 */
public final class KeyValueVectors {

    private KeyValueVectors() {
    }

    /** All blocks of {@code resource} (an absolute classpath name). */
    public static List<Map<String, String>> load(String resource) {
        String text = text(resource);
        if (!text.startsWith("# provenance: ")) {
            throw new IllegalStateException(resource + " has no provenance line");
        }
        List<Map<String, String>> out = new ArrayList<>();
        Map<String, String> current = new LinkedHashMap<>();
        for (String raw : text.split("\n")) {
            String line = raw.strip();
            if (line.startsWith("#")) {
                continue;
            }
            if (line.isEmpty()) {
                if (!current.isEmpty()) {
                    out.add(current);
                    current = new LinkedHashMap<>();
                }
                continue;
            }
            int eq = line.indexOf('=');
            current.put(line.substring(0, eq).strip(), line.substring(eq + 1).strip());
        }
        if (!current.isEmpty()) {
            out.add(current);
        }
        return out;
    }

    /** The single block of {@code resource}. */
    public static Map<String, String> single(String resource) {
        List<Map<String, String>> all = load(resource);
        if (all.size() != 1) {
            throw new IllegalStateException(resource + " has " + all.size() + " blocks");
        }
        return all.get(0);
    }

    public static byte[] hex(String s) {
        return HexFormat.of().parseHex(s.replace(" ", ""));
    }

    public static String hex(byte[] b) {
        return HexFormat.of().formatHex(b);
    }

    private static String text(String resource) {
        try (InputStream in = KeyValueVectors.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalArgumentException("no resource " + resource);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
