package io.ikebana.esp.crypto;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Reads {@code key = value} blocks (blank-line separated, '#' comments) from src/test/resources/vectors/esp. */
final class Vectors {

    private Vectors() {
    }

    static List<Map<String, String>> load(String file) {
        try (InputStream in = Vectors.class.getResourceAsStream("/vectors/esp/" + file)) {
            List<Map<String, String>> out = new ArrayList<>();
            Map<String, String> current = new LinkedHashMap<>();
            for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
                line = line.strip();
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
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    static byte[] hex(String s) {
        return HexFormat.of().parseHex(s.replace(" ", ""));
    }
}
