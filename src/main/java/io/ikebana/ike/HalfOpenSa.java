package io.ikebana.ike;

import io.ikebana.crypto.SkCipher;
import io.ikebana.wire.codec.FragmentAssembler;
import java.net.InetSocketAddress;
import java.security.SecureRandom;
import java.util.Set;

/**
 * A responder's IKE SA between IKE_SA_INIT and IKE_AUTH. Kept only on the node that answered
 * (DESIGN.md: floods must not reach the grid); holds the exact octets of both IKE_SA_INIT
 * messages for the AUTH computation (RFC 7296 §2.15). {@code authPuzzle} is the PUZZLE notify
 * data when an IKE_AUTH puzzle was asked for (RFC 8019 §7.2), else null.
 */
public record HalfOpenSa(
        long spiI,
        long spiR,
        IkeSuite suite,
        KeySchedule.IkeKeys keys,
        byte[] ni,
        byte[] nr,
        byte[] initRequest,
        byte[] initResponse,
        byte[] requestDigest,
        InetSocketAddress local,
        InetSocketAddress remote,
        boolean marker,
        boolean tcp,
        Set<IkeExtension> extensions,
        Set<Integer> peerSignatureHashes,
        long createdMillis,
        long createdNanos,
        FragmentAssembler fragments,
        Progress progress,
        byte[] authPuzzle) {

    /** Mutable bits of the IKE_AUTH in progress (touched only on the SA's lane). */
    public static final class Progress {
        public byte[] firstFragmentDigest;
        /** The half-open timeout, cancelled when the SA leaves the half-open table (any lane). */
        volatile Scheduler.Cancellable timeout;
        /** The request sent again with another cookie or puzzle solution (any lane; a few kept). */
        private final java.util.List<byte[]> retriedInits = new java.util.concurrent.CopyOnWriteArrayList<>();

        void initRetried(byte[] request) {
            if (retriedInits.size() < 4 && retriedInits.stream().noneMatch(r -> java.util.Arrays.equals(r, request))) {
                retriedInits.add(request);
            }
        }

        /** IKE_SA_INIT requests the initiator may have signed instead of the one that created the SA. */
        public java.util.List<byte[]> retriedInits() {
            return retriedInits;
        }
    }

    public boolean has(IkeExtension e) {
        return extensions.contains(e);
    }

    public SkCipher inbound(SecureRandom random) {
        return new SkCipher(suite.encr(), suite.integ(), keys.skEi().bytes(), keys.skAi().bytes(), random);
    }

    public SkCipher outbound(SecureRandom random) {
        return new SkCipher(suite.encr(), suite.integ(), keys.skEr().bytes(), keys.skAr().bytes(), random);
    }

    /** Destroys every key: only for a half-open SA that never became established. */
    public void destroy() {
        keys.skD().destroy();
        keys.skAi().destroy();
        keys.skAr().destroy();
        keys.skEi().destroy();
        keys.skEr().destroy();
        keys.skPi().destroy();
        keys.skPr().destroy();
    }

    @Override
    public String toString() {
        return String.format("half-open %016x_i %016x_r %s", spiI, spiR, remote);
    }
}
