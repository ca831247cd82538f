package io.ikebana.ike.auth;

import java.math.BigInteger;
import java.net.InetAddress;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * Test certificates made with Bouncy Castle's X509v3 builder (test material only). Every
 * validity is relative to {@link #NOW}, the instant the tests' clocks show.
 */
final class TestCerts {
    static final Instant NOW = Instant.parse("2030-06-01T12:00:00Z");
    private static final AtomicLong SERIAL = new AtomicLong(1000);

    private TestCerts() {
    }

    static KeyPair rsa() {
        return generate("RSA", null, 2048);
    }

    static KeyPair ec(String curve) {
        return generate("EC", curve, 0);
    }

    static KeyPair ed25519() {
        return generate("Ed25519", null, 0);
    }

    private static KeyPair generate(String alg, String curve, int bits) {
        try {
            KeyPairGenerator g = KeyPairGenerator.getInstance(alg);
            if (curve != null) {
                g.initialize(new ECGenParameterSpec(curve));
            } else if (bits > 0) {
                g.initialize(bits);
            }
            return g.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A certificate and its key pair. */
    record Issued(X509Certificate cert, KeyPair keys) {
        PrivateKey privateKey() {
            return keys.getPrivate();
        }
    }

    /** What to put in a certificate; defaults make a valid end entity. */
    static final class Spec {
        String subject = "CN=leaf";
        KeyPair keys;
        Instant notBefore = NOW.minus(Duration.ofDays(30));
        Instant notAfter = NOW.plus(Duration.ofDays(365));
        Boolean ca;                 // null: no basicConstraints extension
        Integer pathLen;
        Integer keyUsage;           // KeyUsage bits, null: no extension
        final List<GeneralName> sans = new ArrayList<>();

        Spec subject(String dn) {
            subject = dn;
            return this;
        }

        Spec keys(KeyPair kp) {
            keys = kp;
            return this;
        }

        Spec validity(Instant from, Instant to) {
            notBefore = from;
            notAfter = to;
            return this;
        }

        Spec ca(boolean isCa) {
            ca = isCa;
            return this;
        }

        Spec pathLen(int n) {
            pathLen = n;
            return this;
        }

        Spec keyUsage(Integer bits) {
            keyUsage = bits;
            return this;
        }

        Spec dns(String name) {
            sans.add(new GeneralName(GeneralName.dNSName, name));
            return this;
        }

        Spec email(String name) {
            sans.add(new GeneralName(GeneralName.rfc822Name, name));
            return this;
        }

        Spec ip(String address) {
            try {
                sans.add(new GeneralName(GeneralName.iPAddress,
                        new org.bouncycastle.asn1.DEROctetString(InetAddress.getByName(address).getAddress())));
            } catch (java.net.UnknownHostException e) {
                throw new IllegalArgumentException(e);
            }
            return this;
        }
    }

    static Spec spec() {
        return new Spec();
    }

    /** A self-signed root CA (basicConstraints CA, keyCertSign). */
    static Issued root(String dn, KeyPair kp) {
        return issue(spec().subject(dn).keys(kp).ca(true).keyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign), null);
    }

    /** An intermediate CA issued by {@code issuer}. */
    static Issued intermediate(String dn, KeyPair kp, Issued issuer) {
        return issue(spec().subject(dn).keys(kp).ca(true).keyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign), issuer);
    }

    /** An end entity for IKE: dNSName {@code dns}, keyUsage digitalSignature, issued by {@code issuer}. */
    static Issued leaf(String dns, Issued issuer) {
        return issue(spec().subject("CN=" + dns).dns(dns).keyUsage(KeyUsage.digitalSignature), issuer);
    }

    /** The DER of {@code cert} with the first occurrence of ASCII {@code from} replaced (same length). */
    static byte[] tamper(X509Certificate cert, String from, String to) {
        try {
            byte[] der = cert.getEncoded();
            byte[] f = from.getBytes(java.nio.charset.StandardCharsets.US_ASCII);
            byte[] t = to.getBytes(java.nio.charset.StandardCharsets.US_ASCII);
            if (f.length != t.length) {
                throw new IllegalArgumentException("lengths differ");
            }
            for (int i = 0; i + f.length <= der.length; i++) {
                if (java.util.Arrays.equals(der, i, i + f.length, f, 0, f.length)) {
                    System.arraycopy(t, 0, der, i, t.length);
                    return der;
                }
            }
            throw new IllegalArgumentException(from + " not in certificate");
        } catch (java.security.cert.CertificateEncodingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Issues {@code s}; {@code issuer} null makes it self-signed. */
    static Issued issue(Spec s, Issued issuer) {
        try {
            KeyPair kp = s.keys != null ? s.keys : ec("secp256r1");
            // as the JDK (and Identity.parse) read the string: RFC 4514 order, the last RDN first
            X500Name subject = X500Name.getInstance(new javax.security.auth.x500.X500Principal(s.subject).getEncoded());
            X500Name issuerName = issuer == null ? subject
                    : X500Name.getInstance(issuer.cert().getSubjectX500Principal().getEncoded());
            PrivateKey signer = issuer == null ? kp.getPrivate() : issuer.privateKey();
            JcaX509v3CertificateBuilder b = new JcaX509v3CertificateBuilder(issuerName,
                    BigInteger.valueOf(SERIAL.incrementAndGet()), Date.from(s.notBefore), Date.from(s.notAfter), subject,
                    kp.getPublic());
            JcaX509ExtensionUtils ext = new JcaX509ExtensionUtils();
            b.addExtension(Extension.subjectKeyIdentifier, false, ext.createSubjectKeyIdentifier(kp.getPublic()));
            if (issuer != null) {
                b.addExtension(Extension.authorityKeyIdentifier, false,
                        ext.createAuthorityKeyIdentifier(issuer.cert().getPublicKey()));
            }
            if (s.ca != null) {
                b.addExtension(Extension.basicConstraints, true,
                        s.ca && s.pathLen != null ? new BasicConstraints(s.pathLen) : new BasicConstraints(s.ca));
            }
            if (s.keyUsage != null) {
                b.addExtension(Extension.keyUsage, true, new KeyUsage(s.keyUsage));
            }
            if (!s.sans.isEmpty()) {
                b.addExtension(Extension.subjectAlternativeName, false,
                        new GeneralNames(s.sans.toArray(new GeneralName[0])));
            }
            X509Certificate cert = new JcaX509CertificateConverter().getCertificate(
                    b.build(new JcaContentSignerBuilder(signatureAlgorithm(signer)).build(signer)));
            return new Issued(cert, kp);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static String signatureAlgorithm(PrivateKey k) {
        switch (k.getAlgorithm()) {
            case "RSA": return "SHA256withRSA";
            case "EC": return "SHA256withECDSA";
            default: return "Ed25519";
        }
    }
}
