package io.ikebana.dos.cookie;

import java.util.Locale;

/** Why a returned cookie was not accepted; the request is then treated as carrying none (RFC 7296 §2.6). */
public enum CookieRejectReason {
    /** Wrong length, unknown format bits, inconsistent puzzle fields. */
    MALFORMED,
    /** Secret version neither current nor previous (RFC 7296 §2.6: not indefinitely). */
    UNKNOWN_SECRET,
    /** Older than the cookie lifetime. */
    EXPIRED,
    /** Issued in the future beyond the allowed clock skew. */
    FROM_FUTURE,
    /** MAC does not match Ni | IPi | SPIi (and port) of this request. */
    BAD_MAC,
    /** Bound to a UDP port but returned over TCP (RFC 9329 §6.3). */
    TRANSPORT_MISMATCH,
    /** Already created a half-open SA: a replayed puzzle solution (RFC 8019 §10). */
    REPLAYED;

    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }
}
