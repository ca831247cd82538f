package io.ikebana.wire;

/**
 * The outcome of decoding one received datagram (AOSP IKE's shape): a complete message, a
 * fragment waiting for the others, an authenticated but invalid message that deserves an
 * encrypted error answer, or an unauthenticated one that is dropped silently and counted.
 */
public sealed interface DecodeResult {

    record Ok(IkeMessage message) implements DecodeResult {
    }

    /** A fragment was stored; the message is not complete yet. */
    record Partial() implements DecodeResult {
    }

    /** Authenticated, but bad: answer with this error notify inside SK (RFC 7296 §2.21.3). */
    record ProtectedError(NotifyType error, byte[] data, String reason) implements DecodeResult {
    }

    /** Not authenticated or not ours: drop silently, count by reason. */
    record UnprotectedError(DropReason reason, String detail) implements DecodeResult {
    }
}
