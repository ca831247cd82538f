package io.ikebana.dos;

import java.time.Duration;

/**
 * Snapshot for the admin API and logs. No addresses, SPIs or key material.
 *
 * @param enabled             protection switched on
 * @param level               current global level
 * @param halfOpen            half-open SAs now
 * @param halfOpenCapacity    cap of the half-open table
 * @param halfOpenTimeout     current retention for new half-open SAs
 * @param puzzleDifficulty    difficulty a request from an unremarkable prefix would get now (0 if
 *                            puzzles are not asked globally)
 * @param authPuzzlesActive   IKE_AUTH puzzles are being handed to puzzle-capable clients
 * @param cookieSecretVersion version octet of the current cookie secret
 * @param trackedCells        counter cells of all per-prefix tables: constant, the memory bound
 * @param spentCookieSlots    slots of the spent-cookie table: constant
 * @param counters            event counters since start
 */
public record DosState(
        boolean enabled,
        DosLevel level,
        int halfOpen,
        int halfOpenCapacity,
        Duration halfOpenTimeout,
        int puzzleDifficulty,
        boolean authPuzzlesActive,
        int cookieSecretVersion,
        long trackedCells,
        int spentCookieSlots,
        DosCounters.Snapshot counters) {
}
