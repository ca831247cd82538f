package io.ikebana.policy;

import java.net.InetAddress;
import java.util.List;

/**
 * Virtual IP pools (RFC 7296 §2.19). A lease belongs to a key (the IKE SA's local SPI as hex, so
 * that a rekeyed or moved SA keeps its address by re-keying the lease). Implementations: in
 * memory for one node, Hazelcast for a cluster (no address leased twice cluster-wide).
 */
public interface AddressPools {

    record PoolUsage(String name, String cidr, int size, int leased) {
    }

    record Lease(String pool, InetAddress address, String owner) {
    }

    /**
     * Leases an address of {@code pool}, {@code preferred} if it is free (or already ours).
     * Returns null when the pool is exhausted or unknown.
     */
    InetAddress lease(String pool, String owner, InetAddress preferred);

    /** Releases the lease if {@code owner} holds it. */
    void release(String pool, InetAddress address, String owner);

    /** Moves a lease to a new owner (IKE SA rekey): true if {@code from} held it. */
    boolean transfer(String pool, InetAddress address, String from, String to);

    /** The pool names, for lookups by address family. */
    List<String> names();

    /** True for an IPv6 pool. */
    boolean isIpv6(String pool);

    List<PoolUsage> usage();

    List<Lease> leases(String pool);
}
