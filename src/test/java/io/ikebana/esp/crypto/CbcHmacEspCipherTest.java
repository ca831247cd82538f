package io.ikebana.esp.crypto;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import java.security.SecureRandom;
import java.util.Arrays;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.bouncycastle.crypto.digests.SHA256Digest;
import org.bouncycastle.crypto.macs.HMac;
import org.bouncycastle.crypto.params.KeyParameter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** AES-CBC (RFC 3602) + HMAC-SHA2 (RFC 4868) for ESP. */
class CbcHmacEspCipherTest {

    private static final byte[] INTEG_KEY = Vectors.hex("000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f");

    static Stream<Map<String, String>> rfc3602() {
        return Vectors.load("rfc3602-tunnel.txt").stream();
    }

    static Stream<Map<String, String>> rfc4868() {
        return Vectors.load("rfc4868-auth.txt").stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("rfc4868")
    void truncatedHmacMatchesRfc4868(Map<String, String> v) throws Exception {
        IntegrityAlgorithm a = IntegrityAlgorithm.valueOf(v.get("integrity"));
        Mac mac = Mac.getInstance(a.jcaName());
        byte[] key = Vectors.hex(v.get("key"));
        assertEquals(a.keyLength(), key.length);
        mac.init(new SecretKeySpec(key, a.jcaName()));
        byte[] full = mac.doFinal(Vectors.hex(v.get("data")));
        assertArrayEquals(Vectors.hex(v.get("icv")), Arrays.copyOf(full, a.icvLength()));
    }

    /** RFC 3602 Case #7/#8 through our encoder: same ciphertext; ICV cross-checked with BC's HMac. */
    @ParameterizedTest(name = "{0}")
    @MethodSource("rfc3602")
    void sealMatchesRfc3602TunnelCases(Map<String, String> v) {
        byte[] iv = Vectors.hex(v.get("iv"));
        byte[] inner = Vectors.hex(v.get("inner"));
        byte[] ciphertext = Vectors.hex(v.get("ciphertext"));
        long seq = Long.parseLong(v.get("seq"));
        CbcHmacEspCipher c = new CbcHmacEspCipher(Vectors.hex(v.get("key")), IntegrityAlgorithm.HMAC_SHA2_256_128,
                INTEG_KEY, false, (s, out, off) -> System.arraycopy(iv, 0, out, off, 16));
        // the RFC's trailer: padding 1..10, pad length 10, next header 4 (IP-in-IP)
        byte[] buf = new byte[8 + 16 + ciphertext.length + 16];
        System.arraycopy(Vectors.hex(v.get("spi")), 0, buf, 0, 4);
        BigEndian.putInt(buf, 4, (int) seq);
        System.arraycopy(inner, 0, buf, 24, inner.length);
        int p = 24 + inner.length;
        int padLength = ciphertext.length - inner.length - 2;
        for (int i = 1; i <= padLength; i++) {
            buf[p++] = (byte) i;
        }
        buf[p++] = (byte) padLength;
        buf[p] = 4;
        assertEquals(buf.length, c.seal(seq, buf, 0, ciphertext.length));
        assertArrayEquals(iv, Arrays.copyOfRange(buf, 8, 24));
        assertArrayEquals(ciphertext, Arrays.copyOfRange(buf, 24, 24 + ciphertext.length));
        assertArrayEquals(bcHmac256(Arrays.copyOf(buf, buf.length - 16), new byte[0]),
                Arrays.copyOfRange(buf, buf.length - 16, buf.length));

        CbcHmacEspCipher d = new CbcHmacEspCipher(Vectors.hex(v.get("key")), IntegrityAlgorithm.HMAC_SHA2_256_128,
                INTEG_KEY, false, null);
        assertEquals(ciphertext.length, d.open(seq, buf, 0, buf.length));
        assertArrayEquals(inner, Arrays.copyOfRange(buf, 24, 24 + inner.length));
    }

    @Test
    void esnHighHalfIsAuthenticatedButNotSent() {
        byte[] key = new byte[16];
        EspCipher enc = new CbcHmacEspCipher(key, IntegrityAlgorithm.HMAC_SHA2_256_128, INTEG_KEY, true,
                (s, out, off) -> Arrays.fill(out, off, off + 16, (byte) 7));
        long seq = (5L << 32) | 9;
        byte[] buf = new byte[8 + 16 + 32 + 16];
        BigEndian.putInt(buf, 0, 0x1234);
        BigEndian.putInt(buf, 4, 9);
        int len = enc.seal(seq, buf, 0, 32);
        // RFC 4303 §2.2.1: ICV = HMAC(SPI | Seq-low | IV | C | Seq-high)
        assertArrayEquals(bcHmac256(Arrays.copyOf(buf, len - 16), new byte[] {0, 0, 0, 5}),
                Arrays.copyOfRange(buf, len - 16, len));
        EspCipher dec = new CbcHmacEspCipher(key, IntegrityAlgorithm.HMAC_SHA2_256_128, INTEG_KEY, true, null);
        assertEquals(-1, dec.open(seq + (1L << 32), buf.clone(), 0, len));
        assertEquals(32, dec.open(seq, buf, 0, len));
    }

    @Test
    void everyBitOfTheIcvInputIsProtected() {
        byte[] key = new byte[32];
        EspCipher enc = EspCiphers.outbound(EspTransform.aesCbc(256, IntegrityAlgorithm.HMAC_SHA2_512_256),
                SecretKeys.of(key, new byte[64]), false, new SecureRandom());
        EspCipher dec = EspCiphers.inbound(EspTransform.aesCbc(256, IntegrityAlgorithm.HMAC_SHA2_512_256),
                SecretKeys.of(key, new byte[64]), false);
        byte[] buf = new byte[8 + 16 + 48 + 32];
        BigEndian.putInt(buf, 0, 0x4444);
        BigEndian.putInt(buf, 4, 1);
        int len = enc.seal(1, buf, 0, 48);
        assertEquals(buf.length, len);
        for (int i = 0; i < len; i += 7) {
            byte[] bad = buf.clone();
            bad[i] ^= 0x80;
            assertEquals(-1, dec.open(1, bad, 0, len), "byte " + i);
        }
        assertEquals(48, dec.open(1, buf, 0, len));
    }

    @Test
    void ivsAreDistinctPerPacketAndPerSa() {
        SecureRandom random = new SecureRandom();
        EncryptedCounterIvSource a = new EncryptedCounterIvSource(random);
        EncryptedCounterIvSource b = new EncryptedCounterIvSource(random);
        Set<String> seen = new HashSet<>();
        byte[] iv = new byte[16];
        for (long seq = 1; seq <= 1000; seq++) {
            a.nextIv(seq, iv, 0);
            seen.add(Arrays.toString(iv));
            b.nextIv(seq, iv, 0);
            seen.add(Arrays.toString(iv));
        }
        assertEquals(2000, seen.size());
        byte[] first = new byte[16];
        a.nextIv(1, first, 0);
        assertNotEquals(Arrays.toString(new byte[16]), Arrays.toString(first));
    }

    private static byte[] bcHmac256(byte[] data, byte[] suffix) {
        HMac h = new HMac(new SHA256Digest());
        h.init(new KeyParameter(INTEG_KEY));
        h.update(data, 0, data.length);
        h.update(suffix, 0, suffix.length);
        byte[] out = new byte[32];
        h.doFinal(out, 0);
        return Arrays.copyOf(out, 16);
    }
}
