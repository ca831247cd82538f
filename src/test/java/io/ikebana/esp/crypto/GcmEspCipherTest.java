package io.ikebana.esp.crypto;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Arrays;
import java.util.Map;
import java.util.stream.Stream;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import org.bouncycastle.crypto.engines.AESEngine;
import org.bouncycastle.crypto.modes.GCMBlockCipher;
import org.bouncycastle.crypto.params.AEADParameters;
import org.bouncycastle.crypto.params.KeyParameter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** AES-GCM as RFC 4106 uses it: the GCM spec's vectors, then ESP packets built on them. */
class GcmEspCipherTest {

    static Stream<Map<String, String>> specCases() {
        return Vectors.load("gcm-spec.txt").stream();
    }

    static Stream<Map<String, String>> espCases() {
        return Vectors.load("esp-gcm.txt").stream();
    }

    /** The provider we use reproduces the GCM specification (the basis of everything below). */
    @ParameterizedTest(name = "{0}")
    @MethodSource("specCases")
    void jcaMatchesGcmSpecification(Map<String, String> v) throws Exception {
        Cipher c = Cipher.getInstance("AES/GCM/NoPadding");
        c.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(Vectors.hex(v.get("key")), "AES"),
                new GCMParameterSpec(128, Vectors.hex(v.get("iv"))));
        c.updateAAD(Vectors.hex(v.get("aad")));
        byte[] out = c.doFinal(Vectors.hex(v.get("plaintext")));
        byte[] expected = concat(Vectors.hex(v.get("ciphertext")), Vectors.hex(v.get("tag")));
        assertArrayEquals(expected, out);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("espCases")
    void sealProducesTheStoredPacket(Map<String, String> v) {
        byte[] plain = Vectors.hex(v.get("plaintext"));
        byte[] expected = Vectors.hex(v.get("packet"));
        long seq = Long.parseUnsignedLong(v.get("seq"), 16);
        EspCipher c = new GcmEspCipher(Vectors.hex(v.get("key")), Boolean.parseBoolean(v.get("esn")));
        byte[] buf = new byte[expected.length];
        System.arraycopy(expected, 0, buf, 0, 8); // SPI | Seq-low
        System.arraycopy(plain, 0, buf, 16, plain.length);
        assertEquals(expected.length, c.seal(seq, buf, 0, plain.length));
        assertArrayEquals(expected, buf);
        assertArrayEquals(expected, bouncyCastleSeal(v), "independent implementation agrees");
    }

    @Test
    void esnCaseReusesTheSpecificationCiphertext() {
        Map<String, String> esp = Vectors.load("esp-gcm.txt").get(1);
        Map<String, String> case3 = Vectors.load("gcm-spec.txt").get(1);
        byte[] packet = Vectors.hex(esp.get("packet"));
        byte[] c = Arrays.copyOfRange(packet, 16, packet.length - 16);
        assertArrayEquals(Vectors.hex(case3.get("ciphertext")), c);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("espCases")
    void openVerifiesAndDecryptsInPlace(Map<String, String> v) {
        byte[] packet = Vectors.hex(v.get("packet"));
        long seq = Long.parseUnsignedLong(v.get("seq"), 16);
        boolean esn = Boolean.parseBoolean(v.get("esn"));
        EspCipher c = new GcmEspCipher(Vectors.hex(v.get("key")), esn);
        byte[] buf = packet.clone();
        int n = c.open(seq, buf, 0, buf.length);
        assertArrayEquals(Vectors.hex(v.get("plaintext")), Arrays.copyOfRange(buf, 16, 16 + n));
        // the same packet again (same key and IV): SunJCE allows decrypt re-initialisation
        buf = packet.clone();
        assertEquals(n, c.open(seq, buf, 0, buf.length));
        // a wrong high half (ESN) or any flipped bit fails the ICV, and the cipher stays usable
        if (esn) {
            assertEquals(-1, c.open(seq + (1L << 32), packet.clone(), 0, packet.length));
        }
        for (int i : new int[] {0, 5, 10, 20, packet.length - 1}) {
            byte[] bad = packet.clone();
            bad[i] ^= 0x01;
            assertEquals(-1, c.open(seq, bad, 0, bad.length), "flipped byte " + i);
        }
        assertEquals(n, c.open(seq, packet.clone(), 0, packet.length));
    }

    @Test
    void packetsAtAnOffsetInALargerBuffer() {
        byte[] key = Vectors.hex("feffe9928665731c6d6a8f9467308308cafebabe");
        EspCipher enc = new GcmEspCipher(key, false);
        EspCipher dec = new GcmEspCipher(key, false);
        byte[] buf = new byte[200];
        int off = 13;
        BigEndian.putInt(buf, off, 0x4321);
        BigEndian.putInt(buf, off + 4, 9);
        byte[] plain = new byte[40];
        Arrays.fill(plain, (byte) 0x5a);
        System.arraycopy(plain, 0, buf, off + 16, 40);
        int len = enc.seal(9, buf, off, 40);
        assertEquals(8 + 8 + 40 + 16, len);
        assertEquals(40, dec.open(9, buf, off, len));
        assertArrayEquals(plain, Arrays.copyOfRange(buf, off + 16, off + 56));
    }

    private static byte[] bouncyCastleSeal(Map<String, String> v) {
        byte[] keymat = Vectors.hex(v.get("key"));
        byte[] packet = Vectors.hex(v.get("packet"));
        byte[] plain = Vectors.hex(v.get("plaintext"));
        boolean esn = Boolean.parseBoolean(v.get("esn"));
        byte[] nonce = concat(Arrays.copyOfRange(keymat, keymat.length - 4, keymat.length), Arrays.copyOfRange(packet, 8, 16));
        byte[] aad = esn ? concat(Arrays.copyOfRange(packet, 0, 4), Arrays.copyOfRange(packet, 8, 16))
                : Arrays.copyOfRange(packet, 0, 8);
        GCMBlockCipher g = (GCMBlockCipher) GCMBlockCipher.newInstance(AESEngine.newInstance());
        g.init(true, new AEADParameters(new KeyParameter(keymat, 0, keymat.length - 4), 128, nonce, aad));
        byte[] out = new byte[g.getOutputSize(plain.length)];
        int n = g.processBytes(plain, 0, plain.length, out, 0);
        try {
            g.doFinal(out, n);
        } catch (org.bouncycastle.crypto.InvalidCipherTextException e) {
            throw new IllegalStateException(e);
        }
        return concat(Arrays.copyOfRange(packet, 0, 16), out);
    }

    static byte[] concat(byte[] a, byte[] b) {
        byte[] out = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }
}
