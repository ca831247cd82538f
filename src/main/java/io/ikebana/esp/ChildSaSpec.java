package io.ikebana.esp;

import io.ikebana.esp.crypto.EspCiphers;
import io.ikebana.esp.crypto.EspTransform;
import io.ikebana.esp.crypto.SecretKeys;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.Objects;

/**
 * Everything the data plane needs to install one Child SA pair, as negotiated by the IKE engine.
 * Key material stays opaque ({@link SecretKeys} prints as {@code [redacted]}, so does this record).
 *
 * @param owner opaque id of the IKE SA, handed back in listener events
 * @param inboundSpi the SPI we allocated: the peer sends with it
 * @param outboundSpi the SPI the peer allocated: we send with it
 * @param inboundKeys KEYMAT for decrypting (the peer's outbound keys)
 * @param outboundKeys KEYMAT for encrypting
 * @param esn 64-bit extended sequence numbers (RFC 4303 §2.2.1)
 * @param replayWindow anti-replay window size in packets, 32..4096
 * @param localSelectors our traffic selectors (TSr for a responder)
 * @param remoteSelectors the peer's traffic selectors (TSi: typically its virtual IP /32 or /128)
 * @param local our UDP endpoint (normally port 4500)
 * @param remote the peer's UDP endpoint (after NAT)
 */
public record ChildSaSpec(long owner, int inboundSpi, int outboundSpi, EspTransform transform,
        SecretKeys inboundKeys, SecretKeys outboundKeys, boolean esn, int replayWindow,
        List<Selector> localSelectors, List<Selector> remoteSelectors, InetSocketAddress local,
        InetSocketAddress remote, Lifetimes lifetimes) {

    public static final int DEFAULT_REPLAY_WINDOW = 128;
    public static final int MIN_REPLAY_WINDOW = 32;
    public static final int MAX_REPLAY_WINDOW = 4096;

    public ChildSaSpec {
        // RFC 4303 §2.1: SPI 0 is reserved for local use, 1-255 are reserved by IANA
        checkSpi("inbound", inboundSpi);
        checkSpi("outbound", outboundSpi);
        Objects.requireNonNull(transform, "transform");
        EspCiphers.checkLengths(transform, Objects.requireNonNull(inboundKeys, "inboundKeys"));
        EspCiphers.checkLengths(transform, Objects.requireNonNull(outboundKeys, "outboundKeys"));
        // RFC 4303 §3.4.3: a window of 32 MUST be supported; we cap the bitmap at 4096
        if (replayWindow < MIN_REPLAY_WINDOW || replayWindow > MAX_REPLAY_WINDOW) {
            throw new IllegalArgumentException("replay window out of range 32..4096: " + replayWindow);
        }
        localSelectors = List.copyOf(localSelectors);
        remoteSelectors = List.copyOf(remoteSelectors);
        if (localSelectors.isEmpty() || remoteSelectors.isEmpty()) {
            throw new IllegalArgumentException("traffic selectors must not be empty");
        }
        Objects.requireNonNull(local, "local");
        Objects.requireNonNull(remote, "remote");
        Objects.requireNonNull(lifetimes, "lifetimes");
    }

    private static void checkSpi(String which, int spi) {
        if (Integer.compareUnsigned(spi, 256) < 0) {
            throw new IllegalArgumentException(which + " SPI is reserved: " + spi);
        }
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Builder with defaults: window 128, no ESN, unlimited lifetimes. */
    public static final class Builder {
        private long owner;
        private int inboundSpi;
        private int outboundSpi;
        private EspTransform transform;
        private SecretKeys inboundKeys;
        private SecretKeys outboundKeys;
        private boolean esn;
        private int replayWindow = DEFAULT_REPLAY_WINDOW;
        private List<Selector> localSelectors = List.of();
        private List<Selector> remoteSelectors = List.of();
        private InetSocketAddress local;
        private InetSocketAddress remote;
        private Lifetimes lifetimes = Lifetimes.UNLIMITED;

        private Builder() {
        }

        public Builder owner(long v) {
            owner = v;
            return this;
        }

        public Builder spis(int inbound, int outbound) {
            inboundSpi = inbound;
            outboundSpi = outbound;
            return this;
        }

        public Builder transform(EspTransform v) {
            transform = v;
            return this;
        }

        public Builder keys(SecretKeys inbound, SecretKeys outbound) {
            inboundKeys = inbound;
            outboundKeys = outbound;
            return this;
        }

        public Builder esn(boolean v) {
            esn = v;
            return this;
        }

        public Builder replayWindow(int v) {
            replayWindow = v;
            return this;
        }

        public Builder selectors(List<Selector> local, List<Selector> remote) {
            localSelectors = local;
            remoteSelectors = remote;
            return this;
        }

        public Builder endpoints(InetSocketAddress localEndpoint, InetSocketAddress remoteEndpoint) {
            local = localEndpoint;
            remote = remoteEndpoint;
            return this;
        }

        public Builder lifetimes(Lifetimes v) {
            lifetimes = v;
            return this;
        }

        public ChildSaSpec build() {
            return new ChildSaSpec(owner, inboundSpi, outboundSpi, transform, inboundKeys, outboundKeys, esn,
                    replayWindow, localSelectors, remoteSelectors, local, remote, lifetimes);
        }
    }
}
