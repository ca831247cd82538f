package io.ikebana.dos;

import java.util.List;

/**
 * Limits for one source prefix length of one address family. RFC 8019 §4.2 counts IPv4 per
 * address and IPv6 per /64 or /48; we add IPv4 /24 so one spoofing subnet cannot hide behind many
 * addresses. All counts are per prefix; rates are IKE_SA_INIT requests per second averaged over
 * the sliding window of {@link TableConfig#window()}.
 *
 * @param family              address family the policy applies to
 * @param length              prefix length in bits
 * @param cookieHalfOpen      half-open SAs from the prefix from which its requests need a cookie
 * @param puzzleHalfOpen      half-open SAs from which its requests need a puzzle (RFC 8019 §4.2 soft limit)
 * @param hardHalfOpen        half-open SAs at which its requests are dropped (RFC 8019 §4.2 hard limit)
 * @param cookieRate          request rate from which its requests need a cookie
 * @param puzzleRate          request rate from which its requests need a puzzle
 * @param hardRate            request rate above which only this rate gets through (probabilistic)
 * @param maxCookiesPerWindow cookies handed to the prefix per window before further cookies are
 *                            rate-limited (RFC 7296 §2.6: bounded cookie round trips)
 */
public record PrefixPolicy(
        AddressFamily family,
        int length,
        int cookieHalfOpen,
        int puzzleHalfOpen,
        int hardHalfOpen,
        double cookieRate,
        double puzzleRate,
        double hardRate,
        int maxCookiesPerWindow) {

    public PrefixPolicy {
        if (family == null) {
            throw new IllegalArgumentException("dos.prefixes.family: missing");
        }
        if (length < 1 || length > family.bits()) {
            throw new IllegalArgumentException("dos.prefixes.length: " + length + " not in 1.." + family.bits());
        }
        if (!(0 < cookieHalfOpen && cookieHalfOpen <= puzzleHalfOpen && puzzleHalfOpen < hardHalfOpen)) {
            throw new IllegalArgumentException(
                    "dos.prefixes.*HalfOpen: need 0 < cookie <= puzzle < hard for " + family + "/" + length);
        }
        if (!(0 < cookieRate && cookieRate <= puzzleRate && puzzleRate < hardRate)) {
            throw new IllegalArgumentException(
                    "dos.prefixes.*Rate: need 0 < cookie <= puzzle < hard for " + family + "/" + length);
        }
        if (maxCookiesPerWindow < 1) {
            throw new IllegalArgumentException("dos.prefixes.maxCookiesPerWindow: must be >= 1");
        }
    }

    /** IPv4 /32 and /24, IPv6 /64 and /48. */
    public static List<PrefixPolicy> defaults() {
        return List.of(
                new PrefixPolicy(AddressFamily.IPV4, 32, 3, 5, 20, 2, 5, 50, 20),
                new PrefixPolicy(AddressFamily.IPV4, 24, 20, 40, 200, 20, 50, 500, 200),
                new PrefixPolicy(AddressFamily.IPV6, 64, 3, 5, 20, 2, 5, 50, 20),
                new PrefixPolicy(AddressFamily.IPV6, 48, 20, 40, 200, 20, 50, 500, 200));
    }
}
