package io.ikebana.wire.payload;

import io.ikebana.wire.PayloadType;
import io.ikebana.wire.WireReader;
import io.ikebana.wire.WireWriter;
import java.util.ArrayList;
import java.util.List;

/** Configuration payload (RFC 7296 §3.15). */
public record CpPayload(int cfgType, List<CpAttribute> attributes) implements Payload {

    public static final int CFG_REQUEST = 1;
    public static final int CFG_REPLY = 2;
    public static final int CFG_SET = 3;
    public static final int CFG_ACK = 4;

    public CpPayload {
        attributes = List.copyOf(attributes);
    }

    @Override
    public PayloadType type() {
        return PayloadType.CP;
    }

    public static CpPayload decode(WireReader r) {
        int cfg = r.u8();
        r.skip(3);
        List<CpAttribute> attrs = new ArrayList<>();
        while (r.remaining() > 0) {
            int t = r.u16() & 0x7fff;
            int len = r.u16();
            attrs.add(new CpAttribute(t, r.bytes(len)));
        }
        return new CpPayload(cfg, attrs);
    }

    @Override
    public void encodeBody(WireWriter w) {
        w.u8(cfgType).zeros(3);
        for (CpAttribute a : attributes) {
            w.u16(a.type() & 0x7fff).u16(a.value().length).bytes(a.value());
        }
    }
}
