package io.ikebana.esp;

import java.util.List;

/**
 * The traffic selectors of one side of a Child SA (RFC 4301 §4.4.1): a packet matches if its
 * address (and protocol/port, where a selector restricts them) falls in any of them.
 */
final class SelectorSet {

    private final SelectorRule[] rules;
    private final boolean addressOnly;

    SelectorSet(List<Selector> selectors) {
        rules = selectors.stream().map(SelectorRule::new).toArray(SelectorRule[]::new);
        boolean only = true;
        for (SelectorRule r : rules) {
            only &= r.isAddressOnly();
        }
        addressOnly = only;
    }

    SelectorRule[] rules() {
        return rules;
    }

    /**
     * Whether the packet's source ({@code source}) or destination side matches. The packet has
     * passed {@link InnerPacket#length}.
     */
    boolean matches(byte[] buf, int off, int len, boolean v6, boolean source) {
        long high = InnerPacket.addressHigh(buf, off, v6, source);
        long low = InnerPacket.addressLow(buf, off, v6, source);
        if (addressOnly) {
            for (SelectorRule r : rules) {
                if (r.matchesAddress(v6, high, low)) {
                    return true;
                }
            }
            return false;
        }
        long transport = InnerPacket.transport(buf, off, len, v6);
        int protocol = transport == InnerPacket.NO_TRANSPORT ? -1 : (int) (transport >>> 32) & 0xff;
        int port = InnerPacket.port(buf, off, len, transport, source);
        for (SelectorRule r : rules) {
            if (r.matchesAddress(v6, high, low) && r.matchesTransport(protocol, port)) {
                return true;
            }
        }
        return false;
    }
}
