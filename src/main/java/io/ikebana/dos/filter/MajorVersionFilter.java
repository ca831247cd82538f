package io.ikebana.dos.filter;

import io.ikebana.dos.DropReason;
import io.ikebana.dos.InboundDatagram;
import io.ikebana.dos.Verdict;

/**
 * Only IKEv2. Other major versions are ignored, which RFC 7296 §3.1 allows ("MUST reject or
 * ignore"); the engine may answer INVALID_MAJOR_VERSION itself if it ever wants to.
 */
public final class MajorVersionFilter implements InboundFilter {
    private static final int IKEV2 = 2;

    @Override
    public String name() {
        return "major-version";
    }

    @Override
    public String rule() {
        return "RFC 7296 §3.1: \"Implementations based on this version of IKE MUST set the major version to 2\"; "
                + "higher versions \"MUST reject or ignore\"";
    }

    @Override
    public Verdict check(InboundDatagram d) {
        // RFC 7296 §3.1: major version 2; IKEv1/ISAKMP (1) is not spoken here
        if (IkeHeaderView.majorVersion(d) != IKEV2) {
            return Verdict.drop(DropReason.BAD_MAJOR_VERSION);
        }
        return Verdict.pass();
    }
}
