package io.ikebana.metrics;

import io.ikebana.wire.DropReason;
import io.ikebana.wire.ExchangeType;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * {@link IkeMetrics} on Micrometer. Every series is registered up front (all enum values), so a
 * dashboard or an alert finds a zero instead of nothing, and the packet path only increments
 * counters it looked up in an {@link EnumMap} (no tag building per event).
 *
 * <pre>
 * ikebana_ike_exchanges_total{exchange,role,outcome}
 * ikebana_ike_auth_failures_total{reason}
 * ikebana_ike_handshake_duration_seconds (histogram)
 * ikebana_ike_drops_total{reason}
 * ikebana_ike_sa_events_total{event}             life-cycle events (established, deleted, rekeyed ...)
 * ikebana_cluster_sa_transfers_total{kind}       takeover, moved_in, moved_out, cloned
 * </pre>
 */
public final class MicrometerIkeMetrics implements IkeMetrics {

    /** Handshake buckets: a LAN handshake takes a few ms, a loaded or far one up to seconds. */
    static final Duration[] HANDSHAKE_BUCKETS = {
        Duration.ofMillis(5), Duration.ofMillis(10), Duration.ofMillis(25), Duration.ofMillis(50),
        Duration.ofMillis(100), Duration.ofMillis(250), Duration.ofMillis(500), Duration.ofSeconds(1),
        Duration.ofMillis(2500), Duration.ofSeconds(5), Duration.ofSeconds(10), Duration.ofSeconds(30)};

    private final Map<ExchangeType, Map<Role, Map<Outcome, Counter>>> exchanges = new EnumMap<>(ExchangeType.class);
    private final Map<AuthFailure, Counter> authFailures = new EnumMap<>(AuthFailure.class);
    private final Map<DropReason, Counter> drops = new EnumMap<>(DropReason.class);
    private final Map<SaEvent, Counter> events = new EnumMap<>(SaEvent.class);
    private final Timer handshake;

    public MicrometerIkeMetrics(MeterRegistry registry) {
        for (ExchangeType t : ExchangeType.values()) {
            Map<Role, Map<Outcome, Counter>> byRole = new EnumMap<>(Role.class);
            for (Role r : Role.values()) {
                Map<Outcome, Counter> byOutcome = new EnumMap<>(Outcome.class);
                for (Outcome o : Outcome.values()) {
                    byOutcome.put(o, Counter.builder("ikebana_ike_exchanges")
                            .description("IKE exchanges by type, our role and outcome")
                            .tag("exchange", label(t)).tag("role", label(r)).tag("outcome", label(o))
                            .register(registry));
                }
                byRole.put(r, byOutcome);
            }
            exchanges.put(t, byRole);
        }
        for (AuthFailure f : AuthFailure.values()) {
            authFailures.put(f, Counter.builder("ikebana_ike_auth_failures")
                    .description("IKE_AUTH failures by reason").tag("reason", label(f)).register(registry));
        }
        for (DropReason d : DropReason.values()) {
            drops.put(d, Counter.builder("ikebana_ike_drops")
                    .description("IKE datagrams dropped without an answer, by reason")
                    .tag("reason", label(d)).register(registry));
        }
        for (SaEvent e : SaEvent.values()) {
            events.put(e, transfer(e)
                    ? Counter.builder("ikebana_cluster_sa_transfers")
                            .description("IKE SAs taken over, moved or cloned between members")
                            .tag("kind", label(e)).register(registry)
                    : Counter.builder("ikebana_ike_sa_events")
                            .description("IKE and Child SA life-cycle events").tag("event", label(e))
                            .register(registry));
        }
        handshake = Timer.builder("ikebana_ike_handshake_duration")
                .description("IKE_SA_INIT request to IKE_AUTH completion")
                .serviceLevelObjectives(HANDSHAKE_BUCKETS)
                .minimumExpectedValue(Duration.ofMillis(5))
                .maximumExpectedValue(Duration.ofSeconds(30))
                .register(registry);
    }

    static boolean transfer(SaEvent e) {
        return e == SaEvent.TAKEOVER || e == SaEvent.MOVED_IN || e == SaEvent.MOVED_OUT || e == SaEvent.CLONED;
    }

    static String label(Enum<?> e) {
        return e.name().toLowerCase(Locale.ROOT);
    }

    @Override
    public void exchange(ExchangeType type, Role role, Outcome outcome) {
        exchanges.get(type).get(role).get(outcome).increment();
    }

    @Override
    public void authFailure(AuthFailure reason) {
        authFailures.get(reason).increment();
    }

    @Override
    public void handshakeNanos(long nanos) {
        handshake.record(Math.max(0, nanos), TimeUnit.NANOSECONDS);
    }

    @Override
    public void drop(DropReason reason) {
        drops.get(reason).increment();
    }

    @Override
    public void saEvent(SaEvent event) {
        events.get(event).increment();
    }
}
