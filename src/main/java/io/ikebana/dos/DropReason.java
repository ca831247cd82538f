package io.ikebana.dos;

import java.util.Locale;

/** Why the guard dropped a message. Used as a metric label: keep it small and closed. */
public enum DropReason {
    /** Source is unspecified, multicast or broadcast (RFC 1122 §3.2.1.3, RFC 4291 §2.7). */
    BAD_SOURCE_ADDRESS,
    /** Shorter than the 28-octet IKE header (RFC 7296 §3.1). */
    DATAGRAM_TOO_SHORT,
    /** Longer than the configured maximum IKE message. */
    DATAGRAM_TOO_LONG,
    /** Header Length field differs from the datagram length (RFC 7296 §3.1). */
    LENGTH_MISMATCH,
    /** Major version other than 2 (RFC 7296 §3.1). */
    BAD_MAJOR_VERSION,
    /** IKE_SA_INIT request shorter than HDR + SA + KE + Ni can be (RFC 7296 §1.2, §3.3, §3.4, §3.9). */
    INIT_TOO_SHORT,
    /** IKE_SA_INIT request longer than the configured maximum (it is never fragmented, RFC 7383 §2.5.3). */
    INIT_TOO_LONG,
    /** IKE_SA_INIT request with a zero initiator SPI (RFC 7296 §3.1). */
    INIT_ZERO_SPI_I,
    /** IKE_SA_INIT request with a non-zero responder SPI (RFC 7296 §3.1). */
    INIT_NONZERO_SPI_R,
    /** IKE_SA_INIT request with a non-zero Message ID (RFC 7296 §2.6). */
    INIT_NONZERO_MESSAGE_ID,
    /** IKE_SA_INIT request without the Initiator flag (RFC 7296 §3.1). */
    INIT_INITIATOR_FLAG_CLEAR,
    /** IKE_SA_INIT request without any payload (RFC 7296 §1.2). */
    INIT_NO_PAYLOADS,
    /** The source prefix sends IKE_SA_INIT requests far above its hard rate (RFC 8019 §4.2). */
    PREFIX_RATE_LIMIT,
    /** The source prefix received too many cookies in the window (RFC 7296 §2.6). */
    COOKIE_ROUND_TRIP_LIMIT,
    /** The source prefix holds its hard limit of half-open SAs (RFC 8019 §4.2, last step). */
    PREFIX_HALF_OPEN_LIMIT,
    /** The half-open table is full; the initiator's retransmission is its back-off (RFC 8019 §4.1). */
    HALF_OPEN_CAPACITY,
    /** Evicted from or refused by the full priority admission queue (RFC 8019 §7.1.5). */
    QUEUE_FULL,
    /** IKE_AUTH without the requested Puzzle Solution payload (RFC 8019 §7.2.4). */
    AUTH_PUZZLE_MISSING,
    /** IKE_AUTH Puzzle Solution malformed or below the requested difficulty (RFC 8019 §7.2.4). */
    AUTH_PUZZLE_INSUFFICIENT;

    /** Lower-case label for metrics. */
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }
}
