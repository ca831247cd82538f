package io.ikebana.crypto;

import static io.ikebana.crypto.KeyValueVectors.hex;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ikebana.crypto.KeyExchange.InvalidPublicValueException;
import java.math.BigInteger;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.spec.NamedParameterSpec;
import java.security.spec.XECPrivateKeySpec;
import java.security.spec.XECPublicKeySpec;
import java.util.Arrays;
import java.util.Map;
import java.util.stream.Stream;
import javax.crypto.KeyAgreement;
import org.bouncycastle.asn1.x9.X9ECParameters;
import org.bouncycastle.crypto.ec.CustomNamedCurves;
import org.bouncycastle.math.ec.ECPoint;
import org.bouncycastle.util.BigIntegers;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Key exchange methods: X25519 (RFC 8031, vectors of RFC 7748 §6.1), NIST ECP groups (RFC 5903
 * §8 vectors), MODP groups 14 and 15 (RFC 3526 primes), and the peer values each rejects.
 * Private keys are chosen by handing the product a random source with fixed octets.
 */
class KeyExchangeTest {

    // RFC 7748 §6.1 (also ikev2-core-checklist §18.3); cross-checked below with the JDK's XDH
    private static final byte[] ALICE_PRIVATE = hex("77076d0a7318a57d3c16c17251b26645df4c2f87ebc0992ab177fba51db92c2a");
    private static final byte[] ALICE_PUBLIC = hex("8520f0098930a754748b7ddcb43ef75a0dbf3a0d26381af4eba4a98eaa9b4e6a");
    private static final byte[] BOB_PRIVATE = hex("5dab087e624a8a4b79e17f8b83800ee66f3bb1292618b6fd1c2f8b27ff88e0eb");
    private static final byte[] BOB_PUBLIC = hex("de9edb7d7b7dc1b4d35b61c2ece435373f8343c85b78674dadfc7e146f882b4f");
    private static final byte[] X25519_SHARED = hex("4a5d9d5ba4ce2de1728e3bf480350f25e07e21c947d19e3376f09b3c1e161742");

    private static KeyExchange withPrivate(DhGroup g, byte[] privateOctets) {
        FixedBytesRandom r = new FixedBytesRandom(privateOctets);
        KeyExchange kx = g.generate(r);
        assertTrue(r.consumed(), "the private key is exactly the given octets");
        return kx;
    }

    // --- X25519

    @Test
    void x25519MatchesRfc7748Section61() throws Exception {
        KeyExchange alice = withPrivate(DhGroup.CURVE25519, ALICE_PRIVATE);
        KeyExchange bob = withPrivate(DhGroup.CURVE25519, BOB_PRIVATE);
        assertArrayEquals(ALICE_PUBLIC, alice.publicValue());
        assertArrayEquals(BOB_PUBLIC, bob.publicValue());
        assertArrayEquals(X25519_SHARED, alice.sharedSecret(BOB_PUBLIC));
        assertArrayEquals(X25519_SHARED, bob.sharedSecret(ALICE_PUBLIC));
        assertArrayEquals(X25519_SHARED, jdkX25519(ALICE_PRIVATE, BOB_PUBLIC));
    }

    /** RFC 7748 §5: the most significant bit of the u-coordinate is masked, not rejected. */
    @Test
    void x25519MasksTheTopBit() throws Exception {
        byte[] high = BOB_PUBLIC.clone();
        high[31] |= (byte) 0x80;
        assertArrayEquals(X25519_SHARED, withPrivate(DhGroup.CURVE25519, ALICE_PRIVATE).sharedSecret(high));
    }

    /**
     * RFC 8031 §2 / RFC 7748 §6.1: an all-zero output (a small-order peer value) is refused. The
     * values are u = 0, 1, the two points of order 8, p - 1, and p, p + 1 (non-canonical 0 and 1).
     */
    static Stream<String> x25519SmallOrderValues() {
        return Stream.of(
            "0000000000000000000000000000000000000000000000000000000000000000",
            "0100000000000000000000000000000000000000000000000000000000000000",
            "e0eb7a7c3b41b8ae1656e3faf19fc46ada098deb9c32b1fd866205165f49b800",
            "5f9c95bca3508c24b1d0b1559c83ef5b04445cc4581c8e86d8224eddd09f1157",
            "ecffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f",
            "edffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f",
            "eeffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f");
    }

    @ParameterizedTest
    @MethodSource("x25519SmallOrderValues")
    void x25519RefusesSmallOrderPoints(String u) {
        KeyExchange alice = withPrivate(DhGroup.CURVE25519, ALICE_PRIVATE);
        assertThrows(InvalidPublicValueException.class, () -> alice.sharedSecret(hex(u)));
    }

    /** RFC 8031 §3: the public value is exactly 32 octets. */
    @ParameterizedTest
    @ValueSource(ints = {0, 31, 33, 64})
    void x25519RefusesOtherLengths(int length) {
        KeyExchange alice = withPrivate(DhGroup.CURVE25519, ALICE_PRIVATE);
        byte[] v = Arrays.copyOf(BOB_PUBLIC, length);
        assertThrows(InvalidPublicValueException.class, () -> alice.sharedSecret(v));
    }

    private static byte[] jdkX25519(byte[] scalar, byte[] peerU) throws Exception {
        KeyFactory kf = KeyFactory.getInstance("XDH");
        PrivateKey priv = kf.generatePrivate(new XECPrivateKeySpec(NamedParameterSpec.X25519, scalar));
        byte[] le = peerU.clone();
        for (int i = 0; i < le.length / 2; i++) {
            byte t = le[i];
            le[i] = le[le.length - 1 - i];
            le[le.length - 1 - i] = t;
        }
        PublicKey pub = kf.generatePublic(new XECPublicKeySpec(NamedParameterSpec.X25519, new BigInteger(1, le)));
        KeyAgreement ka = KeyAgreement.getInstance("XDH");
        ka.init(priv);
        ka.doPhase(pub, true);
        return ka.generateSecret();
    }

    // --- ECP (RFC 5903)

    static Stream<Map<String, String>> rfc5903() {
        return KeyValueVectors.load("/vectors/crypto/rfc5903-ecp.txt").stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("rfc5903")
    void ecpMatchesRfc5903Section8(Map<String, String> v) throws Exception {
        DhGroup g = DhGroup.valueOf(v.get("group"));
        KeyExchange i = withPrivate(g, hex(v.get("i")));
        KeyExchange r = withPrivate(g, hex(v.get("r")));
        // RFC 5903 §7: KE data is x | y, no point-format octet
        assertArrayEquals(hex(v.get("gi")), i.publicValue());
        assertArrayEquals(hex(v.get("gr")), r.publicValue());
        assertEquals(g.publicLength(), i.publicValue().length);
        // RFC 5903 §7: the shared secret is the x-coordinate only
        assertArrayEquals(hex(v.get("girx")), i.sharedSecret(hex(v.get("gr"))));
        assertArrayEquals(hex(v.get("girx")), r.sharedSecret(hex(v.get("gi"))));
    }

    /** RFC 5903 §7 / RFC 6989 §2.3: a received point that is not on the curve is refused. */
    @ParameterizedTest(name = "{0}")
    @MethodSource("rfc5903")
    void ecpRefusesPointsNotOnTheCurve(Map<String, String> v) {
        DhGroup g = DhGroup.valueOf(v.get("group"));
        KeyExchange i = withPrivate(g, hex(v.get("i")));
        byte[] gr = hex(v.get("gr"));
        byte[] flippedY = gr.clone();
        flippedY[gr.length - 1] ^= 1;
        byte[] flippedX = gr.clone();
        flippedX[g.publicLength() / 2 - 1] ^= 1;
        byte[] zero = new byte[gr.length];
        byte[] ones = new byte[gr.length];
        Arrays.fill(ones, (byte) 0xff);
        for (byte[] bad : new byte[][] {flippedY, flippedX, zero, ones, Arrays.copyOf(gr, gr.length - 1),
            Arrays.copyOf(gr, gr.length + 1), new byte[0]}) {
            assertThrows(InvalidPublicValueException.class, () -> i.sharedSecret(bad));
        }
    }

    /** RFC 5903 §7: x and y each fill the field length; a short x of the shared point keeps its leading zeros. */
    @ParameterizedTest
    @EnumSource(value = DhGroup.class, names = {"ECP_256", "ECP_384"})
    void ecpSharedSecretKeepsLeadingZeros(DhGroup g) throws Exception {
        X9ECParameters params = CustomNamedCurves.getByName(g == DhGroup.ECP_256 ? "secp256r1" : "secp384r1");
        int field = g.publicLength() / 2;
        byte[] d = new byte[field];
        d[field - 1] = 7;
        KeyExchange ours = withPrivate(g, d);
        for (int k = 2; k < 5000; k++) {
            ECPoint peer = params.getG().multiply(BigInteger.valueOf(k)).normalize();
            ECPoint shared = peer.multiply(BigInteger.valueOf(7)).normalize();
            byte[] x = BigIntegers.asUnsignedByteArray(field, shared.getAffineXCoord().toBigInteger());
            if (x[0] != 0) {
                continue;
            }
            byte[] ke = new byte[2 * field];
            BigIntegers.asUnsignedByteArray(peer.getAffineXCoord().toBigInteger(), ke, 0, field);
            BigIntegers.asUnsignedByteArray(peer.getAffineYCoord().toBigInteger(), ke, field, field);
            assertArrayEquals(x, ours.sharedSecret(ke));
            return;
        }
        throw new AssertionError("no shared point with a leading zero octet found");
    }

    // --- MODP (RFC 3526)

    static Stream<Map<String, String>> rfc3526() {
        return KeyValueVectors.load("/vectors/crypto/rfc3526-modp.txt").stream();
    }

    private static byte[] exponent(DhGroup g, long x) {
        // the product draws 256 (group 14) or 320 (group 15) exponent bits
        byte[] b = new byte[g == DhGroup.MODP_2048 ? 32 : 40];
        BigIntegers.asUnsignedByteArray(BigInteger.valueOf(x), b, 0, b.length);
        return b;
    }

    /**
     * The public value is 2^x mod p with the RFC 3526 prime, left-padded to the modulus length
     * (RFC 7296 §3.4); the shared secret is y^x mod p, padded the same way (§2.14).
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource("rfc3526")
    void modpUsesTheRfc3526Prime(Map<String, String> v) throws Exception {
        DhGroup g = DhGroup.valueOf(v.get("group"));
        BigInteger p = new BigInteger(1, hex(v.get("p")));
        assertEquals(g.publicLength() * 8, p.bitLength());
        BigInteger x = new BigInteger("123456789abcdef0fedcba9876543210", 16);
        KeyExchange kx = withPrivate(g, BigIntegers.asUnsignedByteArray(g == DhGroup.MODP_2048 ? 32 : 40, x));
        assertArrayEquals(BigIntegers.asUnsignedByteArray(g.publicLength(), BigInteger.TWO.modPow(x, p)),
                kx.publicValue());
        BigInteger y = BigInteger.valueOf(3).modPow(BigInteger.valueOf(1_000_003), p);
        assertArrayEquals(BigIntegers.asUnsignedByteArray(g.publicLength(), y.modPow(x, p)),
                kx.sharedSecret(BigIntegers.asUnsignedByteArray(g.publicLength(), y)));
        // RFC 6989 §2.1 bounds: p - 2 is the largest value accepted, p - 1 the smallest refused;
        // with the range check that pins the product's modulus to this p
        kx.sharedSecret(BigIntegers.asUnsignedByteArray(g.publicLength(), p.subtract(BigInteger.TWO)));
        assertThrows(InvalidPublicValueException.class,
                () -> kx.sharedSecret(BigIntegers.asUnsignedByteArray(g.publicLength(), p.subtract(BigInteger.ONE))));
    }

    /** RFC 6989 §2.1: 1 < y < p - 1; and exactly the modulus length (RFC 7296 §3.4). */
    @ParameterizedTest(name = "{0}")
    @MethodSource("rfc3526")
    void modpRefusesDegenerateValues(Map<String, String> v) {
        DhGroup g = DhGroup.valueOf(v.get("group"));
        BigInteger p = new BigInteger(1, hex(v.get("p")));
        int len = g.publicLength();
        KeyExchange kx = g.generate(new SecureRandom());
        byte[] ones = new byte[len];
        Arrays.fill(ones, (byte) 0xff);
        for (BigInteger bad : new BigInteger[] {BigInteger.ZERO, BigInteger.ONE, p.subtract(BigInteger.ONE), p,
            new BigInteger(1, ones)}) {
            assertThrows(InvalidPublicValueException.class,
                    () -> kx.sharedSecret(BigIntegers.asUnsignedByteArray(len, bad)), bad.toString(16));
        }
        byte[] two = BigIntegers.asUnsignedByteArray(len, BigInteger.TWO);
        assertThrows(InvalidPublicValueException.class, () -> kx.sharedSecret(Arrays.copyOf(two, len - 1)));
        assertThrows(InvalidPublicValueException.class, () -> kx.sharedSecret(Arrays.copyOf(two, len + 1)));
    }

    /** RFC 7296 §2.14: g^ir is padded with zeros to the modulus length. */
    @Test
    void modpSharedSecretKeepsLeadingZeros() throws Exception {
        DhGroup g = DhGroup.MODP_2048;
        BigInteger p = new BigInteger(1, hex(KeyValueVectors.load("/vectors/crypto/rfc3526-modp.txt").get(0).get("p")));
        BigInteger x = BigInteger.valueOf(0x10001);
        KeyExchange kx = withPrivate(g, exponent(g, 0x10001));
        for (int j = 2; j < 5000; j++) {
            BigInteger y = BigInteger.TWO.modPow(BigInteger.valueOf(j), p);
            byte[] want = BigIntegers.asUnsignedByteArray(g.publicLength(), y.modPow(x, p));
            if (want[0] != 0) {
                continue;
            }
            byte[] got = kx.sharedSecret(BigIntegers.asUnsignedByteArray(g.publicLength(), y));
            assertArrayEquals(want, got);
            return;
        }
        throw new AssertionError("no shared value with a leading zero octet found");
    }

    // --- every group

    @ParameterizedTest
    @EnumSource(DhGroup.class)
    void twoRandomSidesAgree(DhGroup g) throws Exception {
        SecureRandom random = new SecureRandom();
        KeyExchange a = g.generate(random);
        KeyExchange b = g.generate(random);
        assertEquals(g, a.group());
        assertEquals(g.publicLength(), a.publicValue().length);
        byte[] ab = a.sharedSecret(b.publicValue());
        assertArrayEquals(ab, b.sharedSecret(a.publicValue()));
        int secretLength = g == DhGroup.CURVE25519 ? 32 : g.name().startsWith("ECP") ? g.publicLength() / 2
                : g.publicLength();
        assertEquals(secretLength, ab.length);
    }

    /** The public value handed out is a copy: callers cannot change our KE data. */
    @Test
    void publicValueIsACopy() {
        KeyExchange a = withPrivate(DhGroup.CURVE25519, ALICE_PRIVATE);
        a.publicValue()[0] ^= 1;
        assertArrayEquals(ALICE_PUBLIC, a.publicValue());
    }

    /** IANA "Transform Type 4" numbers and RFC 5903 §7 / RFC 8031 §3 / RFC 3526 KE data lengths. */
    @Test
    void groupIdsAndLengths() {
        int[][] expected = {{14, 256}, {15, 384}, {19, 64}, {20, 96}, {21, 132}, {31, 32}};
        DhGroup[] groups = {DhGroup.MODP_2048, DhGroup.MODP_3072, DhGroup.ECP_256, DhGroup.ECP_384, DhGroup.ECP_521,
            DhGroup.CURVE25519};
        for (int i = 0; i < groups.length; i++) {
            assertEquals(expected[i][0], groups[i].id());
            assertEquals(expected[i][1], groups[i].publicLength());
            assertEquals(groups[i], DhGroup.byId(expected[i][0]));
        }
        assertNull(DhGroup.byId(2));
        assertNull(DhGroup.byId(0));
    }
}
