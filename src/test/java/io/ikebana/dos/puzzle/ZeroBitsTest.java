package io.ikebana.dos.puzzle;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.ikebana.dos.Ike;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** RFC 8019 §4.4: "the zero-bit run at the end of the output": trailing, from the last octet's LSB. */
class ZeroBitsTest {

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({
        "01, 0",
        "80, 7",
        "00, 8",
        "0100, 8",
        "8000, 15",
        "0000, 16",
        "ff10, 4",
        "00ff, 0",
        "e4f957b859d7fb1343b7b94a816c0000, 18",
        "0d4233d6278c96e3369227a075800000, 23",
        "952a35d39d5ba06709da43af40700000, 20",
        "5a0452b21571e401a3d00803679c0000, 18",
    })
    void countsTrailingZeroBits(String hex, int expected) {
        // the last four rows are the "Last 32 Hex PRF Digits" column of RFC 8019 §4.4 Table 1
        assertEquals(expected, ZeroBits.trailing(Ike.hex(hex)));
    }
}
