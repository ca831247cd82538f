package io.ikebana.config;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.function.Function;

/**
 * A mapping in a YAML file being read, with its key path for error messages. Every key read is
 * remembered; {@link #finish()} rejects the ones nobody asked for (a misspelt key is an error,
 * not silently ignored).
 */
public final class Section {
    private final String file;
    private final String path;
    private final JsonNode node;
    private final Set<String> used = new HashSet<>();

    Section(String file, String path, JsonNode node) {
        this.file = file;
        this.path = path;
        this.node = node;
        if (node != null && !node.isNull() && !node.isObject()) {
            throw error("", "expected a mapping");
        }
    }

    public String file() {
        return file;
    }

    public ConfigException error(String key, String reason) {
        return new ConfigException(file, key(key), reason);
    }

    private String key(String k) {
        if (k.isEmpty()) {
            return path;
        }
        return path.isEmpty() ? k : path + "." + k;
    }

    private JsonNode get(String key) {
        used.add(key);
        if (node == null || node.isNull()) {
            return null;
        }
        JsonNode v = node.get(key);
        return v == null || v.isNull() ? null : v;
    }

    public boolean isMapping(String key) {
        return node != null && node.hasNonNull(key) && node.get(key).isObject();
    }

    public boolean has(String key) {
        return node != null && node.hasNonNull(key);
    }

    public String string(String key, String def) {
        JsonNode v = get(key);
        if (v == null) {
            return def;
        }
        if (!v.isValueNode()) {
            throw error(key, "expected a string");
        }
        return v.asText();
    }

    public String required(String key) {
        String v = string(key, null);
        if (v == null || v.isBlank()) {
            throw error(key, "is required");
        }
        return v;
    }

    public int integer(String key, int def, int min, int max) {
        JsonNode v = get(key);
        if (v == null) {
            return def;
        }
        if (!v.canConvertToInt() || !(v.isIntegralNumber() || v.asText().matches("-?\\d+"))) {
            throw error(key, "expected an integer, got '" + v.asText() + "'");
        }
        int i = v.asInt();
        if (i < min || i > max) {
            throw error(key, i + " is outside " + min + ".." + max);
        }
        return i;
    }

    public double decimal(String key, double def, double min, double max) {
        JsonNode v = get(key);
        if (v == null) {
            return def;
        }
        if (!v.isNumber()) {
            throw error(key, "expected a number, got '" + v.asText() + "'");
        }
        double d = v.asDouble();
        if (d < min || d > max) {
            throw error(key, d + " is outside " + min + ".." + max);
        }
        return d;
    }

    public boolean bool(String key, boolean def) {
        JsonNode v = get(key);
        if (v == null) {
            return def;
        }
        if (!v.isBoolean()) {
            throw error(key, "expected true or false, got '" + v.asText() + "'");
        }
        return v.asBoolean();
    }

    /** Durations like {@code 500ms}, {@code 30s}, {@code 5m}, {@code 4h}, {@code 1d}; 0 is allowed. */
    public Duration duration(String key, Duration def) {
        String s = string(key, null);
        if (s == null) {
            return def;
        }
        try {
            return parseDuration(s);
        } catch (IllegalArgumentException e) {
            throw error(key, e.getMessage());
        }
    }

    static Duration parseDuration(String raw) {
        String s = raw.trim().toLowerCase(Locale.ROOT);
        if (s.equals("0")) {
            return Duration.ZERO;
        }
        String[] units = {"ms", "s", "m", "h", "d"};
        for (String u : units) {
            if (s.endsWith(u) && s.length() > u.length()) {
                String num = s.substring(0, s.length() - u.length());
                if (u.equals("m") && num.endsWith("m")) {
                    continue;
                }
                long n;
                try {
                    n = Long.parseLong(num);
                } catch (NumberFormatException e) {
                    continue;
                }
                if (n < 0) {
                    break;
                }
                switch (u) {
                    case "ms": return Duration.ofMillis(n);
                    case "s": return Duration.ofSeconds(n);
                    case "m": return Duration.ofMinutes(n);
                    case "h": return Duration.ofHours(n);
                    default: return Duration.ofDays(n);
                }
            }
        }
        throw new IllegalArgumentException("'" + raw + "' is not a duration (e.g. 500ms, 30s, 5m, 4h)");
    }

    public Section section(String key) {
        return new Section(file, key(key), get(key));
    }

    public List<String> strings(String key, List<String> def) {
        JsonNode v = get(key);
        if (v == null) {
            return def;
        }
        if (!v.isArray()) {
            throw error(key, "expected a list");
        }
        List<String> out = new ArrayList<>();
        for (JsonNode e : v) {
            if (!e.isValueNode()) {
                throw error(key, "expected a list of strings");
            }
            out.add(e.asText());
        }
        return out;
    }

    /** Parses each string of a list; an exception's message becomes the reason at {@code key[i]}. */
    public <T> List<T> parsedList(String key, List<String> def, Function<String, T> parser) {
        List<String> raw = strings(key, def);
        List<T> out = new ArrayList<>();
        for (int i = 0; i < raw.size(); i++) {
            try {
                out.add(parser.apply(raw.get(i)));
            } catch (RuntimeException e) {
                throw error(key + "[" + i + "]", e.getMessage());
            }
        }
        return out;
    }

    public List<Section> sections(String key) {
        JsonNode v = get(key);
        List<Section> out = new ArrayList<>();
        if (v == null) {
            return out;
        }
        if (!v.isArray()) {
            throw error(key, "expected a list");
        }
        int i = 0;
        for (JsonNode e : v) {
            out.add(new Section(file, key(key + "[" + i++ + "]"), e));
        }
        return out;
    }

    /** Rejects keys that were not read. */
    public void finish() {
        if (node == null || node.isNull()) {
            return;
        }
        Iterator<String> names = node.fieldNames();
        while (names.hasNext()) {
            String n = names.next();
            if (!used.contains(n)) {
                throw error(n, "unknown key");
            }
        }
    }
}
