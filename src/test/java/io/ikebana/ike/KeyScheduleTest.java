package io.ikebana.ike;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import io.ikebana.crypto.DhGroup;
import io.ikebana.crypto.EncrAlgorithm;
import io.ikebana.crypto.IntegAlgorithm;
import io.ikebana.crypto.PrfAlgorithm;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.stream.Stream;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * RFC 7296 §2.14, §2.17 and §2.18 written out with javax.crypto.Mac, for every PRF and for the
 * key lengths of each suite: what goes into each PRF call and how the output is cut.
 */
class KeyScheduleTest {

    private static final byte[] NI = bytes(32, 0x10);
    private static final byte[] NR = bytes(48, 0x80);
    private static final byte[] GIR = bytes(256, 0x33);
    private static final long SPI_I = 0x0011223344556677L;
    private static final long SPI_R = 0x8899aabbccddeeffL;

    static Stream<IkeSuite> ikeSuites() {
        return Stream.of(
                new IkeSuite(EncrAlgorithm.AES_GCM_16, 256, PrfAlgorithm.HMAC_SHA2_256, IntegAlgorithm.NONE,
                        DhGroup.CURVE25519),
                new IkeSuite(EncrAlgorithm.AES_GCM_16, 128, PrfAlgorithm.HMAC_SHA2_512, IntegAlgorithm.NONE,
                        DhGroup.MODP_3072),
                new IkeSuite(EncrAlgorithm.AES_CBC, 128, PrfAlgorithm.HMAC_SHA2_256, IntegAlgorithm.HMAC_SHA2_256_128,
                        DhGroup.ECP_256),
                new IkeSuite(EncrAlgorithm.AES_CBC, 192, PrfAlgorithm.HMAC_SHA2_384, IntegAlgorithm.HMAC_SHA2_512_256,
                        DhGroup.ECP_384),
                new IkeSuite(EncrAlgorithm.AES_CBC, 256, PrfAlgorithm.HMAC_SHA2_512, IntegAlgorithm.HMAC_SHA2_384_192,
                        DhGroup.MODP_2048));
    }

    static Stream<EspSuite> espSuites() {
        return Stream.of(
                new EspSuite(EncrAlgorithm.AES_GCM_16, 256, IntegAlgorithm.NONE, false, null),
                new EspSuite(EncrAlgorithm.AES_GCM_16, 128, IntegAlgorithm.NONE, true, DhGroup.ECP_256),
                new EspSuite(EncrAlgorithm.AES_CBC, 128, IntegAlgorithm.HMAC_SHA2_256_128, false, null),
                new EspSuite(EncrAlgorithm.AES_CBC, 256, IntegAlgorithm.HMAC_SHA2_512_256, false, DhGroup.MODP_2048));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("ikeSuites")
    void ikeSaInit(IkeSuite suite) throws Exception {
        PrfAlgorithm prf = suite.prf();
        // §2.14: SKEYSEED = prf(Ni | Nr, g^ir)
        byte[] skeyseed = hmac(prf, concat(NI, NR), GIR);
        assertArrayEquals(skeyseed, KeySchedule.skeyseed(prf, NI, NR, GIR));

        KeySchedule.IkeKeys k = KeySchedule.ikeKeys(suite, skeyseed, NI, NR, SPI_I, SPI_R);
        int p = prf.size();
        int a = suite.encr().aead() ? 0 : suite.integ().keySize();
        // RFC 5282 §7.1: for GCM, SK_e is the key followed by a 4-octet salt
        int e = suite.encrKeyBits() / 8 + (suite.encr().aead() ? 4 : 0);
        byte[] spis = ByteBuffer.allocate(16).putLong(SPI_I).putLong(SPI_R).array();
        byte[] km = prfPlus(prf, skeyseed, concat(NI, NR, spis), 3 * p + 2 * a + 2 * e);
        int[] lengths = {p, a, a, e, e, p, p};
        byte[][] got = {k.skD().bytes(), k.skAi().bytes(), k.skAr().bytes(), k.skEi().bytes(), k.skEr().bytes(),
            k.skPi().bytes(), k.skPr().bytes()};
        String[] names = {"SK_d", "SK_ai", "SK_ar", "SK_ei", "SK_er", "SK_pi", "SK_pr"};
        int off = 0;
        for (int i = 0; i < 7; i++) {
            assertArrayEquals(Arrays.copyOfRange(km, off, off + lengths[i]), got[i], names[i]);
            off += lengths[i];
        }
    }

    /** §2.18: SKEYSEED = prf(SK_d (old), g^ir (new) | Ni | Nr), with the old SA's PRF. */
    @Test
    void rekeyUsesTheOldPrfAndSkD() throws Exception {
        byte[] oldSkD = bytes(48, 0x44);
        byte[] got = KeySchedule.rekeySkeyseed(PrfAlgorithm.HMAC_SHA2_384, oldSkD, GIR, NI, NR);
        assertArrayEquals(hmac(PrfAlgorithm.HMAC_SHA2_384, oldSkD, concat(GIR, NI, NR)), got);
        assertEquals(48, got.length);
        // the initial formula keyed with the nonces would be something else
        assertFalse(Arrays.equals(got, KeySchedule.skeyseed(PrfAlgorithm.HMAC_SHA2_384, NI, NR, GIR)));
    }

    /**
     * §2.17: KEYMAT = prf+(SK_d, [g^ir (new) |] Ni | Nr); keys for initiator-to-responder traffic
     * first, encryption before integrity (RFC 4106 §8.1 / RFC 5282: a GCM key carries its salt).
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource("espSuites")
    void childKeymat(EspSuite suite) throws Exception {
        PrfAlgorithm prf = PrfAlgorithm.HMAC_SHA2_256;
        byte[] skD = bytes(32, 0x5a);
        byte[] gir = suite.pfs() == null ? null : bytes(suite.pfs().publicLength() / 2, 0x21);
        KeySchedule.ChildKeys k = KeySchedule.childKeys(prf, skD, gir, NI, NR, suite);
        int e = suite.encrKeyBits() / 8 + (suite.encr().aead() ? 4 : 0);
        int a = suite.encr().aead() ? 0 : suite.integ().keySize();
        byte[] seed = gir == null ? concat(NI, NR) : concat(gir, NI, NR);
        byte[] km = prfPlus(prf, skD, seed, 2 * (e + a));
        assertArrayEquals(Arrays.copyOfRange(km, 0, e), k.encI());
        assertArrayEquals(Arrays.copyOfRange(km, e, e + a), k.integI());
        assertArrayEquals(Arrays.copyOfRange(km, e + a, 2 * e + a), k.encR());
        assertArrayEquals(Arrays.copyOfRange(km, 2 * e + a, 2 * (e + a)), k.integR());
    }

    @Test
    void childKeysDoNotPrintKeyMaterial() {
        KeySchedule.ChildKeys k = KeySchedule.childKeys(PrfAlgorithm.HMAC_SHA2_256, bytes(32, 1), null, NI, NR,
                new EspSuite(EncrAlgorithm.AES_GCM_16, 128, IntegAlgorithm.NONE, false, null));
        assertEquals("ChildKeys[redacted]", k.toString());
        KeySchedule.IkeKeys ike = KeySchedule.ikeKeys(ikeSuites().findFirst().orElseThrow(), bytes(32, 2), NI, NR,
                SPI_I, SPI_R);
        assertFalse(ike.toString().matches(".*[0-9a-f]{16}.*"), ike.toString());
    }

    private static byte[] hmac(PrfAlgorithm p, byte[] key, byte[] data) throws Exception {
        Mac mac = Mac.getInstance(jca(p));
        mac.init(new SecretKeySpec(key, mac.getAlgorithm()));
        return mac.doFinal(data);
    }

    private static byte[] prfPlus(PrfAlgorithm p, byte[] key, byte[] seed, int length) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] t = new byte[0];
        for (int n = 1; out.size() < length; n++) {
            t = hmac(p, key, concat(t, seed, new byte[] {(byte) n}));
            out.write(t);
        }
        return Arrays.copyOf(out.toByteArray(), length);
    }

    private static String jca(PrfAlgorithm p) {
        switch (p) {
            case HMAC_SHA2_384: return "HmacSHA384";
            case HMAC_SHA2_512: return "HmacSHA512";
            default: return "HmacSHA256";
        }
    }

    private static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] b : parts) {
            out.writeBytes(b);
        }
        return out.toByteArray();
    }

    private static byte[] bytes(int n, int start) {
        byte[] b = new byte[n];
        for (int i = 0; i < n; i++) {
            b[i] = (byte) (start + i);
        }
        return b;
    }
}
