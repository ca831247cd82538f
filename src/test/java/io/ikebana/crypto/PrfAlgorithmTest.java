package io.ikebana.crypto;

import static io.ikebana.crypto.KeyValueVectors.hex;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.bouncycastle.crypto.digests.SHA256Digest;
import org.bouncycastle.crypto.digests.SHA384Digest;
import org.bouncycastle.crypto.digests.SHA512Digest;
import org.bouncycastle.crypto.macs.HMac;
import org.bouncycastle.crypto.params.KeyParameter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

/** PRF-HMAC-SHA2 of RFC 4868 (IKEv2 transform type 2, ids 5, 6, 7) against the RFC's §2.7 vectors. */
class PrfAlgorithmTest {

    private static final String RFC4868 = "/vectors/crypto/rfc4868.txt";

    /** One (test case, PRF) pair for every prf-N value of RFC 4868 §2.7.1 and §2.7.2. */
    record Case(String name, PrfAlgorithm prf, byte[] key, byte[] data, byte[] expected) {
        @Override
        public String toString() {
            return name + " " + prf;
        }
    }

    static Stream<Case> rfc4868() {
        List<Case> out = new ArrayList<>();
        for (Map<String, String> v : KeyValueVectors.load(RFC4868)) {
            for (PrfAlgorithm p : PrfAlgorithm.values()) {
                String want = v.get("prf-" + p.size() * 8);
                if (want != null) {
                    out.add(new Case(v.get("name"), p, hex(v.get("key")), hex(v.get("data")), hex(want)));
                }
            }
        }
        return out.stream();
    }

    @Test
    void everyRfc4868CaseIsRead() {
        // 6 PRF cases x 3 PRFs + 4 AUTH cases x 1 PRF each x 3 sizes
        assertEquals(6 * 3 + 4 * 3, rfc4868().count());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("rfc4868")
    void prfMatchesRfc4868(Case c) throws Exception {
        assertArrayEquals(c.expected(), c.prf().prf(c.key(), c.data()));
        // the RFC value, not only our code, is what the JDK computes too
        Mac mac = Mac.getInstance(jcaName(c.prf()));
        mac.init(new SecretKeySpec(c.key(), mac.getAlgorithm()));
        assertArrayEquals(c.expected(), mac.doFinal(c.data()));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("rfc4868")
    void dataInSeveralPiecesIsConcatenated(Case c) {
        byte[] d = c.data();
        int cut = d.length / 3;
        assertArrayEquals(c.expected(), c.prf().prf(c.key(), Arrays.copyOfRange(d, 0, cut), new byte[0],
                Arrays.copyOfRange(d, cut, d.length)));
    }

    /** RFC 4868 §2.1.1: output length is the hash length; also the preferred key length (RFC 7296 §2.13). */
    @Test
    void transformIdsAndSizes() {
        assertEquals(5, PrfAlgorithm.HMAC_SHA2_256.id());
        assertEquals(6, PrfAlgorithm.HMAC_SHA2_384.id());
        assertEquals(7, PrfAlgorithm.HMAC_SHA2_512.id());
        assertEquals(32, PrfAlgorithm.HMAC_SHA2_256.size());
        assertEquals(48, PrfAlgorithm.HMAC_SHA2_384.size());
        assertEquals(64, PrfAlgorithm.HMAC_SHA2_512.size());
        for (PrfAlgorithm p : PrfAlgorithm.values()) {
            assertEquals(p, PrfAlgorithm.byId(p.id()));
            assertEquals(p.size(), p.prf(new byte[] {1}, new byte[] {2}).length);
        }
        // HMAC-SHA1 (2) and AES-XCBC (4) are not implemented
        assertNull(PrfAlgorithm.byId(2));
        assertNull(PrfAlgorithm.byId(4));
        assertNull(PrfAlgorithm.byId(0));
    }

    /** JCA rejects an empty HMAC key; the product substitutes one zero octet, which HMAC pads identically. */
    @ParameterizedTest
    @EnumSource(PrfAlgorithm.class)
    void emptyKeyIsHmacWithTheEmptyKey(PrfAlgorithm p) {
        byte[] data = "empty key".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        HMac h = bcHmac(p);
        h.init(new KeyParameter(new byte[0]));
        h.update(data, 0, data.length);
        byte[] want = new byte[h.getMacSize()];
        h.doFinal(want, 0);
        assertArrayEquals(want, p.prf(new byte[0], data));

        // prf+ keys its HMAC the same way: T1 = prf("", S | 0x01)
        h.init(new KeyParameter(new byte[0]));
        h.update(data, 0, data.length);
        h.update((byte) 1);
        h.doFinal(want, 0);
        assertArrayEquals(want, p.prfPlus(new byte[0], data, p.size()));
    }

    @ParameterizedTest
    @EnumSource(PrfAlgorithm.class)
    void keysLongerThanTheBlockAreHashedFirst(PrfAlgorithm p) {
        byte[] key = new byte[200];
        Arrays.fill(key, (byte) 0x5c);
        HMac h = bcHmac(p);
        h.init(new KeyParameter(key));
        h.update(new byte[] {1, 2, 3}, 0, 3);
        byte[] want = new byte[h.getMacSize()];
        h.doFinal(want, 0);
        assertArrayEquals(want, p.prf(key, new byte[] {1, 2, 3}));
    }

    static String jcaName(PrfAlgorithm p) {
        switch (p) {
            case HMAC_SHA2_384: return "HmacSHA384";
            case HMAC_SHA2_512: return "HmacSHA512";
            default: return "HmacSHA256";
        }
    }

    static HMac bcHmac(PrfAlgorithm p) {
        switch (p) {
            case HMAC_SHA2_384: return new HMac(new SHA384Digest());
            case HMAC_SHA2_512: return new HMac(new SHA512Digest());
            default: return new HMac(new SHA256Digest());
        }
    }
}
