package io.ikebana.esp;

import java.net.InetSocketAddress;

/**
 * Port to the IKE engine: lifetime events of the installed Child SAs. Called from whichever thread
 * crossed the limit (a UDP receive thread, the device reader thread, or the caller of
 * {@link EspDataPlane#tick()}): implementations must be thread-safe and must not block (hand the
 * event to the engine's own context). Each event fires at most once per Child SA.
 */
public interface ChildSaListener {

    /** Which limit was reached. */
    enum Reason {
        TIME,
        BYTES,
        PACKETS,
        /** The outbound sequence number came near (rekey) or to (expired) its maximum. */
        SEQUENCE_NUMBER
    }

    /** A soft limit was reached: the engine should rekey (RFC 7296 §2.8). */
    void rekeyNeeded(long owner, int inboundSpi, Reason reason);

    /** A hard limit was reached: the Child SA no longer processes packets in either direction. */
    void expired(long owner, int inboundSpi, Reason reason);

    /**
     * An authenticated ESP packet arrived from another address than the SA's remote endpoint (a NAT
     * mapping change, RFC 3948 §3). Informational: the data plane keeps sending to the configured
     * endpoint until {@link EspDataPlane#updateRemote} is called. Fires once per new address.
     */
    default void remoteMappingChanged(long owner, int inboundSpi, InetSocketAddress observed) {
    }
}
