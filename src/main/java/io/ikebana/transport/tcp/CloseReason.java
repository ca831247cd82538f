package io.ikebana.transport.tcp;

import java.util.Locale;

/** Why a TCP stream was closed; a label of {@code ikebana_tcp_streams_closed_total}. */
public enum CloseReason {
    /** The first octets were not "IKETCP": not TCP encapsulation (RFC 9329 §4). */
    BAD_PREFIX,
    /** No complete prefix and first IKE message within the first-message time (RFC 9329 §6.3.1). */
    NO_FIRST_MESSAGE,
    /** Length field 0 or 1: fatal (RFC 9329 §3). */
    BAD_LENGTH,
    /** Length field above the configured largest frame (RFC 9329 §3: limit to UDP sizes). */
    FRAME_TOO_LONG,
    /** A frame started but did not complete in time (a stalled or slow sender). */
    PARTIAL_FRAME,
    /** Too many consecutive frames that are neither IKE nor ESP (RFC 9329 §6.1: corruption). */
    GARBAGE,
    /** No IKE state for this stream and nothing received for a while (RFC 9329 §6.1, §6.3). */
    STATELESS_IDLE,
    /** Its IKE SA continues on a newer stream, or moved to another member (RFC 9329 §6.1). */
    REPLACED,
    /** The source address already holds its share of streams (RFC 9329 §10). */
    SOURCE_LIMIT,
    /** The node holds its global maximum of streams (RFC 9329 §10). */
    CAPACITY,
    /** The peer closed or reset the connection. */
    PEER_CLOSED,
    /** A socket error. */
    ERROR,
    /** We closed it on purpose: shutdown, SA deleted, transport switch. */
    LOCAL;

    /** Lower-case label for metrics. */
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }
}
