package io.ikebana.ike.auth;

import io.ikebana.wire.payload.AuthPayload;
import java.io.IOException;
import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;
import java.security.interfaces.ECKey;
import java.security.interfaces.RSAKey;
import java.security.spec.MGF1ParameterSpec;
import java.security.spec.PSSParameterSpec;
import java.util.Arrays;
import java.util.Set;
import org.bouncycastle.asn1.ASN1Encodable;
import org.bouncycastle.asn1.ASN1EncodableVector;
import org.bouncycastle.asn1.ASN1Integer;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.ASN1Primitive;
import org.bouncycastle.asn1.ASN1Sequence;
import org.bouncycastle.asn1.DERNull;
import org.bouncycastle.asn1.DERSequence;
import org.bouncycastle.asn1.edec.EdECObjectIdentifiers;
import org.bouncycastle.asn1.nist.NISTObjectIdentifiers;
import org.bouncycastle.asn1.pkcs.PKCSObjectIdentifiers;
import org.bouncycastle.asn1.pkcs.RSASSAPSSparams;
import org.bouncycastle.asn1.x509.AlgorithmIdentifier;
import org.bouncycastle.asn1.x9.X9ObjectIdentifiers;

/**
 * Signature authentication: RFC 7427 Digital Signature (method 14) with an AlgorithmIdentifier,
 * and the legacy methods RSA (1) and ECDSA (9, 10, 11; RFC 4754 r|s format) for peers that did
 * not send SIGNATURE_HASH_ALGORITHMS.
 */
public final class SignatureAuth {

    /** Hash algorithm identifiers of SIGNATURE_HASH_ALGORITHMS (RFC 7427 §7, RFC 8420). */
    public static final int HASH_SHA1 = 1;
    public static final int HASH_SHA256 = 2;
    public static final int HASH_SHA384 = 3;
    public static final int HASH_SHA512 = 4;
    public static final int HASH_IDENTITY = 5;

    /** What we announce: SHA-2 and Identity (for Ed25519). */
    public static final int[] SUPPORTED_HASHES = {HASH_SHA256, HASH_SHA384, HASH_SHA512, HASH_IDENTITY};

    private SignatureAuth() {
    }

    public static byte[] hashAlgorithmsNotifyData() {
        byte[] out = new byte[SUPPORTED_HASHES.length * 2];
        for (int i = 0; i < SUPPORTED_HASHES.length; i++) {
            out[2 * i + 1] = (byte) SUPPORTED_HASHES[i];
        }
        return out;
    }

    /**
     * Signs {@code octets}. With {@code peerHashes} non-null (the peer sent
     * SIGNATURE_HASH_ALGORITHMS) RFC 7427 method 14 is used with a hash the peer announced
     * (RFC 7427 §4); otherwise the legacy method for the key type.
     */
    public static AuthPayload sign(PrivateKey key, byte[] octets, Set<Integer> peerHashes, boolean rsaPss)
            throws GeneralSecurityException {
        String alg = key.getAlgorithm();
        if (peerHashes != null) {
            if (alg.equals("Ed25519") || alg.equals("EdDSA")) {
                require(peerHashes, HASH_IDENTITY);
                byte[] sig = sign("Ed25519", null, key, octets);
                return digitalSignature(new AlgorithmIdentifier(EdECObjectIdentifiers.id_Ed25519), sig);
            }
            int hash = pickHash(key, peerHashes);
            String h = hashName(hash);
            if (alg.equals("EC")) {
                byte[] sig = sign(h.replace("-", "") + "withECDSA", null, key, octets);
                return digitalSignature(new AlgorithmIdentifier(ecdsaOid(hash)), sig);
            }
            if (rsaPss) {
                PSSParameterSpec spec = pss(h);
                byte[] sig = sign("RSASSA-PSS", spec, key, octets);
                return digitalSignature(pssIdentifier(hash), sig);
            }
            byte[] sig = sign(h.replace("-", "") + "withRSA", null, key, octets);
            return digitalSignature(new AlgorithmIdentifier(rsaOid(hash), DERNull.INSTANCE), sig);
        }
        if (alg.equals("EC")) {
            int bits = ((ECKey) key).getParams().getCurve().getField().getFieldSize();
            int method = bits <= 256 ? AuthPayload.ECDSA_256 : bits <= 384 ? AuthPayload.ECDSA_384 : AuthPayload.ECDSA_521;
            String sigAlg = bits <= 256 ? "SHA256withECDSA" : bits <= 384 ? "SHA384withECDSA" : "SHA512withECDSA";
            byte[] der = sign(sigAlg, null, key, octets);
            return new AuthPayload(method, derToRaw(der, (bits + 7) / 8));
        }
        if (alg.equals("RSA")) {
            // RFC 7296 §3.8: method 1 is RSASSA-PKCS1-v1_5 with SHA-1
            return new AuthPayload(AuthPayload.RSA, sign("SHA1withRSA", null, key, octets));
        }
        throw new GeneralSecurityException(alg + " keys need RFC 7427 signature authentication");
    }

    /** Verifies an AUTH payload made with a signature method. */
    public static boolean verify(PublicKey key, AuthPayload auth, byte[] octets) {
        try {
            switch (auth.method()) {
                case AuthPayload.DIGITAL_SIGNATURE:
                    return verifyDigitalSignature(key, auth.data(), octets);
                case AuthPayload.RSA:
                    return key.getAlgorithm().equals("RSA") && verify("SHA1withRSA", null, key, octets, auth.data());
                case AuthPayload.ECDSA_256:
                    return verifyEcdsaRaw(key, "SHA256withECDSA", 32, auth.data(), octets);
                case AuthPayload.ECDSA_384:
                    return verifyEcdsaRaw(key, "SHA384withECDSA", 48, auth.data(), octets);
                case AuthPayload.ECDSA_521:
                    return verifyEcdsaRaw(key, "SHA512withECDSA", 66, auth.data(), octets);
                default:
                    return false;
            }
        } catch (GeneralSecurityException | RuntimeException e) {
            return false;
        }
    }

    private static boolean verifyDigitalSignature(PublicKey key, byte[] data, byte[] octets)
            throws GeneralSecurityException {
        // RFC 7427 §3: ASN.1 Length (1 octet) | AlgorithmIdentifier | Signature Value
        int len = data[0] & 0xff;
        if (len == 0 || data.length < 1 + len + 1) {
            return false;
        }
        AlgorithmIdentifier ai;
        try {
            ASN1Primitive p = ASN1Primitive.fromByteArray(Arrays.copyOfRange(data, 1, 1 + len));
            ai = AlgorithmIdentifier.getInstance(p);
        } catch (IOException | IllegalArgumentException e) {
            return false;
        }
        byte[] sig = Arrays.copyOfRange(data, 1 + len, data.length);
        ASN1ObjectIdentifier oid = ai.getAlgorithm();
        String keyAlg = key.getAlgorithm();
        if (oid.equals(EdECObjectIdentifiers.id_Ed25519)) {
            return (keyAlg.equals("Ed25519") || keyAlg.equals("EdDSA")) && verify("Ed25519", null, key, octets, sig);
        }
        if (oid.equals(X9ObjectIdentifiers.ecdsa_with_SHA256)) {
            return keyAlg.equals("EC") && verify("SHA256withECDSA", null, key, octets, sig);
        }
        if (oid.equals(X9ObjectIdentifiers.ecdsa_with_SHA384)) {
            return keyAlg.equals("EC") && verify("SHA384withECDSA", null, key, octets, sig);
        }
        if (oid.equals(X9ObjectIdentifiers.ecdsa_with_SHA512)) {
            return keyAlg.equals("EC") && verify("SHA512withECDSA", null, key, octets, sig);
        }
        if (!keyAlg.equals("RSA") && !keyAlg.equals("RSASSA-PSS")) {
            return false;
        }
        if (oid.equals(PKCSObjectIdentifiers.sha256WithRSAEncryption)) {
            return verify("SHA256withRSA", null, key, octets, sig);
        }
        if (oid.equals(PKCSObjectIdentifiers.sha384WithRSAEncryption)) {
            return verify("SHA384withRSA", null, key, octets, sig);
        }
        if (oid.equals(PKCSObjectIdentifiers.sha512WithRSAEncryption)) {
            return verify("SHA512withRSA", null, key, octets, sig);
        }
        if (oid.equals(PKCSObjectIdentifiers.id_RSASSA_PSS)) {
            RSASSAPSSparams params = RSASSAPSSparams.getInstance(ai.getParameters());
            String h = hashNameByOid(params.getHashAlgorithm().getAlgorithm());
            if (h == null) {
                return false;
            }
            PSSParameterSpec spec = new PSSParameterSpec(h, "MGF1", new MGF1ParameterSpec(h),
                    params.getSaltLength().intValueExact(), 1);
            return verify("RSASSA-PSS", spec, key, octets, sig);
        }
        return false;
    }

    private static boolean verifyEcdsaRaw(PublicKey key, String alg, int size, byte[] raw, byte[] octets)
            throws GeneralSecurityException {
        // RFC 4754 §7: r | s, each left-padded to the curve size
        if (!key.getAlgorithm().equals("EC") || raw.length != 2 * size) {
            return false;
        }
        BigInteger r = new BigInteger(1, Arrays.copyOfRange(raw, 0, size));
        BigInteger s = new BigInteger(1, Arrays.copyOfRange(raw, size, raw.length));
        ASN1EncodableVector v = new ASN1EncodableVector();
        v.add(new ASN1Integer(r));
        v.add(new ASN1Integer(s));
        try {
            return verify(alg, null, key, octets, new DERSequence(v).getEncoded());
        } catch (IOException e) {
            return false;
        }
    }

    private static byte[] sign(String alg, PSSParameterSpec spec, PrivateKey key, byte[] data)
            throws GeneralSecurityException {
        Signature s = Signature.getInstance(alg);
        if (spec != null) {
            s.setParameter(spec);
        }
        s.initSign(key);
        s.update(data);
        return s.sign();
    }

    private static boolean verify(String alg, PSSParameterSpec spec, PublicKey key, byte[] data, byte[] sig)
            throws GeneralSecurityException {
        Signature s = Signature.getInstance(alg);
        if (spec != null) {
            s.setParameter(spec);
        }
        s.initVerify(key);
        s.update(data);
        return s.verify(sig);
    }

    private static AuthPayload digitalSignature(AlgorithmIdentifier ai, byte[] sig) throws GeneralSecurityException {
        byte[] der;
        try {
            der = ai.getEncoded("DER");
        } catch (IOException e) {
            throw new GeneralSecurityException(e);
        }
        byte[] out = new byte[1 + der.length + sig.length];
        out[0] = (byte) der.length;
        System.arraycopy(der, 0, out, 1, der.length);
        System.arraycopy(sig, 0, out, 1 + der.length, sig.length);
        return new AuthPayload(AuthPayload.DIGITAL_SIGNATURE, out);
    }

    private static int pickHash(PrivateKey key, Set<Integer> peer) throws GeneralSecurityException {
        int[] order = {HASH_SHA256, HASH_SHA384, HASH_SHA512};
        if (key instanceof ECKey ec) {
            int bits = ec.getParams().getCurve().getField().getFieldSize();
            order = bits > 384 ? new int[] {HASH_SHA512, HASH_SHA384, HASH_SHA256}
                    : bits > 256 ? new int[] {HASH_SHA384, HASH_SHA512, HASH_SHA256} : order;
        } else if (!(key instanceof RSAKey)) {
            throw new GeneralSecurityException("unsupported key " + key.getAlgorithm());
        }
        for (int h : order) {
            if (peer.contains(h)) {
                return h;
            }
        }
        throw new GeneralSecurityException("no common signature hash algorithm");
    }

    private static void require(Set<Integer> peer, int hash) throws GeneralSecurityException {
        if (!peer.contains(hash)) {
            throw new GeneralSecurityException("peer does not accept hash " + hash);
        }
    }

    private static String hashName(int hash) {
        switch (hash) {
            case HASH_SHA384: return "SHA-384";
            case HASH_SHA512: return "SHA-512";
            default: return "SHA-256";
        }
    }

    private static String hashNameByOid(ASN1ObjectIdentifier oid) {
        if (oid.equals(NISTObjectIdentifiers.id_sha256)) {
            return "SHA-256";
        }
        if (oid.equals(NISTObjectIdentifiers.id_sha384)) {
            return "SHA-384";
        }
        if (oid.equals(NISTObjectIdentifiers.id_sha512)) {
            return "SHA-512";
        }
        return null;
    }

    private static ASN1ObjectIdentifier ecdsaOid(int hash) {
        return hash == HASH_SHA384 ? X9ObjectIdentifiers.ecdsa_with_SHA384
                : hash == HASH_SHA512 ? X9ObjectIdentifiers.ecdsa_with_SHA512 : X9ObjectIdentifiers.ecdsa_with_SHA256;
    }

    private static ASN1ObjectIdentifier rsaOid(int hash) {
        return hash == HASH_SHA384 ? PKCSObjectIdentifiers.sha384WithRSAEncryption
                : hash == HASH_SHA512 ? PKCSObjectIdentifiers.sha512WithRSAEncryption
                : PKCSObjectIdentifiers.sha256WithRSAEncryption;
    }

    private static PSSParameterSpec pss(String h) {
        int salt = h.equals("SHA-512") ? 64 : h.equals("SHA-384") ? 48 : 32;
        return new PSSParameterSpec(h, "MGF1", new MGF1ParameterSpec(h), salt, 1);
    }

    private static AlgorithmIdentifier pssIdentifier(int hash) {
        ASN1ObjectIdentifier h = hash == HASH_SHA384 ? NISTObjectIdentifiers.id_sha384
                : hash == HASH_SHA512 ? NISTObjectIdentifiers.id_sha512 : NISTObjectIdentifiers.id_sha256;
        int salt = hash == HASH_SHA512 ? 64 : hash == HASH_SHA384 ? 48 : 32;
        AlgorithmIdentifier hashAi = new AlgorithmIdentifier(h, DERNull.INSTANCE);
        AlgorithmIdentifier mgf = new AlgorithmIdentifier(PKCSObjectIdentifiers.id_mgf1, hashAi);
        RSASSAPSSparams params = new RSASSAPSSparams(hashAi, mgf, new ASN1Integer(salt), new ASN1Integer(1));
        return new AlgorithmIdentifier(PKCSObjectIdentifiers.id_RSASSA_PSS, params);
    }

    private static byte[] derToRaw(byte[] der, int size) throws GeneralSecurityException {
        try {
            ASN1Sequence seq = ASN1Sequence.getInstance(der);
            byte[] out = new byte[2 * size];
            int i = 0;
            for (ASN1Encodable e : seq) {
                byte[] v = org.bouncycastle.util.BigIntegers.asUnsignedByteArray(size,
                        ASN1Integer.getInstance(e).getValue());
                System.arraycopy(v, 0, out, i * size, size);
                i++;
            }
            return out;
        } catch (IllegalArgumentException e) {
            throw new GeneralSecurityException(e);
        }
    }
}
