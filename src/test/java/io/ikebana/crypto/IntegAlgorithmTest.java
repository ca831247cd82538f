package io.ikebana.crypto;

import static io.ikebana.crypto.KeyValueVectors.hex;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Map;
import java.util.stream.Stream;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.bouncycastle.crypto.Digest;
import org.bouncycastle.crypto.digests.SHA256Digest;
import org.bouncycastle.crypto.digests.SHA384Digest;
import org.bouncycastle.crypto.digests.SHA512Digest;
import org.bouncycastle.crypto.macs.HMac;
import org.bouncycastle.crypto.params.KeyParameter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * HMAC-SHA2-256-128, -384-192 and -512-256 of RFC 4868 (IKEv2 transform type 3, ids 12, 13, 14):
 * the RFC's §2.7.2 authenticator vectors with the product's key and ICV sizes, and the ICV the
 * SK payload code (RFC 7296 §3.14) computes with them.
 */
class IntegAlgorithmTest {

    static Stream<Map<String, String>> rfc4868Auth() {
        return KeyValueVectors.load("/vectors/crypto/rfc4868.txt").stream().filter(v -> v.containsKey("icv"));
    }

    @Test
    void allTwelveAuthenticatorCasesAreRead() {
        assertEquals(12, rfc4868Auth().count());
    }

    /** RFC 4868 §2.7.2: the key is as long as the hash output, the ICV half of it. */
    @ParameterizedTest(name = "{0}")
    @MethodSource("rfc4868Auth")
    void truncatedHmacMatchesRfc4868(Map<String, String> v) throws Exception {
        IntegAlgorithm a = IntegAlgorithm.valueOf(v.get("integrity"));
        byte[] key = hex(v.get("key"));
        assertEquals(a.keySize(), key.length, "RFC 4868 §2.1.1 key length");
        Mac mac = Mac.getInstance(a.jcaName());
        mac.init(new SecretKeySpec(key, a.jcaName()));
        byte[] full = mac.doFinal(hex(v.get("data")));
        assertArrayEquals(hex(v.get("prf-" + a.keySize() * 8)), full);
        assertArrayEquals(hex(v.get("icv")), Arrays.copyOf(full, a.icvSize()));
    }

    @Test
    void transformIdsAndSizes() {
        assertEquals(12, IntegAlgorithm.HMAC_SHA2_256_128.id());
        assertEquals(13, IntegAlgorithm.HMAC_SHA2_384_192.id());
        assertEquals(14, IntegAlgorithm.HMAC_SHA2_512_256.id());
        assertEquals(16, IntegAlgorithm.HMAC_SHA2_256_128.icvSize());
        assertEquals(24, IntegAlgorithm.HMAC_SHA2_384_192.icvSize());
        assertEquals(32, IntegAlgorithm.HMAC_SHA2_512_256.icvSize());
        for (IntegAlgorithm a : IntegAlgorithm.values()) {
            assertEquals(a, IntegAlgorithm.byId(a.id()));
        }
        // HMAC-SHA1-96 (2) and AES-XCBC-96 (5) are not implemented
        assertNull(IntegAlgorithm.byId(2));
        assertNull(IntegAlgorithm.byId(5));
    }

    /**
     * The SK payload's ICV (RFC 7296 §3.14: over the message from the IKE header through the Pad
     * Length, on ciphertext) is the RFC 4868 truncation, keyed with the full-length key.
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource("rfc4868Auth")
    void skPayloadIcvIsTheTruncatedHmac(Map<String, String> v) {
        IntegAlgorithm a = IntegAlgorithm.valueOf(v.get("integrity"));
        byte[] integKey = hex(v.get("key"));
        byte[] encKey = new byte[16];
        SkCipher sk = new SkCipher(EncrAlgorithm.AES_CBC, a, encKey, integKey, new SecureRandom());
        int aadEnd = 32;
        byte[] content = hex(v.get("data"));
        byte[] msg = new byte[aadEnd + sk.ivSize() + sk.paddedLength(content.length) + sk.icvSize()];
        for (int i = 0; i < aadEnd; i++) {
            msg[i] = (byte) i;
        }
        System.arraycopy(content, 0, msg, aadEnd + sk.ivSize(), content.length);
        sk.seal(msg, aadEnd, content.length);

        assertEquals(a.icvSize(), sk.icvSize());
        int icvOff = msg.length - a.icvSize();
        HMac h = new HMac(digest(a));
        h.init(new KeyParameter(integKey));
        h.update(msg, 0, icvOff);
        byte[] full = new byte[h.getMacSize()];
        h.doFinal(full, 0);
        assertArrayEquals(Arrays.copyOf(full, a.icvSize()), Arrays.copyOfRange(msg, icvOff, msg.length));

        byte[] tampered = msg.clone();
        tampered[msg.length - 1] ^= 1;
        assertEquals(-1, new SkCipher(EncrAlgorithm.AES_CBC, a, encKey, integKey, null).open(tampered, aadEnd,
                tampered.length));
        assertEquals(content.length, new SkCipher(EncrAlgorithm.AES_CBC, a, encKey, integKey, null).open(msg, aadEnd,
                msg.length));
        assertArrayEquals(content, Arrays.copyOfRange(msg, aadEnd + sk.ivSize(), aadEnd + sk.ivSize() + content.length));
    }

    private static Digest digest(IntegAlgorithm a) {
        switch (a) {
            case HMAC_SHA2_384_192: return new SHA384Digest();
            case HMAC_SHA2_512_256: return new SHA512Digest();
            default: return new SHA256Digest();
        }
    }
}
