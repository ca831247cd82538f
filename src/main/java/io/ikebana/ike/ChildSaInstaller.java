package io.ikebana.ike;

import io.ikebana.wire.payload.TrafficSelector;
import java.net.InetSocketAddress;
import java.util.List;

/**
 * The data-plane port: negotiated Child SAs go in with their keys, and out when deleted. The
 * keys never go anywhere else (DESIGN.md: Child SA keys stay on the node that owns the SA).
 */
public interface ChildSaInstaller {

    /**
     * One Child SA pair. Keys are named by direction from this node's point of view; the
     * encryption keys of AEAD suites include the salt. {@code replacedInboundSpi} is the pair this
     * one rekeys when we answered the rekey (0 otherwise): RFC 7296 §2.8, our outbound traffic
     * stays on that pair until the initiator shows it has the new one.
     */
    record Installation(long ikeSpi, int inboundSpi, int outboundSpi, EspSuite suite, byte[] inboundEncKey,
            byte[] inboundIntegKey, byte[] outboundEncKey, byte[] outboundIntegKey, List<TrafficSelector> localTs,
            List<TrafficSelector> remoteTs, InetSocketAddress local, InetSocketAddress remote, boolean tcp,
            int replacedInboundSpi) {

        /** This pair, installed as the rekey responder's successor of {@code inboundSpi}. */
        public Installation replacing(int inboundSpi) {
            return new Installation(ikeSpi, this.inboundSpi, outboundSpi, suite, inboundEncKey, inboundIntegKey,
                    outboundEncKey, outboundIntegKey, localTs, remoteTs, local, remote, tcp, inboundSpi);
        }

        @Override
        public String toString() {
            return String.format("Installation[%08x/%08x %s %s === %s]", inboundSpi, outboundSpi, suite, localTs,
                    remoteTs);
        }
    }

    /** A fresh inbound SPI, unique on this node, never 0..255 (RFC 4303 §2.1). */
    int allocateSpi();

    void install(Installation installation);

    /** Removes the pair whose inbound SPI is given; unknown SPIs are ignored. */
    void remove(int inboundSpi);

    /** An IKE SA rekey moved this Child SA to another IKE SA (RFC 7296 §2.18). */
    default void reown(int inboundSpi, long ikeSpi) {
    }

    /** MOBIKE or a move changed the outer addresses of an IKE SA's Child SAs. */
    void updateEndpoints(long ikeSpi, InetSocketAddress local, InetSocketAddress remote);

    ChildSaInstaller NONE = new ChildSaInstaller() {
        private final java.util.concurrent.atomic.AtomicInteger next = new java.util.concurrent.atomic.AtomicInteger(
                new java.security.SecureRandom().nextInt(1 << 30) + 256);

        @Override
        public int allocateSpi() {
            return next.getAndIncrement();
        }

        @Override
        public void install(Installation installation) {
        }

        @Override
        public void remove(int inboundSpi) {
        }

        @Override
        public void updateEndpoints(long ikeSpi, InetSocketAddress local, InetSocketAddress remote) {
        }
    };
}
