package io.ikebana.config;

/** A configuration error: names the file, the key and the reason. */
public final class ConfigException extends RuntimeException {
    private final String file;
    private final String key;
    private final String reason;

    public ConfigException(String file, String key, String reason) {
        super(file + ": " + (key.isEmpty() ? "" : key + ": ") + reason, null, false, false);
        this.file = file;
        this.key = key;
        this.reason = reason;
    }

    public String file() {
        return file;
    }

    public String key() {
        return key;
    }

    public String reason() {
        return reason;
    }
}
