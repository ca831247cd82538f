package io.ikebana.dos.filter;

import io.ikebana.dos.InboundDatagram;
import io.ikebana.dos.Verdict;

/**
 * One small check on a raw inbound message, run before anything is parsed or any state exists.
 * Filters are stateless or keep only bounded state; {@link InboundFilterChain} counts their drops.
 */
public interface InboundFilter {

    /** Short name for counters and the admin API. */
    String name();

    /** The RFC sentence this filter enforces. */
    String rule();

    Verdict check(InboundDatagram datagram);
}
