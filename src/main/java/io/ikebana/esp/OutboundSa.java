package io.ikebana.esp;

import io.ikebana.esp.crypto.EspCipher;

/** The outbound half of a Child SA: encryption, sequence numbers, and the selectors that pick it. */
final class OutboundSa extends SaDirection {

    final SequenceCounter sequence;
    /** The peer's selectors: inner destination addresses. */
    final SelectorSet destinations;
    /** Our selectors: inner source addresses. */
    final SelectorSet sources;

    OutboundSa(int spi, EspCipher cipher, SequenceCounter sequence, SelectorSet destinations, SelectorSet sources) {
        super(spi, cipher);
        this.sequence = sequence;
        this.destinations = destinations;
        this.sources = sources;
    }

    /** RFC 4301 §5.1: the packet's selectors fall within this SA's. */
    boolean matches(byte[] buf, int off, int len, boolean v6) {
        return destinations.matches(buf, off, len, v6, false) && sources.matches(buf, off, len, v6, true);
    }
}
