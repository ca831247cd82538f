package io.ikebana.dos.puzzle;

import static io.ikebana.dos.Ike.hex;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HexFormat;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class PuzzleVerifierTest {
    /**
     * Provenance: shared/spec/ddos-puzzles.md §8, computed with HMAC-SHA-256(key = Ki, data =
     * cookie), keys = 3-octet big-endian counters from 0, first four meeting the difficulty;
     * re-checked independently with Python's hmac module before writing this test.
     */
    static final byte[] COOKIE = hex("739ae7492d8a810cf5e8dc0f9626c9dda773c5a3");

    private final PuzzlePrf prf = new PuzzlePrf();
    private final PuzzleVerifier verifier = new PuzzleVerifier(prf);

    @ParameterizedTest(name = "key {0}: ZBC {1}, ends {2}")
    @CsvSource({
        "000090, 8, b8e8e300",
        "00013a, 9, f82af200",
        "0001bb, 8, 98eccf00",
        "00025e, 9, ba8bf200",
        "000946, 12, a6c57000",
        "003422, 13, 0967a000",
        "00499b, 14, 03644000",
        "007813, 12, a7979000",
    })
    void handCheckedVectors(String key, int zbc, String lastFourOctets) {
        byte[] out = prf.compute(PrfAlgorithm.HMAC_SHA2_256, hex(key), COOKIE);
        assertEquals(lastFourOctets, HexFormat.of().formatHex(out, 28, 32));
        assertEquals(zbc, ZeroBits.trailing(out));
    }

    @Test
    void solvedDifficultyIsTheSmallestOfFour() {
        PuzzleVerification d8 = verifier.verify(PrfAlgorithm.HMAC_SHA2_256, COOKIE, hex("000090 00013a 0001bb 00025e"));
        assertTrue(d8.isValid());
        assertEquals(8, d8.solvedDifficulty());
        assertTrue(d8.meets(8));
        assertFalse(d8.meets(9));
        assertTrue(d8.meets(0), "difficulty 0: any valid solution");

        PuzzleVerification d12 = verifier.verify(PrfAlgorithm.HMAC_SHA2_256, COOKIE,
                hex("000946 003422 00499b 007813"));
        assertEquals(12, d12.solvedDifficulty());
        assertTrue(d12.meets(12));
    }

    @Test
    void rfcExample1DoesNotReproduce() {
        // RFC 8019 §4.4 Table 1 claims >= 18 zero bits for these keys; HMAC-SHA-256(key, cookie) disagrees
        PuzzleVerification v = verifier.verify(PrfAlgorithm.HMAC_SHA2_256, COOKIE, hex("061840 073324 0c8a2a 0d94c8"));
        assertTrue(v.isValid());
        assertFalse(v.meets(18));
    }

    @ParameterizedTest(name = "{0}: {1}")
    @CsvSource({
        "'', EMPTY",
        "000090, LENGTH_NOT_MULTIPLE_OF_FOUR",
        "000090 00013a 0001bb, LENGTH_NOT_MULTIPLE_OF_FOUR",
        "000090 00013a 0001bb 00025e 00, LENGTH_NOT_MULTIPLE_OF_FOUR",
        "000090 00013a 000090 00025e, DUPLICATE_KEYS",
        "00 00 00 00, DUPLICATE_KEYS",
        "01 02 03 04, VALID",
    })
    void malformedSolutions(String ps, PuzzleVerification.Outcome expected) {
        assertEquals(expected, verifier.verify(PrfAlgorithm.HMAC_SHA2_256, COOKIE, hex(ps)).outcome());
    }

    @Test
    void keySizeBoundedByThePrfsPreferredKeyLength() {
        // RFC 8019 §8.2: HMAC-SHA-256 keys of 1..32 octets
        assertEquals(PuzzleVerification.Outcome.VALID,
                verifier.verify(PrfAlgorithm.HMAC_SHA2_256, COOKIE, distinctKeys(32)).outcome());
        assertEquals(PuzzleVerification.Outcome.KEY_SIZE_OUT_OF_RANGE,
                verifier.verify(PrfAlgorithm.HMAC_SHA2_256, COOKIE, distinctKeys(33)).outcome());
        assertEquals(PuzzleVerification.Outcome.KEY_SIZE_OUT_OF_RANGE,
                verifier.verify(PrfAlgorithm.HMAC_SHA1, COOKIE, distinctKeys(21)).outcome());
        assertEquals(PuzzleVerification.Outcome.VALID,
                verifier.verify(PrfAlgorithm.HMAC_SHA2_512, COOKIE, distinctKeys(64)).outcome());
        assertEquals(PuzzleVerification.Outcome.EMPTY,
                verifier.verify(PrfAlgorithm.HMAC_SHA2_256, COOKIE, null).outcome());
        assertEquals(PuzzleVerification.Outcome.UNSUPPORTED_PRF,
                verifier.verify(PrfAlgorithm.UNKNOWN, COOKIE, distinctKeys(4)).outcome());
    }

    private static byte[] distinctKeys(int keyLength) {
        byte[] d = new byte[4 * keyLength];
        for (int i = 0; i < 4; i++) {
            d[i * keyLength] = (byte) i;
        }
        return d;
    }
}
