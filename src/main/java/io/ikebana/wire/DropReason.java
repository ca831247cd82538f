package io.ikebana.wire;

/** Why an inbound IKE datagram was dropped without an answer; the label of the drop counter. */
public enum DropReason {
    TRUNCATED,
    BAD_LENGTH,
    BAD_VERSION,
    MALFORMED,
    UNKNOWN_SPI,
    UNEXPECTED_MESSAGE_ID,
    INTEGRITY_CHECK_FAILED,
    UNEXPECTED_RESPONSE,
    DUPLICATE_IN_PROGRESS,
    FRAGMENT_INVALID,
    FRAGMENT_LIMIT,
    DOS_FILTER,
    NOT_OWNER,
    STATE_MISMATCH,
    REDIRECT_NONCE_MISMATCH,
    STORE_UNAVAILABLE,
    /** an unexpected exception while processing: a bug, not bad input */
    INTERNAL_ERROR,
    /** an IKE_SA_INIT replayed after its IKE_AUTH completed (RFC 7296 §2.1) */
    COMPLETED_INIT_REPLAY
}
