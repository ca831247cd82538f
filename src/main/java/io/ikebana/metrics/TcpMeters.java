package io.ikebana.metrics;

import io.ikebana.transport.tcp.CloseReason;
import io.ikebana.transport.tcp.TcpCounters;
import io.ikebana.transport.tcp.TcpMetrics;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * The RFC 9329 transport's counters in the registry, read from its {@link TcpCounters} (registered
 * up front, so every reason reads zero before the first event):
 *
 * <pre>
 * ikebana_tcp_streams_opened_total
 * ikebana_tcp_streams_open
 * ikebana_tcp_streams_closed_total{reason}     bad_prefix, no_first_message, stateless_idle, ...
 * ikebana_tcp_dropped_total{reason}            keepalive, garbage, no_stream, write_queue_full, ...
 * ikebana_tcp_frames_received_total{kind}      ike, esp
 * </pre>
 */
public final class TcpMeters {

    private TcpMeters() {
    }

    public static void bind(MeterRegistry registry, TcpCounters c) {
        FunctionCounter.builder("ikebana_tcp_streams_opened", c, TcpCounters::openedCount)
                .description("TCP streams accepted or opened (RFC 9329)").register(registry);
        Gauge.builder("ikebana_tcp_streams_open", c, TcpCounters::openCount)
                .description("TCP streams open now").register(registry);
        for (CloseReason r : CloseReason.values()) {
            FunctionCounter.builder("ikebana_tcp_streams_closed", c, x -> x.closedCount(r))
                    .description("TCP streams closed, by reason").tag("reason", r.label()).register(registry);
        }
        for (TcpMetrics.Drop d : TcpMetrics.Drop.values()) {
            FunctionCounter.builder("ikebana_tcp_dropped", c, x -> x.droppedCount(d))
                    .description("frames or packets dropped without closing their stream").tag("reason", d.label())
                    .register(registry);
        }
        FunctionCounter.builder("ikebana_tcp_frames_received", c, TcpCounters::ikeReceived)
                .description("frames delivered from TCP streams").tag("kind", "ike").register(registry);
        FunctionCounter.builder("ikebana_tcp_frames_received", c, TcpCounters::espReceived)
                .description("frames delivered from TCP streams").tag("kind", "esp").register(registry);
    }
}
