package io.ikebana.transport.tcp;

import java.util.Locale;

/**
 * What the TCP transport reports: streams opened and closed (by {@link CloseReason}) and frames
 * or packets dropped (by {@link Drop}). Intended names: {@code ikebana_tcp_streams_opened_total},
 * {@code ikebana_tcp_streams_closed_total{reason}}, {@code ikebana_tcp_dropped_total{reason}}, {@code ikebana_tcp_frames_received_total{kind}}.
 * Labels are enums only (STYLE.md). {@link #NOOP} is the twin for tools without metrics.
 */
public interface TcpMetrics {

    /** Why a frame or an outbound packet was dropped without closing its stream. */
    enum Drop {
        /** Inbound NAT-keepalive: dropped by rule (RFC 9329 §6.6), counted for visibility. */
        KEEPALIVE,
        /** Inbound frame that is neither IKE nor ESP (RFC 9329 §3). */
        GARBAGE,
        /** Outbound: no live stream to the peer; the responder never opens one (RFC 9329 §6.1). */
        NO_STREAM,
        /** Outbound: the stream's write queue is full (bounded memory per stream). */
        WRITE_QUEUE_FULL,
        /** Outbound: longer than a frame can carry (RFC 9329 §3). */
        TOO_LARGE,
        /** Outbound TCP packet while no TCP transport is configured. */
        NO_TRANSPORT;

        public String label() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    void opened();

    /** An inbound frame that was delivered: IKE (to the engine) or ESP (to the data plane). */
    void received(boolean ike);

    void closed(CloseReason reason);

    void dropped(Drop reason);

    TcpMetrics NOOP = new TcpMetrics() {
        @Override
        public void opened() {
        }

        @Override
        public void received(boolean ike) {
        }

        @Override
        public void closed(CloseReason reason) {
        }

        @Override
        public void dropped(Drop reason) {
        }
    };
}
