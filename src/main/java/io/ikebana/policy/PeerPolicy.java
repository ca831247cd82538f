package io.ikebana.policy;

import io.ikebana.crypto.Secret;
import io.ikebana.ike.Identity;
import io.ikebana.wire.payload.TrafficSelector;
import java.security.cert.X509Certificate;
import java.util.List;

/**
 * What we accept from, and offer to, a class of peers: their identity pattern and how they
 * authenticate, our identity towards them, their address pools and the selectors of the Child
 * SAs. {@code remoteTs} applies to peers without a virtual IP (site-to-site); empty means "the
 * peer's own address". {@code localAuth} is how we authenticate to these peers.
 */
public record PeerPolicy(
        String name,
        Identity remoteId,
        AuthMethod remoteAuth,
        AuthMethod localAuth,
        Secret psk,
        List<X509Certificate> trustedCas,
        List<String> pools,
        List<TrafficSelector> localTs,
        List<TrafficSelector> remoteTs) {

    public PeerPolicy {
        trustedCas = List.copyOf(trustedCas);
        pools = List.copyOf(pools);
        localTs = List.copyOf(localTs);
        remoteTs = List.copyOf(remoteTs);
    }
}
