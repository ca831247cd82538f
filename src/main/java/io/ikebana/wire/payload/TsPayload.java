package io.ikebana.wire.payload;

import io.ikebana.wire.MalformedException;
import io.ikebana.wire.PayloadType;
import io.ikebana.wire.WireReader;
import io.ikebana.wire.WireWriter;
import java.util.ArrayList;
import java.util.List;

/** Traffic Selector payload TSi or TSr (RFC 7296 §3.13). */
public record TsPayload(boolean initiator, List<TrafficSelector> selectors) implements Payload {

    public TsPayload {
        selectors = List.copyOf(selectors);
    }

    @Override
    public PayloadType type() {
        return initiator ? PayloadType.TSI : PayloadType.TSR;
    }

    public static TsPayload decode(WireReader r, boolean initiator) {
        int num = r.u8();
        r.skip(3);
        // RFC 7296 §3.13: Number of TSs MUST NOT be zero
        if (num == 0) {
            throw new MalformedException("TS: zero selectors");
        }
        List<TrafficSelector> list = new ArrayList<>(num);
        for (int i = 0; i < num; i++) {
            list.add(TrafficSelector.decode(r));
        }
        r.expectEnd("TS");
        return new TsPayload(initiator, list);
    }

    @Override
    public void encodeBody(WireWriter w) {
        w.u8(selectors.size()).zeros(3);
        for (TrafficSelector ts : selectors) {
            ts.encode(w);
        }
    }
}
