package io.ikebana.ike.auth;

import static io.ikebana.crypto.KeyValueVectors.hex;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ikebana.wire.WireWriter;
import io.ikebana.wire.payload.AuthPayload;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.PublicKey;
import java.security.Signature;
import java.security.spec.MGF1ParameterSpec;
import java.security.spec.PSSParameterSpec;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.nist.NISTObjectIdentifiers;
import org.bouncycastle.asn1.pkcs.PKCSObjectIdentifiers;
import org.bouncycastle.asn1.pkcs.RSASSAPSSparams;
import org.bouncycastle.asn1.x509.AlgorithmIdentifier;
import org.bouncycastle.crypto.params.Ed25519PublicKeyParameters;
import org.bouncycastle.crypto.signers.Ed25519Signer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * RFC 7427 Digital Signature authentication (AUTH method 14) and the legacy methods, through
 * {@link SignatureAuth}: for RSA PKCS#1 v1.5, RSASSA-PSS, ECDSA P-256/P-384 and Ed25519, the
 * AlgorithmIdentifier sent (RFC 7427 Appendix A), the signature (checked with an independent
 * JCA or Bouncy Castle verifier), and what is refused.
 */
class SignatureAuthTest {

    private static final KeyPair RSA = TestCerts.rsa();
    private static final KeyPair RSA_OTHER = TestCerts.rsa();
    private static final KeyPair P256 = TestCerts.ec("secp256r1");
    private static final KeyPair P384 = TestCerts.ec("secp384r1");
    private static final KeyPair ED25519 = TestCerts.ed25519();
    private static final KeyPair ED25519_OTHER = TestCerts.ed25519();

    private static final Set<Integer> ALL = Set.of(SignatureAuth.HASH_SHA256, SignatureAuth.HASH_SHA384,
            SignatureAuth.HASH_SHA512, SignatureAuth.HASH_IDENTITY);

    // RFC 7427 Appendix A, copied from /work/shared/rfc/rfc7427.txt
    private static final String SHA1_RSA = "300d06092a864886f70d0101050500";     // A.1.1
    private static final String SHA256_RSA = "300d06092a864886f70d01010b0500";   // A.1.2
    private static final String SHA384_RSA = "300d06092a864886f70d01010c0500";   // A.1.3
    private static final String SHA512_RSA = "300d06092a864886f70d01010d0500";   // A.1.4
    private static final String ECDSA_SHA256 = "300a06082a8648ce3d040302";      // A.3.2
    private static final String ECDSA_SHA384 = "300a06082a8648ce3d040303";      // A.3.3
    private static final String ECDSA_SHA512 = "300a06082a8648ce3d040304";      // A.3.4
    /** A.4.3 RSASSA-PSS with SHA-256, as printed: trailerField (a3 03 02 01 01) spelled out. */
    private static final String PSS_SHA256_RFC = "3046" + "06092a864886f70d01010a" + "3039"
            + "a00f300d06096086480165030402010500" + "a11c301a06092a864886f70d010108300d06096086480165030402010500"
            + "a203020120" + "a303020101";
    /** The same parameters in DER, which leaves out trailerField = 1 (its DEFAULT, X.690 §11.5). */
    private static final String PSS_SHA256_DER = "3041" + "06092a864886f70d01010a" + "3034"
            + "a00f300d06096086480165030402010500" + "a11c301a06092a864886f70d010108300d06096086480165030402010500"
            + "a203020120";

    private static final byte[] OCTETS = "IKE_SA_INIT message | nonce | prf(SK_p, ID')".getBytes(StandardCharsets.US_ASCII);

    /** One way to sign: key, what the peer announced, PSS or not; what must come out. */
    record Case(String name, KeyPair keys, Set<Integer> peerHashes, boolean pss, String algorithmId, String jcaAlgorithm) {
        @Override
        public String toString() {
            return name;
        }
    }

    static Stream<Case> cases() {
        return Stream.of(
                new Case("RSA PKCS#1 v1.5 SHA-256", RSA, Set.of(SignatureAuth.HASH_SHA256), false, SHA256_RSA, "SHA256withRSA"),
                new Case("RSA PKCS#1 v1.5 SHA-384", RSA, Set.of(SignatureAuth.HASH_SHA384), false, SHA384_RSA, "SHA384withRSA"),
                new Case("RSA PKCS#1 v1.5 SHA-512", RSA, Set.of(SignatureAuth.HASH_SHA512), false, SHA512_RSA, "SHA512withRSA"),
                new Case("RSA PKCS#1 v1.5, all offered: SHA-256", RSA, ALL, false, SHA256_RSA, "SHA256withRSA"),
                new Case("RSASSA-PSS SHA-256", RSA, Set.of(SignatureAuth.HASH_SHA256), true, PSS_SHA256_DER, "PSS-SHA-256"),
                new Case("RSASSA-PSS SHA-384", RSA, Set.of(SignatureAuth.HASH_SHA384), true, null, "PSS-SHA-384"),
                new Case("RSASSA-PSS SHA-512", RSA, Set.of(SignatureAuth.HASH_SHA512), true, null, "PSS-SHA-512"),
                new Case("ECDSA P-256 SHA-256", P256, ALL, false, ECDSA_SHA256, "SHA256withECDSA"),
                new Case("ECDSA P-384 SHA-384", P384, ALL, false, ECDSA_SHA384, "SHA384withECDSA"),
                new Case("ECDSA P-256, peer SHA-512 only", P256, Set.of(SignatureAuth.HASH_SHA512), false, ECDSA_SHA512,
                        "SHA512withECDSA"),
                new Case("ECDSA P-384, peer SHA-256 only", P384, Set.of(SignatureAuth.HASH_SHA256), false, ECDSA_SHA256,
                        "SHA256withECDSA"),
                // RFC 8420 §2: id-Ed25519 without parameters, with the Identity "hash"
                new Case("Ed25519", ED25519, ALL, false, "300506032b6570", "Ed25519"));
    }

    /** The AlgorithmIdentifier of method 14: RFC 7427 §3, ASN.1 Length octet then the DER. */
    private static byte[] algorithmId(AuthPayload a) {
        int len = a.data()[0] & 0xff;
        return Arrays.copyOfRange(a.data(), 1, 1 + len);
    }

    private static byte[] signatureValue(AuthPayload a) {
        int len = a.data()[0] & 0xff;
        return Arrays.copyOfRange(a.data(), 1 + len, a.data().length);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void signsWithTheRfc7427AlgorithmIdentifier(Case c) throws Exception {
        AuthPayload a = SignatureAuth.sign(c.keys().getPrivate(), OCTETS, c.peerHashes(), c.pss());
        assertEquals(AuthPayload.DIGITAL_SIGNATURE, a.method());
        if (c.algorithmId() != null) {
            assertEquals(c.algorithmId(), hex(algorithmId(a)));
        } else {
            assertPssParameters(algorithmId(a), c.jcaAlgorithm().substring(4));
        }
        assertTrue(independentVerify(c.jcaAlgorithm(), c.keys().getPublic(), signatureValue(a)),
                "an independent verifier accepts the signature value");
        assertTrue(SignatureAuth.verify(c.keys().getPublic(), a, OCTETS));
    }

    /** RFC 7427 Appendix B: the AUTH payload body is 0e 000000, the length octet, the identifier, the signature. */
    @Test
    void authPayloadBodyLayout() throws Exception {
        AuthPayload a = SignatureAuth.sign(RSA.getPrivate(), OCTETS, Set.of(SignatureAuth.HASH_SHA256), false);
        WireWriter w = new WireWriter();
        a.encodeBody(w);
        byte[] body = w.toByteArray();
        assertEquals("0e0000000f" + SHA256_RSA, hex(Arrays.copyOf(body, 5 + 15)));
        assertEquals(5 + 15 + 256, body.length, "RSA-2048 signature of 256 octets follows");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void tamperedOctetsOrSignatureAreRefused(Case c) throws Exception {
        AuthPayload a = SignatureAuth.sign(c.keys().getPrivate(), OCTETS, c.peerHashes(), c.pss());
        byte[] octets = OCTETS.clone();
        octets[3] ^= 1;
        assertFalse(SignatureAuth.verify(c.keys().getPublic(), a, octets), "changed signed octets");
        byte[] data = a.data().clone();
        data[data.length - 5] ^= 0x10;
        assertFalse(SignatureAuth.verify(c.keys().getPublic(), new AuthPayload(a.method(), data), OCTETS),
                "changed signature value");
        assertFalse(SignatureAuth.verify(c.keys().getPublic(), new AuthPayload(a.method(),
                Arrays.copyOf(a.data(), a.data().length - 1)), OCTETS), "truncated signature");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void anotherKeyIsRefused(Case c) throws Exception {
        AuthPayload a = SignatureAuth.sign(c.keys().getPrivate(), OCTETS, c.peerHashes(), c.pss());
        PublicKey other = c.keys() == RSA ? RSA_OTHER.getPublic() : c.keys() == ED25519 ? ED25519_OTHER.getPublic()
                : c.keys() == P256 ? P384.getPublic() : P256.getPublic();
        assertFalse(SignatureAuth.verify(other, a, OCTETS));
        // a key of another type under the same identifier
        PublicKey wrongType = c.keys() == RSA ? P256.getPublic() : RSA.getPublic();
        assertFalse(SignatureAuth.verify(wrongType, a, OCTETS));
    }

    /** The identifier names the hash: claiming another one than was used must fail. */
    @Test
    void mismatchedAlgorithmIdentifierIsRefused() throws Exception {
        AuthPayload a = SignatureAuth.sign(RSA.getPrivate(), OCTETS, Set.of(SignatureAuth.HASH_SHA256), false);
        AuthPayload relabelled = digitalSignature(hex(SHA384_RSA), signatureValue(a));
        assertFalse(SignatureAuth.verify(RSA.getPublic(), relabelled, OCTETS));
        AuthPayload e = SignatureAuth.sign(P256.getPrivate(), OCTETS, ALL, false);
        assertFalse(SignatureAuth.verify(P256.getPublic(), digitalSignature(hex(ECDSA_SHA384), signatureValue(e)), OCTETS));
        // PKCS#1 v1.5 signature presented as PSS, and the reverse
        assertFalse(SignatureAuth.verify(RSA.getPublic(), digitalSignature(hex(PSS_SHA256_DER), signatureValue(a)), OCTETS));
        AuthPayload p = SignatureAuth.sign(RSA.getPrivate(), OCTETS, Set.of(SignatureAuth.HASH_SHA256), true);
        assertFalse(SignatureAuth.verify(RSA.getPublic(), digitalSignature(hex(SHA256_RSA), signatureValue(p)), OCTETS));
    }

    /** A peer (libreswan, say) that sends RFC 7427 A.4.3 byte for byte, trailerField included, is understood. */
    @Test
    void verifiesPssWithTheRfcAppendixIdentifier() throws Exception {
        Signature s = Signature.getInstance("RSASSA-PSS");
        s.setParameter(new PSSParameterSpec("SHA-256", "MGF1", MGF1ParameterSpec.SHA256, 32, 1));
        s.initSign(RSA.getPrivate());
        s.update(OCTETS);
        AuthPayload a = digitalSignature(hex(PSS_SHA256_RFC), s.sign());
        assertTrue(SignatureAuth.verify(RSA.getPublic(), a, OCTETS));
        // the same parameters: re-encoded as DER, the RFC's value is ours
        RSASSAPSSparams rfc = RSASSAPSSparams.getInstance(AlgorithmIdentifier.getInstance(hex(PSS_SHA256_RFC)).getParameters());
        assertEquals(PSS_SHA256_DER, hex(new AlgorithmIdentifier(PKCSObjectIdentifiers.id_RSASSA_PSS, rfc).getEncoded("DER")));
    }

    /**
     * SHA-1 is not in our SIGNATURE_HASH_ALGORITHMS (RFC 8247 §3.1: MUST NOT for new
     * deployments), so a method-14 signature made with it is refused even when valid.
     */
    @Test
    void sha1DigitalSignatureIsRefused() throws Exception {
        Signature s = Signature.getInstance("SHA1withRSA");
        s.initSign(RSA.getPrivate());
        s.update(OCTETS);
        assertFalse(SignatureAuth.verify(RSA.getPublic(), digitalSignature(hex(SHA1_RSA), s.sign()), OCTETS));
    }

    /** RFC 7427 §4: only hashes the peer announced are used; none in common is an error, not a guess. */
    @Test
    void noCommonHashIsAnError() {
        Set<Integer> sha1Only = Set.of(SignatureAuth.HASH_SHA1);
        assertThrows(GeneralSecurityException.class, () -> SignatureAuth.sign(RSA.getPrivate(), OCTETS, sha1Only, false));
        assertThrows(GeneralSecurityException.class, () -> SignatureAuth.sign(RSA.getPrivate(), OCTETS, sha1Only, true));
        assertThrows(GeneralSecurityException.class, () -> SignatureAuth.sign(P256.getPrivate(), OCTETS, sha1Only, false));
        assertThrows(GeneralSecurityException.class, () -> SignatureAuth.sign(RSA.getPrivate(), OCTETS, Set.of(), false));
        // RFC 8420 §2: Ed25519 needs the Identity hash (5) announced
        Set<Integer> sha2 = Set.of(SignatureAuth.HASH_SHA256, SignatureAuth.HASH_SHA384, SignatureAuth.HASH_SHA512);
        assertThrows(GeneralSecurityException.class, () -> SignatureAuth.sign(ED25519.getPrivate(), OCTETS, sha2, false));
        // Identity alone does not serve RSA or ECDSA
        Set<Integer> identity = Set.of(SignatureAuth.HASH_IDENTITY);
        assertThrows(GeneralSecurityException.class, () -> SignatureAuth.sign(P384.getPrivate(), OCTETS, identity, false));
    }

    /** Unknown hash numbers in the peer's list are ignored, not fatal. */
    @Test
    void unknownAnnouncedHashesAreIgnored() throws Exception {
        AuthPayload a = SignatureAuth.sign(P384.getPrivate(), OCTETS, Set.of(0, 99, 0xffff, SignatureAuth.HASH_SHA512), false);
        assertEquals(ECDSA_SHA512, hex(algorithmId(a)));
        assertTrue(SignatureAuth.verify(P384.getPublic(), a, OCTETS));
    }

    /** What we announce in SIGNATURE_HASH_ALGORITHMS (RFC 7427 §4): SHA2-256, -384, -512 and Identity. */
    @Test
    void announcedHashAlgorithms() {
        assertEquals("0002000300040005", hex(SignatureAuth.hashAlgorithmsNotifyData()));
    }

    /** Without SIGNATURE_HASH_ALGORITHMS: RSA is method 1 (PKCS#1 v1.5 SHA-1, RFC 7296 §3.8). */
    @Test
    void legacyRsa() throws Exception {
        AuthPayload a = SignatureAuth.sign(RSA.getPrivate(), OCTETS, null, false);
        assertEquals(AuthPayload.RSA, a.method());
        assertTrue(independentVerify("SHA1withRSA", RSA.getPublic(), a.data()));
        assertTrue(SignatureAuth.verify(RSA.getPublic(), a, OCTETS));
        byte[] octets = OCTETS.clone();
        octets[0] ^= 1;
        assertFalse(SignatureAuth.verify(RSA.getPublic(), a, octets));
        assertFalse(SignatureAuth.verify(RSA_OTHER.getPublic(), a, OCTETS));
    }

    /** Without SIGNATURE_HASH_ALGORITHMS: ECDSA methods 9 and 10 with r | s of the curve size (RFC 4754 §7). */
    @Test
    void legacyEcdsa() throws Exception {
        for (KeyPair kp : List.of(P256, P384)) {
            boolean p256 = kp == P256;
            AuthPayload a = SignatureAuth.sign(kp.getPrivate(), OCTETS, null, false);
            assertEquals(p256 ? AuthPayload.ECDSA_256 : AuthPayload.ECDSA_384, a.method());
            int size = p256 ? 32 : 48;
            assertEquals(2 * size, a.data().length);
            Signature v = Signature.getInstance(p256 ? "SHA256withECDSAinP1363Format" : "SHA384withECDSAinP1363Format");
            v.initVerify(kp.getPublic());
            v.update(OCTETS);
            assertTrue(v.verify(a.data()), "r | s verifies as IEEE P1363");
            assertTrue(SignatureAuth.verify(kp.getPublic(), a, OCTETS));
            byte[] bad = a.data().clone();
            bad[size] ^= 1;
            assertFalse(SignatureAuth.verify(kp.getPublic(), new AuthPayload(a.method(), bad), OCTETS));
            // the method names the curve: the other method number is refused
            AuthPayload other = new AuthPayload(p256 ? AuthPayload.ECDSA_384 : AuthPayload.ECDSA_256, a.data());
            assertFalse(SignatureAuth.verify(kp.getPublic(), other, OCTETS));
        }
    }

    /** Ed25519 has no legacy method: without RFC 7427 the peer cannot be answered. */
    @Test
    void ed25519NeedsRfc7427() {
        assertThrows(GeneralSecurityException.class, () -> SignatureAuth.sign(ED25519.getPrivate(), OCTETS, null, false));
    }

    /** Malformed method-14 data: refused without an exception escaping. */
    @Test
    void malformedDigitalSignatureDataIsRefused() throws Exception {
        AuthPayload good = SignatureAuth.sign(P256.getPrivate(), OCTETS, ALL, false);
        byte[] d = good.data();
        byte[][] bad = {
            {0},                                                  // zero-length identifier
            {(byte) 0xff, 0x30},                                  // length past the end
            Arrays.copyOf(d, 1 + (d[0] & 0xff)),                  // identifier, no signature
            concat(new byte[] {4, 0x30, 0x02, 0x05, 0x00}, signatureValue(good)),  // not an AlgorithmIdentifier
            concat(new byte[] {(byte) (d[0] - 1)}, Arrays.copyOfRange(d, 1, d.length)),  // length one short
        };
        for (byte[] b : bad) {
            assertFalse(SignatureAuth.verify(P256.getPublic(), new AuthPayload(AuthPayload.DIGITAL_SIGNATURE, b), OCTETS),
                    hex(Arrays.copyOf(b, Math.min(b.length, 8))));
        }
        assertFalse(SignatureAuth.verify(P256.getPublic(), new AuthPayload(AuthPayload.PSK, d), OCTETS), "PSK method");
        assertFalse(SignatureAuth.verify(P256.getPublic(), new AuthPayload(12, d), OCTETS), "unknown method");
    }

    /** Ed25519 is deterministic (RFC 8032): the signature equals Bouncy Castle's low-level signer's. */
    @Test
    void ed25519SignatureIsRfc8032() throws Exception {
        AuthPayload a = SignatureAuth.sign(ED25519.getPrivate(), OCTETS, ALL, false);
        byte[] spki = ED25519.getPublic().getEncoded();
        // SubjectPublicKeyInfo of Ed25519 (RFC 8410): 302a 300506032b6570 032100 | 32-octet key
        assertEquals("302a300506032b6570032100", hex(Arrays.copyOf(spki, 12)));
        Ed25519Signer v = new Ed25519Signer();
        v.init(false, new Ed25519PublicKeyParameters(spki, 12));
        v.update(OCTETS, 0, OCTETS.length);
        assertTrue(v.verifySignature(signatureValue(a)));
        assertEquals(64, signatureValue(a).length);
        assertArrayEquals(signatureValue(a), signatureValue(SignatureAuth.sign(ED25519.getPrivate(), OCTETS, ALL, false)));
    }

    private static void assertPssParameters(byte[] der, String hash) {
        AlgorithmIdentifier ai = AlgorithmIdentifier.getInstance(der);
        assertEquals(PKCSObjectIdentifiers.id_RSASSA_PSS, ai.getAlgorithm());
        RSASSAPSSparams p = RSASSAPSSparams.getInstance(ai.getParameters());
        ASN1ObjectIdentifier h = hash.equals("SHA-384") ? NISTObjectIdentifiers.id_sha384 : NISTObjectIdentifiers.id_sha512;
        assertEquals(h, p.getHashAlgorithm().getAlgorithm());
        assertEquals(PKCSObjectIdentifiers.id_mgf1, p.getMaskGenAlgorithm().getAlgorithm());
        assertEquals(h, AlgorithmIdentifier.getInstance(p.getMaskGenAlgorithm().getParameters()).getAlgorithm());
        // RFC 8247 §3.2 / RFC 4055: salt as long as the hash
        assertEquals(hash.equals("SHA-384") ? 48 : 64, p.getSaltLength().intValueExact());
        assertEquals(1, p.getTrailerField().intValueExact());
    }

    private static boolean independentVerify(String alg, PublicKey key, byte[] sig) throws Exception {
        Signature s;
        if (alg.startsWith("PSS-")) {
            String h = alg.substring(4);
            int salt = h.equals("SHA-512") ? 64 : h.equals("SHA-384") ? 48 : 32;
            s = Signature.getInstance("RSASSA-PSS");
            s.setParameter(new PSSParameterSpec(h, "MGF1", new MGF1ParameterSpec(h), salt, 1));
        } else {
            s = Signature.getInstance(alg);
        }
        s.initVerify(key);
        s.update(OCTETS);
        return s.verify(sig);
    }

    private static AuthPayload digitalSignature(byte[] algorithmId, byte[] sig) {
        return new AuthPayload(AuthPayload.DIGITAL_SIGNATURE, concat(new byte[] {(byte) algorithmId.length}, algorithmId, sig));
    }

    private static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] b : parts) {
            out.writeBytes(b);
        }
        return out.toByteArray();
    }
}
