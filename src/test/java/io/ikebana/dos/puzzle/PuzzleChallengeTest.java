package io.ikebana.dos.puzzle;

import static io.ikebana.dos.Ike.hex;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class PuzzleChallengeTest {

    @Test
    void notifyDataIsPrfThenDifficulty() {
        // shared/spec/ddos-puzzles.md §6: PRF_HMAC_SHA2_256 (5), difficulty 20 -> data 00 05 14
        assertArrayEquals(hex("000514"), new PuzzleChallenge(PrfAlgorithm.HMAC_SHA2_256, 20).notifyData());
        assertEquals(16434, PuzzleChallenge.NOTIFY_TYPE);
        assertEquals(54, PuzzleSolution.PAYLOAD_TYPE);
    }

    @Test
    void parsesOnlyWellFormedKnownPuzzles() {
        assertEquals(new PuzzleChallenge(PrfAlgorithm.HMAC_SHA2_384, 0), PuzzleChallenge.parse(hex("000600")).orElseThrow());
        assertTrue(PuzzleChallenge.parse(hex("0005")).isEmpty());
        assertTrue(PuzzleChallenge.parse(hex("00051400")).isEmpty());
        assertTrue(PuzzleChallenge.parse(hex("000414")).isEmpty(), "AES-XCBC: not computed here");
        assertTrue(PuzzleChallenge.parse(null).isEmpty());
        assertThrows(IllegalArgumentException.class, () -> new PuzzleChallenge(PrfAlgorithm.UNKNOWN, 9));
        assertThrows(IllegalArgumentException.class, () -> new PuzzleChallenge(PrfAlgorithm.HMAC_SHA1, 256));
    }

    @Test
    void solutionEncodingIsFourEqualKeys() {
        PuzzleSolution s = PuzzleSolution.of(List.of(hex("01"), hex("02"), hex("03"), hex("04")));
        assertArrayEquals(hex("01020304"), s.encode());
        assertEquals(1, s.keyLength());
        assertThrows(IllegalArgumentException.class, () -> PuzzleSolution.of(List.of(hex("01"), hex("0203"),
                hex("03"), hex("04"))));
        assertThrows(IllegalArgumentException.class, () -> PuzzleSolution.of(List.of(hex("01"))));
    }

    @Test
    void prfCodesFollowIana() {
        assertEquals(PrfAlgorithm.HMAC_SHA1, PrfAlgorithm.fromCode(2));
        assertEquals(PrfAlgorithm.HMAC_SHA2_256, PrfAlgorithm.fromCode(5));
        assertEquals(PrfAlgorithm.HMAC_SHA2_384, PrfAlgorithm.fromCode(6));
        assertEquals(PrfAlgorithm.HMAC_SHA2_512, PrfAlgorithm.fromCode(7));
        assertEquals(PrfAlgorithm.UNKNOWN, PrfAlgorithm.fromCode(8));
        assertEquals(PrfAlgorithm.UNKNOWN, PrfAlgorithm.fromCode(-1));
    }
}
