package io.ikebana.esp;

import java.util.Locale;

/** Why the data plane dropped a packet; a label of the drop counters. */
public enum DropReason {
    /** Inbound: no SA with this SPI (RFC 4303 §3.4.2). */
    UNKNOWN_SPI,
    /** Inbound: shorter than header, IV and ICV, or ciphertext not a multiple of the block/4 octets. */
    MALFORMED,
    /** Inbound: sequence number already received (RFC 4303 §3.4.3). */
    REPLAYED,
    /** Inbound: sequence number left of the anti-replay window (RFC 4303 §3.4.3). */
    OUTSIDE_WINDOW,
    /** Inbound: integrity check failed (RFC 4303 §3.4.4). */
    ICV_FAILURE,
    /** Inbound: pad length past the payload or padding bytes not 1, 2, 3, ... (RFC 4303 §2.4). */
    BAD_PADDING,
    /** Inbound: next header neither IPv4 (4), IPv6 (41) nor dummy (59): tunnel mode only. */
    BAD_NEXT_HEADER,
    /** Inbound: a dummy packet (next header 59, RFC 4303 §2.6), discarded by design. */
    DUMMY_PACKET,
    /** Inner IP header invalid: version, header or total length. */
    BAD_INNER_PACKET,
    /** Inbound: inner addresses/ports outside the SA's traffic selectors (RFC 4301 §5.2). */
    SELECTOR_MISMATCH,
    /** The SA reached a hard lifetime or was removed. */
    SA_EXPIRED,
    /** Outbound: the sequence number would cycle (RFC 4303 §3.3.3). */
    SEQUENCE_EXHAUSTED,
    /** Outbound: no SA's traffic selectors match the inner packet. */
    NO_OUTBOUND_SA,
    /** Outbound: the ESP packet would exceed the largest UDP payload. */
    TOO_LARGE,
    /** Another thread was processing the same SA direction at the same moment (never blocks). */
    CONCURRENT_USE,
    /** The crypto provider failed unexpectedly. */
    CRYPTO_ERROR,
    /** Inbound: the packet device refused the inner packet. */
    DEVICE_ERROR;

    /** Lower-case label for metrics. */
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }
}
