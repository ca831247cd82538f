package io.ikebana.dos.puzzle;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Four different, equal-sized PRF keys: the Puzzle Solution Data of the PS payload, type 54
 * (RFC 8019 §8.2).
 */
public final class PuzzleSolution {
    /** PS payload type (RFC 8019 §8.2, §11). */
    public static final int PAYLOAD_TYPE = 54;
    /** The solution always carries four keys (RFC 8019 §7.1.3). */
    public static final int KEY_COUNT = 4;

    private final byte[] data;

    private PuzzleSolution(byte[] data) {
        this.data = data;
    }

    /** Builds a solution from four equal-sized, pairwise different keys. */
    public static PuzzleSolution of(List<byte[]> keys) {
        // RFC 8019 §8.2: four keys, all of the same size, none empty
        if (keys.size() != KEY_COUNT) {
            throw new IllegalArgumentException("a puzzle solution has exactly four keys");
        }
        int len = keys.get(0).length;
        byte[] data = new byte[KEY_COUNT * len];
        for (int i = 0; i < KEY_COUNT; i++) {
            byte[] k = keys.get(i);
            if (k.length != len || len == 0) {
                throw new IllegalArgumentException("keys must be non-empty and of equal size");
            }
            System.arraycopy(k, 0, data, i * len, len);
        }
        return new PuzzleSolution(data);
    }

    /** Wraps received PS payload data without checking it; {@link PuzzleVerifier} checks. */
    public static PuzzleSolution wrap(byte[] psData) {
        return new PuzzleSolution(psData.clone());
    }

    /** Puzzle Solution Data: K1 | K2 | K3 | K4. */
    public byte[] encode() {
        return data.clone();
    }

    public int keyLength() {
        return data.length / KEY_COUNT;
    }

    public List<byte[]> keys() {
        int len = keyLength();
        List<byte[]> out = new ArrayList<>(KEY_COUNT);
        for (int i = 0; i < KEY_COUNT; i++) {
            out.add(Arrays.copyOfRange(data, i * len, (i + 1) * len));
        }
        return out;
    }

    @Override
    public String toString() {
        return "PuzzleSolution" + keys().stream().map(PuzzleSolution::hex).toList();
    }

    private static String hex(byte[] b) {
        StringBuilder sb = new StringBuilder();
        for (byte x : b) {
            sb.append(String.format("%02x", x & 0xFF));
        }
        return sb.toString();
    }
}
