package io.ikebana.esp.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.util.Arrays;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class EchoResponderTest {

    static InetAddress addr(String s) throws Exception {
        return InetAddress.getByName(s);
    }

    /** RFC 1071: data with its checksum in place sums to 0xffff, so its checksum is 0. */
    static int verify(byte[] b, int off, int len, long initial) {
        return EchoResponder.checksum(b, off, len, initial);
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 1, 2, 35, 56, 1371, 1372})
    void ipv4ReplyHasValidChecksumsAndTheRequestsData(int payload) throws Exception {
        byte[] req = Icmp.echoRequest((Inet4Address) addr("10.96.0.7"), (Inet4Address) addr("10.99.200.1"), 0x1234,
                0xfedc, payload);
        byte[] r = EchoResponder.answer(req, 0, req.length);
        assertNotNull(r);
        assertEquals(0, r[20], "type: echo reply");
        assertArrayEquals(Arrays.copyOfRange(req, 12, 16), Arrays.copyOfRange(r, 16, 20), "addresses swapped");
        assertArrayEquals(Arrays.copyOfRange(req, 16, 20), Arrays.copyOfRange(r, 12, 16));
        assertArrayEquals(Arrays.copyOfRange(req, 24, req.length), Arrays.copyOfRange(r, 24, r.length), "id, seq, data");
        assertEquals(0, verify(r, 0, 20, 0), "IPv4 header checksum");
        assertEquals(0, verify(r, 20, r.length - 20, 0), "ICMP checksum");
        assertEquals(0xfedc, Icmp.parseReply(r, 0, r.length).seq());
    }

    @ParameterizedTest
    @ValueSource(ints = {8, 9, 64, 1233})
    void ipv6ReplyHasAValidChecksumOverThePseudoHeader(int icmpLength) throws Exception {
        byte[] req = new byte[40 + icmpLength];
        req[0] = 0x60;
        req[4] = (byte) (icmpLength >>> 8);
        req[5] = (byte) icmpLength;
        req[6] = 58;
        req[7] = 9;
        System.arraycopy(addr("fd99::7").getAddress(), 0, req, 8, 16);
        System.arraycopy(addr("fd99:200::1").getAddress(), 0, req, 24, 16);
        req[40] = (byte) 128;
        for (int i = 44; i < req.length; i++) {
            req[i] = (byte) (i * 7);
        }
        long pseudo = pseudo(req, icmpLength);
        int cs = EchoResponder.checksum(req, 40, icmpLength, pseudo);
        req[42] = (byte) (cs >>> 8);
        req[43] = (byte) cs;
        assertEquals(0, verify(req, 40, icmpLength, pseudo), "test request is valid");

        byte[] r = EchoResponder.answer(req, 0, req.length);
        assertNotNull(r);
        assertEquals(129, r[40] & 0xff);
        assertArrayEquals(Arrays.copyOfRange(req, 8, 24), Arrays.copyOfRange(r, 24, 40), "addresses swapped");
        assertArrayEquals(Arrays.copyOfRange(req, 44, req.length), Arrays.copyOfRange(r, 44, r.length));
        assertEquals(0, verify(r, 40, icmpLength, pseudo(r, icmpLength)), "ICMPv6 checksum");
    }

    @ParameterizedTest
    @ValueSource(ints = {0x0000, 0x0800, 0xf7ff, 0xffff, 0x1234})
    void adjustMatchesAFullRecomputation(int checksumWordValue) {
        // a message whose other words sum to something that makes the checksum land on edge values
        byte[] m = {8, 0, 0, 0, (byte) (checksumWordValue >>> 8), (byte) checksumWordValue, 0x55, (byte) 0xaa};
        int before = EchoResponder.checksum(m, 0, m.length, 0);
        m[0] = 0;
        int after = EchoResponder.checksum(m, 0, m.length, 0);
        assertEquals(after, EchoResponder.adjust(before, 0x0800, 0x0000));
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 1, 3})
    void notAnEchoRequestGetsNoAnswer(int kind) throws Exception {
        byte[] req = Icmp.echoRequest((Inet4Address) addr("10.96.0.7"), (Inet4Address) addr("10.99.200.1"), 1, 1, 8);
        switch (kind) {
            case 0 -> req[20] = 0;
            case 1 -> req[9] = 17;
            default -> req = Arrays.copyOf(req, 19);
        }
        assertNull(EchoResponder.answer(req, 0, req.length));
    }

    private static long pseudo(byte[] p, int icmpLength) {
        long s = 0;
        for (int i = 8; i < 40; i += 2) {
            s += (p[i] & 0xff) << 8 | (p[i + 1] & 0xff);
        }
        return s + icmpLength + 58;
    }
}
