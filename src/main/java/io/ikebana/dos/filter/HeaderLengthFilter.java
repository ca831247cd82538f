package io.ikebana.dos.filter;

import io.ikebana.dos.DropReason;
import io.ikebana.dos.InboundDatagram;
import io.ikebana.dos.Verdict;

/** The header's Length field covers exactly this one message. */
public final class HeaderLengthFilter implements InboundFilter {

    @Override
    public String name() {
        return "header-length";
    }

    @Override
    public String rule() {
        return "RFC 7296 §3.1: Length is the \"Length of the total message (header + payloads) in octets\", "
                + "with \"one IKE message per UDP datagram\"";
    }

    @Override
    public Verdict check(InboundDatagram d) {
        // RFC 7296 §3.1: Length = total message length; one IKE message per datagram (or TCP frame)
        if (IkeHeaderView.length(d) != d.length()) {
            return Verdict.drop(DropReason.LENGTH_MISMATCH);
        }
        return Verdict.pass();
    }
}
