package io.ikebana.wire.payload;

import io.ikebana.wire.MalformedException;
import io.ikebana.wire.PayloadType;
import io.ikebana.wire.WireReader;
import io.ikebana.wire.WireWriter;
import java.util.ArrayList;
import java.util.List;

/** Security Association payload (RFC 7296 §3.3). */
public record SaPayload(List<Proposal> proposals) implements Payload {

    public SaPayload {
        proposals = List.copyOf(proposals);
    }

    @Override
    public PayloadType type() {
        return PayloadType.SA;
    }

    public static SaPayload decode(WireReader r) {
        List<Proposal> proposals = new ArrayList<>();
        boolean[] last = {false};
        int expectedNumber = 1;
        while (r.remaining() > 0) {
            if (last[0]) {
                throw new MalformedException("SA: proposal after last");
            }
            Proposal p = Proposal.decode(r, last);
            // RFC 7296 §3.3.1: the first proposal is number 1, each next one +1 (or the same)
            boolean first = proposals.isEmpty();
            if (first ? p.number() != 1 : p.number() != expectedNumber && p.number() != expectedNumber - 1) {
                throw new MalformedException("SA: proposal number " + p.number());
            }
            expectedNumber = p.number() + 1;
            proposals.add(p);
        }
        if (proposals.isEmpty() || !last[0]) {
            throw new MalformedException("SA: no proposals or last not marked");
        }
        return new SaPayload(proposals);
    }

    @Override
    public void encodeBody(WireWriter w) {
        for (int i = 0; i < proposals.size(); i++) {
            proposals.get(i).encode(w, i == proposals.size() - 1);
        }
    }
}
