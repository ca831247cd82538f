package io.ikebana.esp;

/**
 * Data-plane settings.
 *
 * @param sequenceSoftMargin "rekey needed" fires when the outbound sequence number comes within
 *     this many packets of its maximum (2^32 - 1, or 2^64 - 1 with ESN). RFC 4303 §3.3.3 forbids
 *     cycling; the default 2^24 rekeys 32-bit SAs at 2^32 - 2^24 as the spec digest suggests.
 */
public record EspConfig(long sequenceSoftMargin) {

    public static final long DEFAULT_SEQUENCE_SOFT_MARGIN = 1L << 24;

    public EspConfig {
        if (sequenceSoftMargin < 0 || sequenceSoftMargin >= 1L << 31) {
            throw new IllegalArgumentException("sequenceSoftMargin out of range: " + sequenceSoftMargin);
        }
    }

    public static EspConfig defaults() {
        return new EspConfig(DEFAULT_SEQUENCE_SOFT_MARGIN);
    }
}
