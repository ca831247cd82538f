package io.ikebana.transport.tcp;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** RFC 9329 §3, §4 stream decoding: prefix, Length rules, splits at every position, bounds. */
class StreamDecoderTest {
    static final HexFormat HEX = HexFormat.of();

    final List<byte[]> frames = new ArrayList<>();

    CloseReason feed(StreamDecoder d, String hex) {
        byte[] b = HEX.parseHex(hex.replace(" ", ""));
        return d.feed(b, 0, b.length, (x, off, len) -> {
            byte[] f = new byte[len];
            System.arraycopy(x, off, f, 0, len);
            frames.add(f);
            return null;
        });
    }

    static final String PREFIX = "49 4b 45 54 43 50";

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        // what                         | stream (hex)                          | frames | close
        "prefix only                     | 494b45544350                          | 0 |",
        "IKE frame                       | 494b45544350 0006 00000000            | 1 |",
        "empty frame ignored             | 494b45544350 0002 0002 0003ff         | 1 |",
        "keepalive is a one-octet frame  | 494b45544350 0003ff                   | 1 |",
        "two frames in one read          | 494b45544350 0004 abcd 0005 010203    | 2 |",
        "length 0 is fatal               | 494b45544350 0000                     | 0 | BAD_LENGTH",
        "length 1 is fatal               | 494b45544350 0001                     | 0 | BAD_LENGTH",
        "frames before a fatal length    | 494b45544350 0004 abcd 0001           | 1 | BAD_LENGTH",
        "oversized length                | 494b45544350 0401                     | 0 | FRAME_TOO_LONG",
        "largest accepted length         | 494b45544350 0400                     | 0 |",
        "wrong prefix                    | 494b45544351                          | 0 | BAD_PREFIX",
        "HTTP instead of IKETCP          | 474554202f20                          | 0 | BAD_PREFIX",
        "IKE without prefix              | 0006 00000000                         | 0 | BAD_PREFIX",
    })
    void table(String what, String hex, int expectedFrames, CloseReason expected) {
        StreamDecoder d = new StreamDecoder(1024, true);
        assertEquals(expected, feed(d, hex), what);
        assertEquals(expectedFrames, frames.size(), what);
    }

    @Test
    void everySplitPointGivesTheSameFrames() {
        String stream = PREFIX + "0006 00000000 0002 0003 ff 000a 01020304 05060708 0004 cafe";
        byte[] all = HEX.parseHex(stream.replace(" ", ""));
        List<String> whole = decode(all, new int[] {all.length});
        assertEquals(List.of("00000000", "ff", "0102030405060708", "cafe"), whole);
        for (int a = 1; a < all.length; a++) {
            for (int b = a; b < all.length; b++) {
                assertEquals(whole, decode(all, new int[] {a, b - a, all.length - b}), "split at " + a + "," + b);
            }
        }
    }

    private static List<String> decode(byte[] all, int[] pieces) {
        StreamDecoder d = new StreamDecoder(1024, true);
        List<String> out = new ArrayList<>();
        int pos = 0;
        for (int n : pieces) {
            assertNull(d.feed(all, pos, n, (x, off, len) -> {
                out.add(HEX.formatHex(x, off, off + len));
                return null;
            }));
            pos += n;
        }
        return out;
    }

    @Test
    void partialFrameIsBoundedAndVisible() {
        StreamDecoder d = new StreamDecoder(1024, true);
        assertNull(feed(d, PREFIX + "0400 0102"));
        assertTrue(d.midFrame());
        assertEquals(1022, d.buffered(), "one frame at most, never more than maxFrame");
        ByteArrayOutputStream rest = new ByteArrayOutputStream();
        for (int i = 2; i < 1022; i++) {
            rest.write(i);
        }
        byte[] r = rest.toByteArray();
        assertNull(d.feed(r, 0, r.length, (x, off, len) -> {
            frames.add(java.util.Arrays.copyOfRange(x, off, off + len));
            return null;
        }));
        assertFalse(d.midFrame());
        assertEquals(0, d.buffered());
        assertEquals(1, frames.size());
        assertEquals(1022, frames.get(0).length);
    }

    @Test
    void originatorSideHasNoPrefix() {
        StreamDecoder d = new StreamDecoder(1024, false);
        assertNull(feed(d, "0005 010203"));
        assertArrayEquals(new byte[] {1, 2, 3}, frames.get(0));
    }

    @Test
    void sinkCanCloseAndTheRestIsIgnored() {
        StreamDecoder d = new StreamDecoder(1024, true);
        byte[] b = HEX.parseHex((PREFIX + "0003ff 0003ff 0003ff").replace(" ", ""));
        int[] calls = {0};
        assertEquals(CloseReason.GARBAGE, d.feed(b, 0, b.length, (x, off, len) -> ++calls[0] == 2 ? CloseReason.GARBAGE : null));
        assertEquals(2, calls[0]);
        assertNull(d.feed(b, 0, b.length, (x, off, len) -> {
            calls[0]++;
            return null;
        }));
        assertEquals(2, calls[0], "a closed decoder ignores input");
    }
}
