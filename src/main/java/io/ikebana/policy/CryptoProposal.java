package io.ikebana.policy;

import io.ikebana.crypto.DhGroup;
import io.ikebana.crypto.EncrAlgorithm;
import io.ikebana.crypto.IntegAlgorithm;
import io.ikebana.crypto.PrfAlgorithm;
import io.ikebana.wire.payload.Proposal;
import io.ikebana.wire.payload.Transform;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A configured proposal in strongSwan notation ({@code aes256gcm16-prfsha256-x25519},
 * {@code aes128-sha256-ecp256}, {@code aes128gcm16-esn}): the acceptable algorithms of each
 * transform type, in order of preference.
 */
public record CryptoProposal(String text, List<Encr> encr, List<IntegAlgorithm> integ, List<PrfAlgorithm> prf,
        List<DhGroup> dh, List<Boolean> esn) {

    public record Encr(EncrAlgorithm alg, int keyBits) {
    }

    /** Parses one proposal; {@code esp} selects ESP rules (no PRF, ESN defaults to off). */
    public static CryptoProposal parse(String text, boolean esp) {
        List<Encr> encr = new ArrayList<>();
        List<IntegAlgorithm> integ = new ArrayList<>();
        List<PrfAlgorithm> prf = new ArrayList<>();
        List<DhGroup> dh = new ArrayList<>();
        List<Boolean> esn = new ArrayList<>();
        for (String raw : text.toLowerCase(Locale.ROOT).split("-")) {
            String t = raw.trim();
            switch (t) {
                case "aes128": encr.add(new Encr(EncrAlgorithm.AES_CBC, 128)); break;
                case "aes192": encr.add(new Encr(EncrAlgorithm.AES_CBC, 192)); break;
                case "aes256": encr.add(new Encr(EncrAlgorithm.AES_CBC, 256)); break;
                case "aes128gcm16": case "aes128gcm128": encr.add(new Encr(EncrAlgorithm.AES_GCM_16, 128)); break;
                case "aes192gcm16": case "aes192gcm128": encr.add(new Encr(EncrAlgorithm.AES_GCM_16, 192)); break;
                case "aes256gcm16": case "aes256gcm128": encr.add(new Encr(EncrAlgorithm.AES_GCM_16, 256)); break;
                case "sha256": case "sha2_256": integ.add(IntegAlgorithm.HMAC_SHA2_256_128); break;
                case "sha384": case "sha2_384": integ.add(IntegAlgorithm.HMAC_SHA2_384_192); break;
                case "sha512": case "sha2_512": integ.add(IntegAlgorithm.HMAC_SHA2_512_256); break;
                case "prfsha256": prf.add(PrfAlgorithm.HMAC_SHA2_256); break;
                case "prfsha384": prf.add(PrfAlgorithm.HMAC_SHA2_384); break;
                case "prfsha512": prf.add(PrfAlgorithm.HMAC_SHA2_512); break;
                case "modp2048": dh.add(DhGroup.MODP_2048); break;
                case "modp3072": dh.add(DhGroup.MODP_3072); break;
                case "ecp256": dh.add(DhGroup.ECP_256); break;
                case "ecp384": dh.add(DhGroup.ECP_384); break;
                case "ecp521": dh.add(DhGroup.ECP_521); break;
                case "x25519": case "curve25519": dh.add(DhGroup.CURVE25519); break;
                case "esn": esn.add(true); break;
                case "noesn": esn.add(false); break;
                default: throw new IllegalArgumentException("unknown algorithm '" + t + "' in proposal '" + text + "'");
            }
        }
        if (encr.isEmpty()) {
            throw new IllegalArgumentException("proposal '" + text + "' has no encryption algorithm");
        }
        boolean aead = encr.get(0).alg().aead();
        for (Encr e : encr) {
            if (e.alg().aead() != aead) {
                // RFC 7296 §3.3: AEAD and non-AEAD algorithms go into separate proposals
                throw new IllegalArgumentException("proposal '" + text + "' mixes AEAD and non-AEAD ciphers");
            }
        }
        if (aead && !integ.isEmpty()) {
            throw new IllegalArgumentException("proposal '" + text + "' has an integrity algorithm with AEAD");
        }
        if (!aead && integ.isEmpty()) {
            throw new IllegalArgumentException("proposal '" + text + "' needs an integrity algorithm");
        }
        if (esp) {
            if (!prf.isEmpty()) {
                throw new IllegalArgumentException("ESP proposal '" + text + "' cannot have a PRF");
            }
            if (esn.isEmpty()) {
                esn.add(false);
            }
        } else {
            if (prf.isEmpty()) {
                // strongSwan derives the PRF from the integrity algorithm when none is given
                for (IntegAlgorithm i : integ) {
                    prf.add(i == IntegAlgorithm.HMAC_SHA2_384_192 ? PrfAlgorithm.HMAC_SHA2_384
                            : i == IntegAlgorithm.HMAC_SHA2_512_256 ? PrfAlgorithm.HMAC_SHA2_512
                            : PrfAlgorithm.HMAC_SHA2_256);
                }
            }
            if (prf.isEmpty()) {
                throw new IllegalArgumentException("IKE proposal '" + text + "' needs a PRF (prfsha256 ...)");
            }
            if (dh.isEmpty()) {
                throw new IllegalArgumentException("IKE proposal '" + text + "' needs a key exchange group");
            }
            if (!esn.isEmpty()) {
                throw new IllegalArgumentException("IKE proposal '" + text + "' cannot have ESN");
            }
        }
        return new CryptoProposal(text, List.copyOf(encr), List.copyOf(integ), List.copyOf(prf), List.copyOf(dh),
                List.copyOf(esn));
    }

    public boolean aead() {
        return encr.get(0).alg().aead();
    }

    /** The wire form of this proposal (RFC 7296 §3.3.1) with the given number, protocol and SPI. */
    public Proposal toWire(int number, int protocol, byte[] spi) {
        List<Transform> ts = new ArrayList<>();
        for (Encr e : encr) {
            ts.add(new Transform(Transform.ENCR, e.alg().id(), e.keyBits()));
        }
        for (PrfAlgorithm p : prf) {
            ts.add(new Transform(Transform.PRF, p.id()));
        }
        for (IntegAlgorithm i : integ) {
            ts.add(new Transform(Transform.INTEG, i.id()));
        }
        for (DhGroup g : dh) {
            ts.add(new Transform(Transform.KE, g.id()));
        }
        for (Boolean b : esn) {
            ts.add(new Transform(Transform.ESN, b ? 1 : 0));
        }
        return new Proposal(number, protocol, spi, ts);
    }

    /** Same proposal with its key exchange groups reordered so that {@code first} leads. */
    public CryptoProposal preferring(DhGroup first) {
        if (!dh.contains(first)) {
            return this;
        }
        List<DhGroup> order = new ArrayList<>();
        order.add(first);
        for (DhGroup g : dh) {
            if (g != first) {
                order.add(g);
            }
        }
        return new CryptoProposal(text, encr, integ, prf, order, esn);
    }

    @Override
    public String toString() {
        return text;
    }
}
