package io.ikebana.ike.auth;

import io.ikebana.ike.Identity;
import java.io.ByteArrayInputStream;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.PublicKey;
import java.security.cert.CertPath;
import java.security.cert.CertPathValidator;
import java.security.cert.CertificateFactory;
import java.security.cert.PKIXParameters;
import java.security.cert.TrustAnchor;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Date;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Validates a peer's certificate chain (CERT payloads, end entity first) against configured
 * CAs with PKIX and checks that the certificate names the peer's IKE identity (RFC 4945 §3.1).
 */
public final class CertificateValidator {
    private final Clock clock;

    public CertificateValidator(Clock clock) {
        this.clock = clock;
    }

    public static List<X509Certificate> parse(List<byte[]> ders) throws GeneralSecurityException {
        CertificateFactory cf = CertificateFactory.getInstance("X.509");
        List<X509Certificate> out = new ArrayList<>();
        for (byte[] d : ders) {
            out.add((X509Certificate) cf.generateCertificate(new ByteArrayInputStream(d)));
        }
        return out;
    }

    /** Returns the end entity's public key, or throws when the chain or the identity is wrong. */
    public PublicKey validate(List<X509Certificate> chain, Collection<X509Certificate> trusted, Identity id)
            throws GeneralSecurityException {
        if (chain.isEmpty()) {
            throw new GeneralSecurityException("no certificate");
        }
        if (trusted.isEmpty()) {
            throw new GeneralSecurityException("no trusted CA configured");
        }
        Set<TrustAnchor> anchors = new HashSet<>();
        for (X509Certificate ca : trusted) {
            anchors.add(new TrustAnchor(ca, null));
        }
        List<X509Certificate> path = new ArrayList<>();
        for (X509Certificate c : chain) {
            if (!trusted.contains(c)) {
                path.add(c);
            }
        }
        CertPath cp = CertificateFactory.getInstance("X.509").generateCertPath(path);
        PKIXParameters params = new PKIXParameters(anchors);
        params.setRevocationEnabled(false);
        params.setDate(Date.from(clock.instant()));
        CertPathValidator.getInstance("PKIX").validate(cp, params);
        X509Certificate ee = chain.get(0);
        if (!matchesIdentity(ee, id)) {
            throw new GeneralSecurityException("certificate does not match identity " + id);
        }
        return ee.getPublicKey();
    }

    /** RFC 4945 §3.1: the ID is the subject DN or one of the subjectAltNames. */
    static boolean matchesIdentity(X509Certificate cert, Identity id) throws GeneralSecurityException {
        if (id.type() == Identity.DER_ASN1_DN) {
            return Arrays.equals(cert.getSubjectX500Principal().getEncoded(), id.data())
                    || cert.getSubjectX500Principal().equals(new javax.security.auth.x500.X500Principal(id.data()));
        }
        Collection<List<?>> sans = cert.getSubjectAlternativeNames();
        if (sans == null) {
            return false;
        }
        for (List<?> san : sans) {
            int kind = (Integer) san.get(0);
            Object v = san.get(1);
            switch (id.type()) {
                case Identity.FQDN:
                    if (kind == 2 && ((String) v).equalsIgnoreCase(new String(id.data(), StandardCharsets.US_ASCII))) {
                        return true;
                    }
                    break;
                case Identity.RFC822_ADDR:
                    if (kind == 1 && ((String) v).toLowerCase(Locale.ROOT)
                            .equals(new String(id.data(), StandardCharsets.US_ASCII).toLowerCase(Locale.ROOT))) {
                        return true;
                    }
                    break;
                case Identity.IPV4_ADDR:
                case Identity.IPV6_ADDR:
                    try {
                        if (kind == 7 && InetAddress.getByName((String) v).equals(InetAddress.getByAddress(id.data()))) {
                            return true;
                        }
                    } catch (java.net.UnknownHostException e) {
                        return false;
                    }
                    break;
                default:
                    break;
            }
        }
        return false;
    }

    /** CERTREQ data: SHA-1 hashes of the CAs' SubjectPublicKeyInfo (RFC 7296 §3.7). */
    public static byte[] certReqData(Collection<X509Certificate> cas) throws GeneralSecurityException {
        MessageDigest sha1 = MessageDigest.getInstance("SHA-1");
        byte[] out = new byte[cas.size() * 20];
        int i = 0;
        for (X509Certificate c : cas) {
            System.arraycopy(sha1.digest(c.getPublicKey().getEncoded()), 0, out, i, 20);
            i += 20;
        }
        return out;
    }
}
