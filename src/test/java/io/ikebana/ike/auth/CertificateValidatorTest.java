package io.ikebana.ike.auth;

import static io.ikebana.ike.auth.TestCerts.NOW;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ikebana.ike.Identity;
import io.ikebana.ike.auth.TestCerts.Issued;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.PublicKey;
import java.security.cert.CertPathValidatorException;
import java.security.cert.CertPathValidatorException.BasicReason;
import java.security.cert.CertificateException;
import java.security.cert.PKIXReason;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import javax.security.auth.x500.X500Principal;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Certificate authentication's chain and identity checks ({@link CertificateValidator}), as
 * IKE_AUTH uses them: the CERT payloads' DER (end entity first, the rest in any order, RFC 7296
 * §3.6) parsed with {@link CertificateValidator#parse}, validated with PKIX (RFC 5280) against
 * the peer policy's configured CAs only, the end entity's keyUsage (RFC 4945 §5.1.3.2) and its
 * names against the peer's ID payload (RFC 4945 §3.1). Every certificate is made here with Bouncy
 * Castle; the validator's clock is fixed at {@link TestCerts#NOW}.
 */
class CertificateValidatorTest {

    private static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);
    private static final String PEER = "peer.example.com";
    private static final Identity PEER_ID = Identity.parse(PEER);

    private static final String ROOT_DN = "CN=Ikebana Test Root,O=Ikebana";
    private static final Issued ROOT = TestCerts.root(ROOT_DN, TestCerts.ec("secp256r1"));
    private static final Issued OTHER_ROOT = TestCerts.root("CN=Other Root,O=Elsewhere", TestCerts.ec("secp256r1"));
    private static final Issued INT = TestCerts.intermediate("CN=Ikebana Test Intermediate,O=Ikebana",
            TestCerts.ec("secp256r1"), ROOT);
    private static final Issued LEAF = TestCerts.leaf(PEER, ROOT);
    private static final Issued LEAF_VIA_INT = TestCerts.leaf(PEER, INT);

    private final CertificateValidator validator = new CertificateValidator(CLOCK);

    private PublicKey validate(Collection<X509Certificate> trusted, Identity id, X509Certificate... chain)
            throws GeneralSecurityException {
        return validator.validate(List.of(chain), trusted, id);
    }

    /** Asserts the chain is refused by PKIX and returns the reason. */
    private CertPathValidatorException.Reason pkixRefusal(Collection<X509Certificate> trusted,
            X509Certificate... chain) {
        return assertThrows(CertPathValidatorException.class, () -> validate(trusted, PEER_ID, chain)).getReason();
    }

    /** Asserts the chain is refused (any GeneralSecurityException, never another throwable) and returns the message. */
    private String refusal(Collection<X509Certificate> trusted, Identity id, X509Certificate... chain) {
        return assertThrows(GeneralSecurityException.class, () -> validate(trusted, id, chain)).getMessage();
    }

    private static Issued issue(TestCerts.Spec s, Issued issuer) {
        return TestCerts.issue(s, issuer);
    }

    private static X509Certificate parse(byte[] der) throws GeneralSecurityException {
        return CertificateValidator.parse(List.of(der)).get(0);
    }

    @Nested
    class AcceptedChains {

        @Test
        void leafDirectlyUnderConfiguredCaGivesTheLeafKey() throws Exception {
            assertEquals(LEAF.cert().getPublicKey(), validate(List.of(ROOT.cert()), PEER_ID, LEAF.cert()));
        }

        @Test
        void intermediateSentByThePeer() throws Exception {
            assertEquals(LEAF_VIA_INT.cert().getPublicKey(),
                    validate(List.of(ROOT.cert()), PEER_ID, LEAF_VIA_INT.cert(), INT.cert()));
        }

        @Test
        void withoutTheIntermediateTheLeafIsRefused() {
            assertEquals(PKIXReason.NO_TRUST_ANCHOR, pkixRefusal(List.of(ROOT.cert()), LEAF_VIA_INT.cert()));
        }

        /** RFC 7296 §3.6: "The other certificates may be sent in any order." */
        @Test
        void twoIntermediatesInEitherOrder() throws Exception {
            Issued a = TestCerts.intermediate("CN=Intermediate A", TestCerts.ec("secp256r1"), ROOT);
            Issued b = TestCerts.intermediate("CN=Intermediate B", TestCerts.ec("secp256r1"), a);
            Issued leaf = TestCerts.leaf(PEER, b);
            PublicKey key = leaf.cert().getPublicKey();
            assertEquals(key, validate(List.of(ROOT.cert()), PEER_ID, leaf.cert(), b.cert(), a.cert()));
            assertEquals(key, validate(List.of(ROOT.cert()), PEER_ID, leaf.cert(), a.cert(), b.cert()));
        }

        /** RFC 7296 §3.6 asks for up to four certificates: three intermediates, shuffled. */
        @Test
        void fourCertificatesShuffled() throws Exception {
            Issued a = TestCerts.intermediate("CN=I1", TestCerts.ec("secp256r1"), ROOT);
            Issued b = TestCerts.intermediate("CN=I2", TestCerts.ec("secp256r1"), a);
            Issued c = TestCerts.intermediate("CN=I3", TestCerts.ec("secp256r1"), b);
            Issued leaf = TestCerts.leaf(PEER, c);
            assertEquals(leaf.cert().getPublicKey(),
                    validate(List.of(ROOT.cert()), PEER_ID, leaf.cert(), b.cert(), c.cert(), a.cert()));
        }

        /** A sender SHOULD NOT send its trust anchor (RFC 4945 §3.3), but one that does is accepted. */
        @Test
        void peerAlsoSendsTheConfiguredRoot() throws Exception {
            PublicKey key = LEAF_VIA_INT.cert().getPublicKey();
            assertEquals(key, validate(List.of(ROOT.cert()), PEER_ID, LEAF_VIA_INT.cert(), INT.cert(), ROOT.cert()));
            assertEquals(key, validate(List.of(ROOT.cert()), PEER_ID, LEAF_VIA_INT.cert(), ROOT.cert(), INT.cert()));
        }

        /**
         * RFC 4945 §3.3: what the sender includes as an intermediate may be the recipient's trust
         * anchor (TA2 = CA1); the sender's own root, not configured here, is then irrelevant.
         */
        @Test
        void configuredIntermediateIsAnAnchorEvenWhenThePeerSendsItsRoot() throws Exception {
            PublicKey key = LEAF_VIA_INT.cert().getPublicKey();
            assertEquals(key, validate(List.of(INT.cert()), PEER_ID, LEAF_VIA_INT.cert()));
            assertEquals(key, validate(List.of(INT.cert()), PEER_ID, LEAF_VIA_INT.cert(), INT.cert()));
            assertEquals(key, validate(List.of(INT.cert()), PEER_ID, LEAF_VIA_INT.cert(), INT.cert(), ROOT.cert()));
        }

        @Test
        void unrelatedExtraCertificatesAreIgnored() throws Exception {
            Issued stranger = TestCerts.leaf("stranger.example.net", OTHER_ROOT);
            assertEquals(LEAF_VIA_INT.cert().getPublicKey(), validate(List.of(ROOT.cert()), PEER_ID,
                    LEAF_VIA_INT.cert(), stranger.cert(), OTHER_ROOT.cert(), INT.cert()));
        }

        @Test
        void theMatchingOneOfSeveralConfiguredCas() throws Exception {
            assertEquals(LEAF.cert().getPublicKey(),
                    validate(List.of(OTHER_ROOT.cert(), ROOT.cert()), PEER_ID, LEAF.cert()));
        }

        @Test
        void rsaAndEd25519ChainsToo() throws Exception {
            Issued rsaRoot = TestCerts.root("CN=RSA Root", TestCerts.rsa());
            Issued edInt = TestCerts.intermediate("CN=Ed25519 Intermediate", TestCerts.ed25519(), rsaRoot);
            Issued leaf = issue(TestCerts.spec().subject("CN=" + PEER).dns(PEER).keys(TestCerts.rsa())
                    .keyUsage(KeyUsage.digitalSignature), edInt);
            assertEquals(leaf.cert().getPublicKey(),
                    validate(List.of(rsaRoot.cert()), PEER_ID, leaf.cert(), edInt.cert()));
        }
    }

    /** Only configured CAs are trust anchors; nothing the peer sends can become one. */
    @Nested
    class TrustAnchors {

        @Test
        void leafUnderAnUnconfiguredRoot() {
            Issued leaf = TestCerts.leaf(PEER, OTHER_ROOT);
            assertEquals(PKIXReason.NO_TRUST_ANCHOR, pkixRefusal(List.of(ROOT.cert()), leaf.cert()));
        }

        @Test
        void rootSentByThePeerIsNotTrusted() {
            Issued leaf = TestCerts.leaf(PEER, OTHER_ROOT);
            assertEquals(PKIXReason.NO_TRUST_ANCHOR,
                    pkixRefusal(List.of(ROOT.cert()), leaf.cert(), OTHER_ROOT.cert()));
        }

        @Test
        void intermediateSentByThePeerUnderAnUnconfiguredRoot() {
            Issued otherInt = TestCerts.intermediate("CN=Other Intermediate", TestCerts.ec("secp256r1"), OTHER_ROOT);
            Issued leaf = TestCerts.leaf(PEER, otherInt);
            assertEquals(PKIXReason.NO_TRUST_ANCHOR,
                    pkixRefusal(List.of(ROOT.cert()), leaf.cert(), otherInt.cert(), OTHER_ROOT.cert()));
        }

        /** A look-alike of the configured root (same name, its own key) sent along with a leaf it signed. */
        @Test
        void impostorRootWithTheConfiguredName() {
            Issued impostor = TestCerts.root(ROOT_DN, TestCerts.ec("secp256r1"));
            assertEquals(ROOT.cert().getSubjectX500Principal(), impostor.cert().getSubjectX500Principal());
            Issued leaf = TestCerts.leaf(PEER, impostor);
            // the leaf's authorityKeyIdentifier names the impostor's key, which no anchor has
            assertEquals(PKIXReason.NO_TRUST_ANCHOR, pkixRefusal(List.of(ROOT.cert()), leaf.cert()));
            assertEquals(PKIXReason.NO_TRUST_ANCHOR, pkixRefusal(List.of(ROOT.cert()), leaf.cert(), impostor.cert()));
            // sent alone (no authorityKeyIdentifier): tried against the root by name, its key does not verify it
            assertEquals(BasicReason.INVALID_SIGNATURE, pkixRefusal(List.of(ROOT.cert()), impostor.cert()));
        }

        @Test
        void selfSignedLeafThatIsNotConfigured() {
            Issued self = issue(TestCerts.spec().subject("CN=" + PEER).dns(PEER).keyUsage(KeyUsage.digitalSignature),
                    null);
            assertEquals(PKIXReason.NO_TRUST_ANCHOR, pkixRefusal(List.of(ROOT.cert()), self.cert()));
        }

        @Test
        void noConfiguredCa() {
            assertEquals("no trusted CA configured", refusal(List.of(), PEER_ID, LEAF.cert(), ROOT.cert()));
        }

        @Test
        void noCertificate() {
            assertEquals("no certificate", refusal(List.of(ROOT.cert()), PEER_ID));
        }

        /**
         * The end entity is always the certificate validated: the configured CA's own certificate
         * (keyCertSign only) sent first does not make whatever follows it trusted, and is itself
         * refused for AUTH (RFC 4945 §5.1.3.2).
         */
        @Test
        void configuredCaSentAsEndEntity() {
            assertEquals(PKIXReason.INVALID_KEY_USAGE, pkixRefusal(List.of(ROOT.cert()), ROOT.cert(), LEAF.cert()));
        }
    }

    @Nested
    class Validity {

        @Test
        void expiredLeaf() {
            Issued leaf = issue(TestCerts.spec().subject("CN=" + PEER).dns(PEER)
                    .validity(NOW.minus(Duration.ofDays(400)), NOW.minusSeconds(1)), ROOT);
            assertEquals(BasicReason.EXPIRED, pkixRefusal(List.of(ROOT.cert()), leaf.cert()));
        }

        @Test
        void notYetValidLeaf() {
            Issued leaf = issue(TestCerts.spec().subject("CN=" + PEER).dns(PEER)
                    .validity(NOW.plusSeconds(1), NOW.plus(Duration.ofDays(400))), ROOT);
            assertEquals(BasicReason.NOT_YET_VALID, pkixRefusal(List.of(ROOT.cert()), leaf.cert()));
        }

        @Test
        void validUpToAndIncludingNotAfter() throws Exception {
            Issued leaf = issue(TestCerts.spec().subject("CN=" + PEER).dns(PEER)
                    .validity(NOW.minus(Duration.ofDays(400)), NOW), ROOT);
            assertEquals(leaf.cert().getPublicKey(), validate(List.of(ROOT.cert()), PEER_ID, leaf.cert()));
        }

        @Test
        void expiredIntermediate() {
            Issued oldInt = issue(TestCerts.spec().subject("CN=Old Intermediate").ca(true)
                    .keyUsage(KeyUsage.keyCertSign).validity(NOW.minus(Duration.ofDays(800)), NOW.minus(Duration.ofDays(1))),
                    ROOT);
            Issued leaf = TestCerts.leaf(PEER, oldInt);
            assertEquals(BasicReason.EXPIRED, pkixRefusal(List.of(ROOT.cert()), leaf.cert(), oldInt.cert()));
        }

        /** The validator's clock decides, not the system's: the same chain a year after NOW is expired. */
        @Test
        void theInjectedClockIsUsed() throws Exception {
            CertificateValidator later = new CertificateValidator(Clock.fixed(NOW.plus(Duration.ofDays(366)),
                    ZoneOffset.UTC));
            CertPathValidatorException e = assertThrows(CertPathValidatorException.class,
                    () -> later.validate(List.of(LEAF.cert()), List.of(ROOT.cert()), PEER_ID));
            assertEquals(BasicReason.EXPIRED, e.getReason());
        }
    }

    /** RFC 5280 §4.2.1.9 basicConstraints and §4.2.1.3 keyUsage of the CAs in the path. */
    @Nested
    class CaConstraints {

        @Test
        void intermediateWithoutBasicConstraints() {
            Issued notCa = issue(TestCerts.spec().subject("CN=No Basic Constraints").keyUsage(KeyUsage.keyCertSign),
                    ROOT);
            Issued leaf = TestCerts.leaf(PEER, notCa);
            assertEquals(PKIXReason.NOT_CA_CERT, pkixRefusal(List.of(ROOT.cert()), leaf.cert(), notCa.cert()));
        }

        @Test
        void intermediateWithCaFalse() {
            Issued notCa = issue(TestCerts.spec().subject("CN=CA False").ca(false).keyUsage(KeyUsage.keyCertSign), ROOT);
            Issued leaf = TestCerts.leaf(PEER, notCa);
            assertEquals(PKIXReason.NOT_CA_CERT, pkixRefusal(List.of(ROOT.cert()), leaf.cert(), notCa.cert()));
        }

        /** A peer holding a valid end-entity certificate cannot issue one for another name. */
        @Test
        void endEntityUsedAsIssuer() {
            Issued holder = issue(TestCerts.spec().subject("CN=holder.example.com").dns("holder.example.com"), ROOT);
            Issued victimName = TestCerts.leaf("victim.example.com", holder);
            assertEquals(PKIXReason.NOT_CA_CERT, assertThrows(CertPathValidatorException.class,
                    () -> validate(List.of(ROOT.cert()), Identity.parse("victim.example.com"), victimName.cert(),
                            holder.cert())).getReason());
        }

        @Test
        void pathLenZeroWithAnotherIntermediateBelow() {
            Issued a = issue(TestCerts.spec().subject("CN=PathLen 0").ca(true).pathLen(0)
                    .keyUsage(KeyUsage.keyCertSign), ROOT);
            Issued b = TestCerts.intermediate("CN=Below PathLen 0", TestCerts.ec("secp256r1"), a);
            Issued leaf = TestCerts.leaf(PEER, b);
            assertEquals(PKIXReason.PATH_TOO_LONG, pkixRefusal(List.of(ROOT.cert()), leaf.cert(), b.cert(), a.cert()));
        }

        @Test
        void pathLenZeroWithTheLeafDirectlyBelowIsFine() throws Exception {
            Issued a = issue(TestCerts.spec().subject("CN=PathLen 0").ca(true).pathLen(0)
                    .keyUsage(KeyUsage.keyCertSign), ROOT);
            Issued leaf = TestCerts.leaf(PEER, a);
            assertEquals(leaf.cert().getPublicKey(), validate(List.of(ROOT.cert()), PEER_ID, leaf.cert(), a.cert()));
        }

        @Test
        void intermediateWhoseKeyUsageLacksKeyCertSign() {
            Issued a = issue(TestCerts.spec().subject("CN=No keyCertSign").ca(true)
                    .keyUsage(KeyUsage.digitalSignature | KeyUsage.cRLSign), ROOT);
            Issued leaf = TestCerts.leaf(PEER, a);
            assertEquals(PKIXReason.INVALID_KEY_USAGE, pkixRefusal(List.of(ROOT.cert()), leaf.cert(), a.cert()));
        }
    }

    @Nested
    class Signatures {

        /** The leaf names the configured root as issuer but was signed with another key. */
        @Test
        void forgedIssuerSignature() {
            Issued forger = new Issued(ROOT.cert(), TestCerts.ec("secp256r1"));
            Issued leaf = TestCerts.leaf(PEER, forger);
            assertEquals(BasicReason.INVALID_SIGNATURE, pkixRefusal(List.of(ROOT.cert()), leaf.cert()));
        }

        @Test
        void tamperedLeaf() throws Exception {
            X509Certificate tampered = parse(TestCerts.tamper(LEAF.cert(), "peer.example.com", "evil.example.com"));
            assertEquals(new X500Principal("CN=evil.example.com"), tampered.getSubjectX500Principal());
            assertEquals(BasicReason.INVALID_SIGNATURE, assertThrows(CertPathValidatorException.class,
                    () -> validate(List.of(ROOT.cert()), Identity.parse("evil.example.com"), tampered)).getReason());
        }

        /** The intermediate's notAfter moved by a year, its names untouched. */
        @Test
        void tamperedIntermediate() throws Exception {
            X509Certificate tampered = parse(tamperValidity(INT.cert()));
            assertFalse(INT.cert().getNotAfter().equals(tampered.getNotAfter()));
            assertEquals(INT.cert().getSubjectX500Principal(), tampered.getSubjectX500Principal());
            assertEquals(BasicReason.INVALID_SIGNATURE,
                    pkixRefusal(List.of(ROOT.cert()), LEAF_VIA_INT.cert(), tampered));
        }

        /** Every single-bit change anywhere in the leaf: refused, or (if the DER is unchanged in meaning) the same key. */
        @Test
        void everyBitFlipOfTheLeaf() throws Exception {
            byte[] der = LEAF.cert().getEncoded();
            int refused = 0;
            for (int i = 0; i < der.length; i++) {
                for (int bit = 0; bit < 8; bit += 3) {
                    byte[] m = der.clone();
                    m[i] ^= (byte) (1 << bit);
                    try {
                        PublicKey k = validator.validate(CertificateValidator.parse(List.of(m)), List.of(ROOT.cert()),
                                PEER_ID);
                        assertEquals(LEAF.cert().getPublicKey(), k, "byte " + i + " bit " + bit);
                    } catch (GeneralSecurityException e) {
                        refused++;
                    }
                }
            }
            // at most a handful of non-semantic bits (e.g. DER leniencies) may pass
            assertTrue(refused >= der.length * 3 - 8, refused + " of " + der.length * 3 + " refused");
        }
    }

    /** Changes a digit of notAfter (UTCTime) in the DER: the name and everything else stay. */
    private static byte[] tamperValidity(X509Certificate c) throws Exception {
        byte[] der = c.getEncoded();
        String notAfter = new java.text.SimpleDateFormat("yyMMddHHmmss'Z'") {
            {
                setTimeZone(java.util.TimeZone.getTimeZone("UTC"));
            }
        }.format(c.getNotAfter());
        byte[] f = notAfter.getBytes(StandardCharsets.US_ASCII);
        for (int i = 0; i + f.length <= der.length; i++) {
            if (Arrays.equals(der, i, i + f.length, f, 0, f.length)) {
                der[i + 1] = (byte) (der[i + 1] == '9' ? '8' : der[i + 1] + 1);   // a year later (or earlier)
                return der;
            }
        }
        throw new IllegalStateException("notAfter not found");
    }

    /** RFC 4945 §5.1.3.2: a keyUsage extension, if present, must allow digitalSignature or nonRepudiation. */
    @Nested
    class EndEntityKeyUsage {

        private Issued leafWith(Integer bits) {
            return issue(TestCerts.spec().subject("CN=" + PEER).dns(PEER).keyUsage(bits), ROOT);
        }

        @ParameterizedTest
        @ValueSource(ints = {KeyUsage.keyEncipherment, KeyUsage.keyAgreement, KeyUsage.dataEncipherment,
                KeyUsage.keyCertSign | KeyUsage.cRLSign})
        void refusedWithoutDigitalSignatureOrNonRepudiation(int bits) {
            assertEquals(PKIXReason.INVALID_KEY_USAGE, pkixRefusal(List.of(ROOT.cert()), leafWith(bits).cert()));
        }

        @ParameterizedTest
        @ValueSource(ints = {KeyUsage.digitalSignature, KeyUsage.nonRepudiation,
                KeyUsage.digitalSignature | KeyUsage.keyEncipherment, KeyUsage.nonRepudiation | KeyUsage.keyAgreement})
        void acceptedWithEither(int bits) throws Exception {
            Issued leaf = leafWith(bits);
            assertEquals(leaf.cert().getPublicKey(), validate(List.of(ROOT.cert()), PEER_ID, leaf.cert()));
        }

        @Test
        void acceptedWithoutKeyUsage() throws Exception {
            Issued leaf = leafWith(null);
            assertEquals(leaf.cert().getPublicKey(), validate(List.of(ROOT.cert()), PEER_ID, leaf.cert()));
        }
    }

    /** RFC 4945 §3.1: the ID payload names the end entity, by the subjectAltName of its type or the subject DN. */
    @Nested
    class Identities {

        private final Issued named = issue(TestCerts.spec().subject("CN=Peer Gateway,O=Example,C=DE")
                .dns("vpn.example.com").dns("alt.example.com").email("alice@example.com").ip("192.0.2.7")
                .ip("2001:db8::7").keyUsage(KeyUsage.digitalSignature), ROOT);

        private PublicKey accepted(Identity id) throws GeneralSecurityException {
            return validate(List.of(ROOT.cert()), id, named.cert());
        }

        private void refused(Identity id) {
            assertEquals("certificate does not match identity " + id, refusal(List.of(ROOT.cert()), id, named.cert()));
        }

        private Identity raw(int type, String s) {
            return new Identity(type, s.getBytes(StandardCharsets.US_ASCII));
        }

        @ParameterizedTest
        @ValueSource(strings = {"vpn.example.com", "alt.example.com", "VPN.Example.COM", "alice@example.com",
                "ALICE@EXAMPLE.COM", "192.0.2.7", "2001:db8::7", "2001:0db8:0:0:0:0:0:7",
                "CN=Peer Gateway,O=Example,C=DE", "cn=peer gateway, o=example, c=de"})
        void matching(String id) throws Exception {
            assertEquals(named.cert().getPublicKey(), accepted(Identity.parse(id)));
        }

        @ParameterizedTest
        @ValueSource(strings = {"other.example.com", "example.com", "vpn.example.com.evil", "*.example.com",
                "bob@example.com", "alice@example.org", "example.com@alice", "192.0.2.8", "2001:db8::8",
                "CN=Peer Gateway,O=Example", "CN=Peer Gateway,O=Example,C=FR", "CN=Other,O=Example,C=DE",
                "keyid:0102030405"})
        void mismatching(String id) {
            refused(Identity.parse(id));
        }

        @Test
        void derDnIsTheSubjectExactly() throws Exception {
            assertEquals(named.cert().getPublicKey(),
                    accepted(new Identity(Identity.DER_ASN1_DN, named.cert().getSubjectX500Principal().getEncoded())));
        }

        /** The CN is not a dNSName: an FQDN only in the subject does not identify the peer. */
        @Test
        void fqdnOnlyInTheCommonName() {
            Issued cnOnly = issue(TestCerts.spec().subject("CN=" + PEER).keyUsage(KeyUsage.digitalSignature), ROOT);
            assertEquals("certificate does not match identity " + PEER,
                    refusal(List.of(ROOT.cert()), PEER_ID, cnOnly.cert()));
        }

        /** Each ID type is compared with its own name form only. */
        @Test
        void nameFormsAreNotInterchangeable() {
            Issued odd = issue(TestCerts.spec().subject("CN=odd").dns("alice@example.com").dns("192.0.2.9")
                    .email("vpn.example.net").keyUsage(KeyUsage.digitalSignature), ROOT);
            for (Identity id : List.of(raw(Identity.RFC822_ADDR, "alice@example.com"), Identity.parse("192.0.2.9"),
                    raw(Identity.FQDN, "vpn.example.net"), raw(Identity.FQDN, "CN=odd"))) {
                assertEquals("certificate does not match identity " + id, refusal(List.of(ROOT.cert()), id, odd.cert()));
            }
        }

        @Test
        void ipv4IdAgainstAnIpv6OnlyCertificate() throws Exception {
            Issued v6 = issue(TestCerts.spec().subject("CN=v6").ip("::ffff:192.0.2.7").ip("2001:db8::7")
                    .keyUsage(KeyUsage.digitalSignature), ROOT);
            Identity id = Identity.parse("192.0.2.70");
            assertEquals("certificate does not match identity " + id, refusal(List.of(ROOT.cert()), id, v6.cert()));
        }

        /** RFC 4945 §3.1.1: ID_IPV4_ADDR is exactly four octets, ID_IPV6_ADDR exactly sixteen. */
        @Test
        void addressIdsOfTheWrongLength() throws Exception {
            byte[] v6 = InetAddress.getByName("2001:db8::7").getAddress();
            byte[] v4 = InetAddress.getByName("192.0.2.7").getAddress();
            byte[] mappedRaw = new byte[16];
            mappedRaw[10] = (byte) 0xff;
            mappedRaw[11] = (byte) 0xff;
            System.arraycopy(v4, 0, mappedRaw, 12, 4);
            for (Identity id : List.of(new Identity(Identity.IPV4_ADDR, v6), new Identity(Identity.IPV6_ADDR, v4),
                    new Identity(Identity.IPV4_ADDR, mappedRaw), new Identity(Identity.IPV4_ADDR, new byte[0]),
                    new Identity(Identity.IPV6_ADDR, new byte[5]))) {
                assertThrows(GeneralSecurityException.class, () -> accepted(id), id.toString());
            }
        }

        @Test
        void certificateWithoutSubjectAltNames() {
            Issued bare = issue(TestCerts.spec().subject("CN=bare").keyUsage(KeyUsage.digitalSignature), ROOT);
            Identity id = Identity.parse("bare");
            assertEquals("certificate does not match identity " + id, refusal(List.of(ROOT.cert()), id, bare.cert()));
        }

        /** The identity checked is the end entity's, never an intermediate's. */
        @Test
        void intermediateNamesDoNotCount() {
            Identity intDn = new Identity(Identity.DER_ASN1_DN, INT.cert().getSubjectX500Principal().getEncoded());
            assertEquals("certificate does not match identity " + intDn,
                    refusal(List.of(ROOT.cert()), intDn, LEAF_VIA_INT.cert(), INT.cert()));
        }

        @ParameterizedTest
        @MethodSource("io.ikebana.ike.auth.CertificateValidatorTest#garbageIds")
        void garbageIdData(Identity id) {
            assertThrows(GeneralSecurityException.class, () -> accepted(id));
        }
    }

    static Stream<Identity> garbageIds() {
        return Stream.of(new Identity(Identity.DER_ASN1_DN, new byte[0]),
                new Identity(Identity.DER_ASN1_DN, new byte[] {0x30, (byte) 0x84, 0x7f, 0, 0, 0}),
                new Identity(Identity.DER_ASN1_DN, "CN=Peer Gateway".getBytes(StandardCharsets.US_ASCII)),
                new Identity(Identity.FQDN, new byte[0]), new Identity(Identity.RFC822_ADDR, new byte[] {(byte) 0xff}),
                new Identity(Identity.IPV4_ADDR, new byte[3]), new Identity(Identity.ANY, new byte[0]),
                new Identity(77, new byte[] {1, 2, 3}));
    }

    /** CERT payload data the peer controls: refused with a GeneralSecurityException, never anything else. */
    @Nested
    class MalformedInput {

        @ParameterizedTest
        @MethodSource("io.ikebana.ike.auth.CertificateValidatorTest#garbageDer")
        void garbageDerIsACertificateException(byte[] der) {
            assertThrows(CertificateException.class, () -> CertificateValidator.parse(List.of(LEAF.cert().getEncoded(),
                    der)));
        }

        @Test
        void garbageAmongValidCertificates() throws Exception {
            List<byte[]> ders = new ArrayList<>();
            ders.add(LEAF_VIA_INT.cert().getEncoded());
            ders.add(new byte[] {0x30, 0x03, 0x02, 0x01, 0x00});
            ders.add(INT.cert().getEncoded());
            assertThrows(CertificateException.class, () -> CertificateValidator.parse(ders));
        }

        @Test
        void randomBytes() {
            Random r = new Random(7296);
            for (int i = 0; i < 2000; i++) {
                byte[] b = new byte[r.nextInt(600)];
                r.nextBytes(b);
                if (b.length > 0 && r.nextBoolean()) {
                    b[0] = 0x30;
                }
                assertThrows(GeneralSecurityException.class, () -> CertificateValidator.parse(List.of(b)));
            }
        }

        @Test
        void everyTruncationOfAValidCertificate() throws Exception {
            byte[] der = LEAF_VIA_INT.cert().getEncoded();
            for (int n = 0; n < der.length; n++) {
                byte[] cut = Arrays.copyOf(der, n);
                assertThrows(CertificateException.class, () -> CertificateValidator.parse(List.of(cut)), "length " + n);
            }
        }

        /** A genuine chain, each intermediate issued by the one above, as the peer sends it (end entity first). */
        private List<X509Certificate> genuineChain(int intermediates) {
            List<X509Certificate> cas = new ArrayList<>();
            Issued issuer = ROOT;
            for (int i = 0; i < intermediates; i++) {
                issuer = TestCerts.intermediate("CN=Level " + i, TestCerts.ec("secp256r1"), issuer);
                cas.add(issuer.cert());
            }
            List<X509Certificate> chain = new ArrayList<>();
            chain.add(TestCerts.leaf(PEER, issuer).cert());
            Collections.reverse(cas);
            chain.addAll(cas);
            return chain;
        }

        @Test
        void longestChainAccepted() throws Exception {
            List<X509Certificate> chain = genuineChain(CertificateValidator.MAX_CHAIN - 1);
            assertEquals(CertificateValidator.MAX_CHAIN, chain.size());
            assertEquals(chain.get(0).getPublicKey(), validator.validate(chain, List.of(ROOT.cert()), PEER_ID));
        }

        @Test
        void absurdlyLongGenuineChain() throws Exception {
            List<X509Certificate> chain = genuineChain(40);
            assertEquals("too many certificates: 41", assertThrows(GeneralSecurityException.class,
                    () -> validator.validate(chain, List.of(ROOT.cert()), PEER_ID)).getMessage());
            List<byte[]> ders = new ArrayList<>();
            for (X509Certificate c : chain) {
                ders.add(c.getEncoded());
            }
            assertEquals("too many certificates: 41", assertThrows(CertificateException.class,
                    () -> CertificateValidator.parse(ders)).getMessage());
        }

        @Test
        void thousandsOfCopiesOfTheIntermediate() throws Exception {
            List<X509Certificate> chain = new ArrayList<>();
            chain.add(LEAF_VIA_INT.cert());
            for (int i = 0; i < 5000; i++) {
                chain.add(INT.cert());
            }
            assertThrows(GeneralSecurityException.class, () -> validator.validate(chain, List.of(ROOT.cert()), PEER_ID));
            List<byte[]> ders = new ArrayList<>();
            for (X509Certificate c : chain) {
                ders.add(c.getEncoded());
            }
            assertThrows(GeneralSecurityException.class, () -> CertificateValidator.parse(ders));
        }

        /** Certificates that issue each other: no endless path building. */
        @Test
        void issuerLoop() {
            Issued a = TestCerts.intermediate("CN=Loop A", TestCerts.ec("secp256r1"), OTHER_ROOT);
            Issued b = TestCerts.intermediate("CN=Loop B", TestCerts.ec("secp256r1"), a);
            Issued aByB = issue(TestCerts.spec().subject("CN=Loop A").keys(a.keys()).ca(true)
                    .keyUsage(KeyUsage.keyCertSign), b);
            Issued leaf = TestCerts.leaf(PEER, b);
            assertThrows(CertPathValidatorException.class,
                    () -> validate(List.of(ROOT.cert()), PEER_ID, leaf.cert(), b.cert(), aByB.cert(), a.cert()));
        }
    }

    static Stream<Arguments> garbageDer() throws Exception {
        byte[] der = LEAF.cert().getEncoded();
        // the largest CERT payload's data: nested indefinite lengths (BER), 32,765 deep
        byte[] nested = new byte[65535 - 5];
        for (int i = 0; i < nested.length; i += 2) {
            nested[i] = 0x30;
            nested[i + 1] = (byte) 0x80;
        }
        byte[] definiteOuter = new byte[nested.length + 4];
        definiteOuter[0] = 0x30;
        definiteOuter[1] = (byte) 0x82;
        definiteOuter[2] = (byte) (nested.length >> 8);
        definiteOuter[3] = (byte) nested.length;
        System.arraycopy(nested, 0, definiteOuter, 4, nested.length);
        byte[] trailingLength = der.clone();
        trailingLength[1] = (byte) 0x84;  // a four-octet length where there is none
        byte[] trailingData = Arrays.copyOf(der, der.length + 3);   // a valid certificate and three more octets
        return Stream.of(new byte[0], new byte[] {0x30}, new byte[] {0x30, 0x00}, new byte[] {0x30, (byte) 0x80},
                new byte[] {0x30, (byte) 0x84, 0x7f, (byte) 0xff, (byte) 0xff, (byte) 0xff, 0x30},
                new byte[] {0x30, (byte) 0x83, (byte) 0xff, (byte) 0xff, (byte) 0xff},
                new byte[] {0x04, 0x03, 1, 2, 3}, trailingLength, trailingData, nested, definiteOuter,
                ("-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n").getBytes(StandardCharsets.US_ASCII),
                Arrays.copyOf(der, der.length / 2)).map(b -> Arguments.of((Object) b));
    }

    /** CERTREQ Certification Authority data: the SHA-1 of each CA's SubjectPublicKeyInfo (RFC 7296 §3.7). */
    @Test
    void certReqDataIsTheSha1OfEachCaSubjectPublicKeyInfo() throws Exception {
        MessageDigest sha1 = MessageDigest.getInstance("SHA-1");
        byte[] expected = new byte[40];
        System.arraycopy(sha1.digest(SubjectPublicKeyInfo.getInstance(ROOT.cert().getPublicKey().getEncoded())
                .getEncoded()), 0, expected, 0, 20);
        System.arraycopy(sha1.digest(SubjectPublicKeyInfo.getInstance(OTHER_ROOT.cert().getPublicKey().getEncoded())
                .getEncoded()), 0, expected, 20, 20);
        assertArrayEquals(expected, CertificateValidator.certReqData(List.of(ROOT.cert(), OTHER_ROOT.cert())));
        assertEquals(0, CertificateValidator.certReqData(List.of()).length);
    }
}
