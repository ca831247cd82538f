package io.ikebana.dos.puzzle;

import java.time.Duration;

/**
 * Limits of one solving attempt; the solver stops at whichever comes first (RFC 8019 §7.1.2:
 * initiators SHOULD have a maximum they are willing to spend).
 *
 * @param maxPrfCalls   most PRF evaluations
 * @param maxTime       most wall-clock time
 * @param keyLength     octets per key, 1..preferred key length of the PRF (RFC 8019 §8.2)
 * @param openTarget    for difficulty 0 ("do your best"): stop early once all four keys reach this
 *                      many zero bits; 0 means use the whole budget
 */
public record SolveBudget(long maxPrfCalls, Duration maxTime, int keyLength, int openTarget) {

    public SolveBudget {
        if (maxPrfCalls < 4 || maxTime == null || maxTime.isNegative() || keyLength < 1 || keyLength > 64
                || openTarget < 0 || openTarget > 255) {
            throw new IllegalArgumentException("invalid solve budget");
        }
    }

    /** About one second of a laptop core (RFC 8019 §9), 4-octet keys. */
    public static SolveBudget defaults() {
        return new SolveBudget(4_000_000, Duration.ofSeconds(2), 4, 20);
    }
}
