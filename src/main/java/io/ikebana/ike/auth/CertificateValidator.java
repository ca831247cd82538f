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
import java.security.cert.CertPathValidatorException;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.PKIXParameters;
import java.security.cert.PKIXReason;
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
import javax.security.auth.x500.X500Principal;

/**
 * Validates a peer's certificate chain (CERT payloads, end entity first, the others in any order:
 * RFC 7296 §3.6) against configured CAs with PKIX and checks that the certificate may sign
 * (RFC 4945 §5.1.3.2) and names the peer's IKE identity (RFC 4945 §3.1). Only configured CAs are
 * trust anchors: a CA certificate the peer sends is at most an intermediate.
 */
public final class CertificateValidator {
    /** At most this many certificates in a chain (RFC 7296 §3.6 asks for four). */
    public static final int MAX_CHAIN = 10;

    private final Clock clock;

    public CertificateValidator(Clock clock) {
        this.clock = clock;
    }

    public static List<X509Certificate> parse(List<byte[]> ders) throws GeneralSecurityException {
        if (ders.size() > MAX_CHAIN) {
            throw new CertificateException("too many certificates: " + ders.size());
        }
        CertificateFactory cf = CertificateFactory.getInstance("X.509");
        List<X509Certificate> out = new ArrayList<>();
        for (byte[] d : ders) {
            requireDer(d);
            out.add((X509Certificate) cf.generateCertificate(new ByteArrayInputStream(d)));
        }
        return out;
    }

    /**
     * RFC 7296 §3.6: one DER certificate, a SEQUENCE whose definite length spans the data exactly.
     * The JDK's parser accepts BER and turns indefinite lengths into definite ones recursively: a
     * few tens of kilobytes of nested indefinite lengths would overflow the stack.
     */
    private static void requireDer(byte[] d) throws CertificateException {
        if (d.length < 2 || d[0] != 0x30) {
            throw new CertificateException("not a DER certificate");
        }
        int first = d[1] & 0xff;
        int header = 2;
        long length = first;
        if (first >= 0x80) {
            int n = first & 0x7f;
            if (n == 0 || n > 4 || d.length < 2 + n) {
                throw new CertificateException("not a DER certificate length");
            }
            length = 0;
            for (int i = 0; i < n; i++) {
                length = length << 8 | (d[2 + i] & 0xff);
            }
            header += n;
        }
        if (header + length != d.length) {
            throw new CertificateException("certificate length " + length + " in " + d.length + " octets");
        }
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
        if (chain.size() > MAX_CHAIN) {
            throw new GeneralSecurityException("too many certificates: " + chain.size());
        }
        Set<TrustAnchor> anchors = new HashSet<>();
        for (X509Certificate ca : trusted) {
            anchors.add(new TrustAnchor(ca, null));
        }
        CertPath cp = CertificateFactory.getInstance("X.509").generateCertPath(path(chain, trusted));
        PKIXParameters params = new PKIXParameters(anchors);
        params.setRevocationEnabled(false);
        params.setDate(Date.from(clock.instant()));
        CertPathValidator.getInstance("PKIX").validate(cp, params);
        X509Certificate ee = chain.get(0);
        boolean[] ku = ee.getKeyUsage();
        if (ku != null && !(ku.length > 0 && ku[0]) && !(ku.length > 1 && ku[1])) {
            throw new CertPathValidatorException("keyUsage allows neither digitalSignature nor nonRepudiation", null,
                    cp, 0, PKIXReason.INVALID_KEY_USAGE);
        }
        if (!matchesIdentity(ee, id)) {
            throw new GeneralSecurityException("certificate does not match identity " + id);
        }
        return ee.getPublicKey();
    }

    /**
     * The path PKIX validates, end entity first: from {@code chain[0]}, each next certificate is
     * one the peer sent whose subject is the previous one's issuer, until a configured CA is the
     * issuer (or none is found). Configured CAs the peer sent are left out; so is what does not
     * chain.
     */
    private static List<X509Certificate> path(List<X509Certificate> chain, Collection<X509Certificate> trusted) {
        Set<X500Principal> anchorNames = new HashSet<>();
        for (X509Certificate ca : trusted) {
            anchorNames.add(ca.getSubjectX500Principal());
        }
        List<X509Certificate> rest = new ArrayList<>(chain.subList(1, chain.size()));
        rest.removeAll(trusted);
        List<X509Certificate> path = new ArrayList<>();
        X509Certificate c = chain.get(0);
        while (c != null) {
            path.add(c);
            X500Principal issuer = c.getIssuerX500Principal();
            if (anchorNames.contains(issuer) || issuer.equals(c.getSubjectX500Principal())) {
                break;
            }
            X509Certificate next = null;
            for (X509Certificate r : rest) {
                if (r.getSubjectX500Principal().equals(issuer)) {
                    next = r;
                    break;
                }
            }
            rest.remove(next);
            c = next;
        }
        return path;
    }

    /** RFC 4945 §3.1: the ID is the subject DN or one of the subjectAltNames. */
    static boolean matchesIdentity(X509Certificate cert, Identity id) throws GeneralSecurityException {
        if (id.type() == Identity.DER_ASN1_DN) {
            if (Arrays.equals(cert.getSubjectX500Principal().getEncoded(), id.data())) {
                return true;
            }
            try {
                return cert.getSubjectX500Principal().equals(new X500Principal(id.data()));
            } catch (IllegalArgumentException e) {
                return false;   // not a DER Name
            }
        }
        if ((id.type() == Identity.IPV4_ADDR && id.data().length != 4)
                || (id.type() == Identity.IPV6_ADDR && id.data().length != 16)) {
            return false;   // RFC 4945 §3.1.1: exactly four or sixteen octets
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
