package io.ikebana.dos;

import java.time.Duration;

/**
 * Global half-open SA accounting (RFC 8019 §4.1, §6).
 *
 * @param cookieThreshold half-open SAs from which cookies are asked of all (strongSwan: 30)
 * @param puzzleThreshold half-open SAs from which puzzles are asked of all (RFC 8019 §6: 100
 *                        concurrent half-open SAs indicate an attack on a 10,000-peer gateway)
 * @param capacity        cap of the half-open table: no request is accepted at or above it
 * @param levelHold       how long a raised level stays raised, to avoid on/off jitter (strongSwan: 10 s)
 * @param maxTimeout      half-open retention when not under attack (strongSwan: 30 s)
 * @param minTimeout      retention at capacity; two seconds is about the lowest realistic value (RFC 8019 §4.1)
 */
public record HalfOpenConfig(
        int cookieThreshold,
        int puzzleThreshold,
        int capacity,
        Duration levelHold,
        Duration maxTimeout,
        Duration minTimeout) {

    public HalfOpenConfig {
        if (!(0 < cookieThreshold && cookieThreshold <= puzzleThreshold && puzzleThreshold < capacity)) {
            throw new IllegalArgumentException(
                    "dos.halfOpen: need 0 < cookieThreshold <= puzzleThreshold < capacity");
        }
        if (levelHold == null || levelHold.isNegative()) {
            throw new IllegalArgumentException("dos.halfOpen.levelHold: must be >= 0");
        }
        if (minTimeout == null || maxTimeout == null || minTimeout.isNegative() || minTimeout.isZero()
                || minTimeout.compareTo(maxTimeout) > 0) {
            throw new IllegalArgumentException("dos.halfOpen: need 0 < minTimeout <= maxTimeout");
        }
    }

    public static HalfOpenConfig defaults() {
        return new HalfOpenConfig(30, 200, 20_000, Duration.ofSeconds(10), Duration.ofSeconds(30),
                Duration.ofSeconds(2));
    }

    public HalfOpenConfig withThresholds(int cookie, int puzzle, int cap) {
        return new HalfOpenConfig(cookie, puzzle, cap, levelHold, maxTimeout, minTimeout);
    }
}
