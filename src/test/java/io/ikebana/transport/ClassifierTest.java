package io.ikebana.transport;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.ikebana.transport.Classifier.Framing;
import io.ikebana.transport.Classifier.Kind;
import java.util.HexFormat;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The one decision for UDP payloads and stream frames (RFC 3948 §2.2, RFC 9329 §3): the same
 * octets classify the same way on both paths, except plain IKE, which only UDP carries.
 */
class ClassifierTest {
    /** A 28-octet IKE header: SPIi, SPIr 0, next 33, version 2.0, IKE_SA_INIT, I flag, MID 0, length 28. */
    static final String IKE = "0102030405060708 0000000000000000 21 20 22 08 00000000 0000001c";

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        // what                         | octets                                 | datagram   | stream
        "NAT keepalive                   | ff                                     | KEEPALIVE  | KEEPALIVE",
        "one other octet                 | 01                                     | GARBAGE    | GARBAGE",
        "IKE behind the non-ESP marker   | 00000000 " + IKE + "                   | IKE_MARKER | IKE_MARKER",
        "marker and a truncated header   | 00000000 0102030405060708              | GARBAGE    | GARBAGE",
        "plain IKE                       | " + IKE + "                            | IKE        | ESP",
        "ESP: SPI, sequence, 4 octets    | 0badf00d 00000001 01020304             | ESP        | ESP",
        "ESP too short                   | 0badf00d 00000001 0102                 | GARBAGE    | GARBAGE",
    })
    void sameDecisionOnBothPaths(String what, String hex, Kind datagram, Kind stream) {
        byte[] b = HexFormat.of().parseHex(hex.replace(" ", ""));
        assertEquals(datagram, Classifier.classify(b, 0, b.length, Framing.DATAGRAM), what);
        assertEquals(stream, Classifier.classify(b, 0, b.length, Framing.STREAM), what);
        // the same at an offset inside a larger buffer (a frame inside a TCP read)
        byte[] wide = new byte[b.length + 5];
        System.arraycopy(b, 0, wide, 3, b.length);
        assertEquals(stream, Classifier.classify(wide, 3, b.length, Framing.STREAM), what + " at offset");
    }
}
