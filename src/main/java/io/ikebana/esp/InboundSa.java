package io.ikebana.esp;

import io.ikebana.esp.crypto.EspCipher;
import java.net.InetSocketAddress;

/** The inbound half of a Child SA: decryption, anti-replay, and the selectors inner packets must match. */
final class InboundSa extends SaDirection {

    final ReplayWindow window;
    /** The peer's selectors: inner source addresses (RFC 4301 §5.2). */
    final SelectorSet sources;
    /** Our selectors: inner destination addresses. */
    final SelectorSet destinations;
    /** Last remote address reported as a mapping change; guarded by the direction's guard. */
    InetSocketAddress reportedRemote;

    InboundSa(int spi, EspCipher cipher, ReplayWindow window, SelectorSet sources, SelectorSet destinations) {
        super(spi, cipher);
        this.window = window;
        this.sources = sources;
        this.destinations = destinations;
    }
}
