package io.ikebana.ike;

import io.ikebana.crypto.PrfAlgorithm;
import io.ikebana.ike.auth.CertificateValidator;
import io.ikebana.ike.auth.SignatureAuth;
import io.ikebana.metrics.IkeMetrics;
import io.ikebana.policy.AuthMethod;
import io.ikebana.policy.LocalCredentials;
import io.ikebana.policy.PeerPolicy;
import io.ikebana.wire.payload.AuthPayload;
import io.ikebana.wire.payload.CertPayload;
import io.ikebana.wire.payload.IdPayload;
import io.ikebana.wire.payload.Payload;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.PublicKey;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/** Building and checking AUTH payloads for either role (RFC 7296 §2.15, RFC 7427). */
final class Authentication {

    private Authentication() {
    }

    /**
     * Checks the peer's AUTH over {@code realMessage | nonce | prf(SK_p, ID')}. Returns null when
     * it verifies, else the failure for the counter.
     */
    static IkeMetrics.AuthFailure verify(IkeEngine engine, PeerPolicy peer, Identity remoteId, IdPayload id,
            AuthPayload auth, List<CertPayload> certs, byte[] realMessage, byte[] nonce, PrfAlgorithm prf, byte[] skP) {
        byte[] octets = io.ikebana.ike.auth.SignedOctets.of(realMessage, nonce, prf, skP, id.body());
        if (peer.remoteAuth() == AuthMethod.PSK) {
            if (auth.method() != AuthPayload.PSK || peer.psk() == null) {
                return IkeMetrics.AuthFailure.UNSUPPORTED_METHOD;
            }
            byte[] expected = io.ikebana.ike.auth.SignedOctets.psk(prf, peer.psk().bytes(), octets);
            return MessageDigest.isEqual(expected, auth.data()) ? null : IkeMetrics.AuthFailure.BAD_AUTH;
        }
        if (auth.method() == AuthPayload.PSK) {
            return IkeMetrics.AuthFailure.UNSUPPORTED_METHOD;
        }
        PublicKey key;
        try {
            List<byte[]> ders = new ArrayList<>();
            for (CertPayload c : certs) {
                if (c.encoding() == CertPayload.X509_SIGNATURE) {
                    ders.add(c.data());
                }
            }
            List<X509Certificate> chain = CertificateValidator.parse(ders);
            key = engine.certificates().validate(chain, peer.trustedCas(), remoteId);
        } catch (GeneralSecurityException | RuntimeException e) {
            return IkeMetrics.AuthFailure.BAD_CERTIFICATE;
        }
        return SignatureAuth.verify(key, auth, octets) ? null : IkeMetrics.AuthFailure.BAD_AUTH;
    }

    /** Our CERT payloads (for certificate authentication) followed by our AUTH. */
    static List<Payload> build(IkeEngine engine, PeerPolicy peer, IdPayload ourId, byte[] realMessage, byte[] nonce,
            PrfAlgorithm prf, byte[] skP, Set<Integer> peerHashes) throws GeneralSecurityException {
        LocalCredentials local = engine.config().local();
        byte[] octets = io.ikebana.ike.auth.SignedOctets.of(realMessage, nonce, prf, skP, ourId.body());
        List<Payload> out = new ArrayList<>();
        if (peer.localAuth() == AuthMethod.PSK) {
            if (peer.psk() == null) {
                throw new GeneralSecurityException("no PSK for peer " + peer.name());
            }
            out.add(new AuthPayload(AuthPayload.PSK, io.ikebana.ike.auth.SignedOctets.psk(prf, peer.psk().bytes(), octets)));
            return out;
        }
        if (local.privateKey() == null) {
            throw new GeneralSecurityException("no private key configured for certificate authentication");
        }
        for (X509Certificate c : local.chain()) {
            out.add(new CertPayload(CertPayload.X509_SIGNATURE, c.getEncoded()));
        }
        out.add(SignatureAuth.sign(local.privateKey(), octets, peerHashes, engine.config().features().rsaPss()));
        return out;
    }

    static IdPayload idPayload(Identity id, boolean initiator) {
        return new IdPayload(initiator, id.type(), id.data());
    }
}
