package io.ikebana.dos.puzzle;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Initiator side (used by our own client): finds four different keys K such that
 * {@code PRF(K, S)} has at least the requested trailing zero bits (RFC 8019 §4.4, §7.1.3, §7.2.3).
 * Keys are big-endian counters of {@link SolveBudget#keyLength()} octets from 0. Bounded by calls
 * and time; always returns the best four keys found (highest smallest-ZBC), so with difficulty 0 it
 * does "as much as it can afford" (RFC 8019 §7.1.1.1). Stops early on thread interruption.
 */
public final class PuzzleSolver {
    private static final int CHECK_EVERY = 256;

    private final PuzzlePrf prf;
    private final Clock clock;

    public PuzzleSolver(PuzzlePrf prf, Clock clock) {
        this.prf = prf;
        this.clock = clock;
    }

    public SolveResult solve(PuzzleChallenge challenge, byte[] s, SolveBudget budget) {
        PrfAlgorithm alg = challenge.prf();
        int keyLen = budget.keyLength();
        // RFC 8019 §8.2: key between 1 octet and the preferred key length of the PRF
        if (keyLen > alg.preferredKeyLength()) {
            throw new IllegalArgumentException("key length exceeds the PRF's preferred key length");
        }
        int target = challenge.difficulty() > 0 ? challenge.difficulty() : budget.openTarget();
        long keySpace = keyLen >= 8 ? Long.MAX_VALUE : 1L << (8 * keyLen);
        long limit = Math.min(budget.maxPrfCalls(), keySpace);
        long start = clock.millis();
        long deadline = start + budget.maxTime().toMillis();

        long[] bestKey = new long[PuzzleSolution.KEY_COUNT];
        int[] bestZbc = new int[PuzzleSolution.KEY_COUNT];
        java.util.Arrays.fill(bestZbc, -1);
        byte[] key = new byte[keyLen];
        long calls = 0;
        for (long counter = 0; counter < limit; counter++) {
            encode(counter, key);
            int zbc = prf.trailingZeroBits(alg, key, 0, keyLen, s);
            calls++;
            int worst = indexOfMin(bestZbc);
            if (zbc > bestZbc[worst]) {
                bestZbc[worst] = zbc;
                bestKey[worst] = counter;
                if (target > 0 && bestZbc[indexOfMin(bestZbc)] >= target) {
                    break;
                }
            }
            if (calls % CHECK_EVERY == 0 && (clock.millis() >= deadline || Thread.currentThread().isInterrupted())) {
                break;
            }
        }
        int solved = bestZbc[indexOfMin(bestZbc)];
        Duration elapsed = Duration.ofMillis(clock.millis() - start);
        if (solved < 0) {
            return new SolveResult(null, 0, false, calls, elapsed);
        }
        List<byte[]> keys = new ArrayList<>();
        for (long k : bestKey) {
            byte[] b = new byte[keyLen];
            encode(k, b);
            keys.add(b);
        }
        boolean meets = challenge.difficulty() == 0 || solved >= challenge.difficulty();
        return new SolveResult(PuzzleSolution.of(keys), solved, meets, calls, elapsed);
    }

    private static int indexOfMin(int[] a) {
        int idx = 0;
        for (int i = 1; i < a.length; i++) {
            if (a[i] < a[idx]) {
                idx = i;
            }
        }
        return idx;
    }

    private static void encode(long counter, byte[] key) {
        long v = counter;
        for (int i = key.length - 1; i >= 0; i--) {
            key[i] = (byte) v;
            v >>>= 8;
        }
    }
}
