package io.ikebana.ike;

import io.ikebana.policy.CryptoProposal;
import io.ikebana.policy.LocalCredentials;
import io.ikebana.policy.PeerPolicy;
import java.util.List;

/**
 * Everything the engine needs to negotiate, as immutable values. Built from the YAML
 * configuration by {@code io.ikebana.config}, or directly by tests and the client.
 */
public record EngineConfig(
        String member,
        LocalCredentials local,
        List<PeerPolicy> peers,
        List<CryptoProposal> ikeProposals,
        List<CryptoProposal> espProposals,
        Timers timers,
        Features features,
        Limits limits) {

    public EngineConfig {
        peers = List.copyOf(peers);
        ikeProposals = List.copyOf(ikeProposals);
        espProposals = List.copyOf(espProposals);
    }

    /**
     * Durations in milliseconds. Rekey times get up to {@code jitterPercent} subtracted at
     * random (RFC 7296 §2.8 recommends jitter). A zero rekey time never rekeys.
     */
    public record Timers(long ikeRekeyMillis, long childRekeyMillis, long dpdMillis, long halfOpenMillis,
            long retransmitTimeoutMillis, double retransmitBase, int retransmitTries, int jitterPercent) {

        public static Timers defaults() {
            return new Timers(4 * 3600_000L, 3600_000L, 30_000L, 30_000L, 2000, 1.8, 5, 10);
        }
    }

    /**
     * @param forceEncapsulation pretend a NAT so that ESP is always UDP-encapsulated (as
     *        strongSwan's {@code encap=yes}), so every client's ESP reaches user space
     * @param fragmentSize largest IKE message we send unfragmented once RFC 7383 is negotiated
     */
    public record Features(boolean forceEncapsulation, boolean fragmentation, int fragmentSize, boolean mobike,
            boolean messageIdSync, boolean rsaPss, boolean sendCertReq, boolean cloning) {

        public static Features defaults() {
            return new Features(true, true, 1280, true, true, false, true, true);
        }
    }

    /** Bounds on what one peer can make us hold. */
    public record Limits(int maxFragments, int maxFragmentBytes, int maxHalfOpen, int maxChildSasPerIkeSa,
            int maxClonesPerIdentity) {

        public static Limits defaults() {
            return new Limits(64, 64 * 1024, 100_000, 16, 8);
        }
    }
}
