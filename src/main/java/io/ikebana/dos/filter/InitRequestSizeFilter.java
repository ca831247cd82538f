package io.ikebana.dos.filter;

import io.ikebana.dos.DropReason;
import io.ikebana.dos.InboundDatagram;
import io.ikebana.dos.Verdict;

/** An IKE_SA_INIT request has room for HDR, SA, KE and Ni, and is not fragmented. */
public final class InitRequestSizeFilter implements InboundFilter {
    private final int minimum;
    private final int maximum;

    public InitRequestSizeFilter(int minimum, int maximum) {
        this.minimum = minimum;
        this.maximum = maximum;
    }

    @Override
    public String name() {
        return "init-request-size";
    }

    @Override
    public String rule() {
        return "RFC 7296 §1.2: IKE_SA_INIT request is HDR, SAi1, KEi, Ni (nonce 16..256 octets, §3.9); "
                + "RFC 7383 §2.5.3: IKE_SA_INIT is never fragmented";
    }

    @Override
    public Verdict check(InboundDatagram d) {
        if (!IkeHeaderView.isInitRequest(d)) {
            return Verdict.pass();
        }
        // RFC 7296 §1.2, §3.9: HDR + SA + KE + Ni cannot be shorter than the configured minimum
        if (d.length() < minimum) {
            return Verdict.drop(DropReason.INIT_TOO_SHORT);
        }
        // RFC 7383 §2.5.3: IKE_SA_INIT is not fragmented, so its size is bounded by policy
        if (d.length() > maximum) {
            return Verdict.drop(DropReason.INIT_TOO_LONG);
        }
        return Verdict.pass();
    }
}
