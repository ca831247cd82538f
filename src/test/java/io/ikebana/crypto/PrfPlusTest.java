package io.ikebana.crypto;

import static io.ikebana.crypto.KeyValueVectors.hex;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * prf+ of RFC 7296 §2.13:
 * <pre>
 *   prf+ (K,S) = T1 | T2 | T3 | T4 | ...
 *   T1 = prf (K, S | 0x01)
 *   Tn = prf (K, Tn-1 | S | n)      n a single octet, so at most 255 blocks
 * </pre>
 * checked against a straight-line computation with javax.crypto.Mac.
 */
class PrfPlusTest {

    private static final byte[] KEY = "prf+ test key, not a multiple of anything".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] SEED = hex("00112233445566778899aabbccddeeff0123456789abcdef1032547698badcfe01");

    /** The RFC's formula written out, block by block. */
    static byte[] straightLine(PrfAlgorithm p, byte[] key, byte[] seed, int length) throws Exception {
        Mac mac = Mac.getInstance(PrfAlgorithmTest.jcaName(p));
        mac.init(new SecretKeySpec(key, mac.getAlgorithm()));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] t = new byte[0];
        for (int n = 1; out.size() < length; n++) {
            mac.update(t);
            mac.update(seed);
            mac.update((byte) n);
            t = mac.doFinal();
            out.write(t);
        }
        return Arrays.copyOf(out.toByteArray(), length);
    }

    static Stream<Arguments> lengths() {
        List<Arguments> out = new ArrayList<>();
        for (PrfAlgorithm p : PrfAlgorithm.values()) {
            int s = p.size();
            // around block boundaries, the key material of real suites, and the maximum
            for (int len : new int[] {1, s - 1, s, s + 1, 2 * s + 7, 3 * s + 2 * 32 + 2 * 36, 255 * s - 1, 255 * s}) {
                out.add(Arguments.of(p, len));
            }
        }
        return out.stream();
    }

    @ParameterizedTest(name = "{0} {1} octets")
    @MethodSource("lengths")
    void matchesTheStraightLineComputation(PrfAlgorithm p, int length) throws Exception {
        byte[] got = p.prfPlus(KEY, SEED, length);
        assertEquals(length, got.length);
        assertArrayEquals(straightLine(p, KEY, SEED, length), got);
    }

    @ParameterizedTest
    @EnumSource(PrfAlgorithm.class)
    void shorterOutputIsAPrefixOfLonger(PrfAlgorithm p) {
        byte[] full = p.prfPlus(KEY, SEED, 5 * p.size() + 3);
        for (int len : new int[] {0, 1, p.size() - 1, p.size() + 1, 4 * p.size()}) {
            assertArrayEquals(Arrays.copyOf(full, len), p.prfPlus(KEY, SEED, len));
        }
    }

    /** The iteration counter is one octet: 255 blocks at most (RFC 7296 §2.13). */
    @ParameterizedTest
    @EnumSource(PrfAlgorithm.class)
    void moreThan255BlocksIsRefused(PrfAlgorithm p) {
        assertEquals(255 * p.size(), p.prfPlus(KEY, SEED, 255 * p.size()).length);
        assertThrows(IllegalArgumentException.class, () -> p.prfPlus(KEY, SEED, 255 * p.size() + 1));
    }

    /** The last block's counter is 0xff, not a sign-extended or wrapped value. */
    @Test
    void block255UsesCounterFf() throws Exception {
        PrfAlgorithm p = PrfAlgorithm.HMAC_SHA2_256;
        byte[] all = p.prfPlus(KEY, SEED, 255 * 32);
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(KEY, "HmacSHA256"));
        mac.update(Arrays.copyOfRange(all, 254 * 32 - 32, 254 * 32));
        mac.update(SEED);
        mac.update((byte) 0xff);
        assertArrayEquals(mac.doFinal(), Arrays.copyOfRange(all, 254 * 32, 255 * 32));
    }

    /**
     * Two HMAC-SHA-256 prf+ vectors listed in ikev2-core-checklist §18.2 (from strongSwan's
     * test-vector plugin and NIST CAVP SP 800-135 IKEv2), cross-checked by the straight-line code.
     */
    @Test
    void publishedHmacSha256Vectors() throws Exception {
        byte[] k1 = hex("0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b");
        byte[] s1 = "Hi There".getBytes(StandardCharsets.US_ASCII);
        byte[] want1 = hex("b9bdc08988b4c2b75aa93e596ac84205fa2ddde1bf7a2572067b00e14b237732830509981ad2f94a8c32a47daa"
                + "2255b660c436347ae756a6edc023477d809590e682f61d9c04b06b4ad971a34c8147fa66792ff1434b93c722b32e12f48832"
                + "ebc15ce2369ce71fe9b7b81e5704c14d0f5280a6ec626e992d7a9f");
        assertArrayEquals(want1, PrfAlgorithm.HMAC_SHA2_256.prfPlus(k1, s1, 122));
        assertArrayEquals(want1, straightLine(PrfAlgorithm.HMAC_SHA2_256, k1, s1, 122));

        byte[] k2 = hex("37fde90b81d63692620f67367b62092e3efdc6a03509137d731004767ff35010");
        byte[] s2 = hex("ed80dc79912c32a935fb6d1a3feac07847c1858efc932ea4606fd05609624002");
        byte[] want2 = hex("63d018a08f7a29daa7d1f92cb63f45fa39bbaf5e5f1a78139613bb891e3e6bf9d0448f7c74e05b4c1a25c0b61e"
                + "62c875e852f287e192d4ae536112db5197216400bd5e123470efc15f53161865fe8b19a1416518a157d651ecd2caddab6a9e"
                + "ae6a27a55af088218d5156edaa9789f934d9836ed43edffda553822202ff9f7d4860ca72e0");
        assertArrayEquals(want2, PrfAlgorithm.HMAC_SHA2_256.prfPlus(k2, s2, 132));
        assertArrayEquals(want2, straightLine(PrfAlgorithm.HMAC_SHA2_256, k2, s2, 132));
    }

    /** The same Mac serves every prf+ and prf call on a thread: no state leaks between calls. */
    @Test
    void interleavedCallsDoNotShareState() throws Exception {
        PrfAlgorithm p = PrfAlgorithm.HMAC_SHA2_384;
        byte[] a = p.prfPlus(KEY, SEED, 100);
        p.prf(new byte[] {9}, new byte[] {9, 9});
        byte[] b = p.prfPlus(KEY, SEED, 100);
        assertArrayEquals(a, b);
        assertArrayEquals(straightLine(p, KEY, SEED, 100), b);
    }
}
