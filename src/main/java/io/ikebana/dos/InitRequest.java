package io.ikebana.dos;

import java.net.InetAddress;
import java.util.List;
import java.util.Objects;

/**
 * The fields of an IKE_SA_INIT request the guard decides on, as the engine parsed them. Arrays are
 * not copied (hot path): the engine must not change them afterwards.
 *
 * @param source         IPi, the source address of the datagram
 * @param sourcePort     the source port (only bound into cookies over UDP, if configured)
 * @param local          the address the request was received on (informational; not in the cookie,
 *                       so members behind different address mappings validate each other's cookies)
 * @param transport      UDP or TCP (RFC 9329)
 * @param spiI           SPIi from the IKE header
 * @param nonceI         Ni: the Nonce payload body
 * @param cookie         the COOKIE notify data if the request carried one as first payload, else null
 * @param puzzleSolution the PS payload body (type 54) if present, else null
 * @param offeredPrfs    PRF transform IDs from all proposals of the SA payload (for the puzzle PRF,
 *                       RFC 8019 §7.1.1.2)
 */
public record InitRequest(
        InetAddress source,
        int sourcePort,
        InetAddress local,
        Transport transport,
        long spiI,
        byte[] nonceI,
        byte[] cookie,
        byte[] puzzleSolution,
        List<Integer> offeredPrfs) {

    public InitRequest {
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(transport, "transport");
        Objects.requireNonNull(nonceI, "nonceI");
        offeredPrfs = offeredPrfs == null ? List.of() : List.copyOf(offeredPrfs);
    }

    /** The same request retried with a cookie and an optional puzzle solution (RFC 7296 §2.6, RFC 8019 §7.1.2). */
    public InitRequest withCookie(byte[] newCookie, byte[] solution) {
        return new InitRequest(source, sourcePort, local, transport, spiI, nonceI, newCookie, solution, offeredPrfs);
    }
}
