package io.ikebana.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Data-plane (ESP) meters. The ESP package reports through its own interface; its adapter calls
 * these methods. Packets and bytes by direction are registered up front; drop counters for a
 * reason enum are registered up front by {@link #registerDropReasons}, so that replay drops
 * ({@code reason="replayed"|"outside_window"}) and ICV failures ({@code reason="icv_failure"})
 * read as zero before the first one happens.
 *
 * <pre>
 * ikebana_esp_packets_total{direction}
 * ikebana_esp_bytes_total{direction}          inner (plaintext) bytes
 * ikebana_esp_drops_total{direction,reason}
 * </pre>
 */
public final class EspMeters {

    /** Seen from the gateway: inbound = decrypted from a peer, outbound = encrypted to a peer. */
    public enum Direction { INBOUND, OUTBOUND }

    private final MeterRegistry registry;
    private final Map<Direction, Counter> packets = new EnumMap<>(Direction.class);
    private final Map<Direction, Counter> bytes = new EnumMap<>(Direction.class);
    private final Map<Direction, Map<String, Counter>> drops = new EnumMap<>(Direction.class);

    public EspMeters(MeterRegistry registry) {
        this.registry = registry;
        for (Direction d : Direction.values()) {
            packets.put(d, Counter.builder("ikebana_esp_packets").description("ESP packets processed")
                    .tag("direction", label(d)).register(registry));
            bytes.put(d, Counter.builder("ikebana_esp_bytes").baseUnit("bytes")
                    .description("inner packet bytes carried over ESP").tag("direction", label(d))
                    .register(registry));
            drops.put(d, new ConcurrentHashMap<>());
        }
    }

    /** Registers a drop counter for every value of the data plane's reason enum, both directions. */
    public <E extends Enum<E>> EspMeters registerDropReasons(Class<E> reasons) {
        for (Direction d : Direction.values()) {
            for (E r : reasons.getEnumConstants()) {
                dropCounter(d, r);
            }
        }
        return this;
    }

    private Counter dropCounter(Direction d, Enum<?> reason) {
        return drops.get(d).computeIfAbsent(label(reason), l -> Counter.builder("ikebana_esp_drops")
                .description("ESP packets dropped, by direction and reason (replay, ICV ...)")
                .tag("direction", label(d)).tag("reason", l).register(registry));
    }

    public void packet(Direction d, int innerBytes) {
        packets.get(d).increment();
        bytes.get(d).increment(innerBytes);
    }

    /** A drop; the reason is an enum constant (labels come from enums only). */
    public void dropped(Direction d, Enum<?> reason) {
        dropCounter(d, reason).increment();
    }

    static String label(Enum<?> e) {
        return e.name().toLowerCase(Locale.ROOT);
    }
}
