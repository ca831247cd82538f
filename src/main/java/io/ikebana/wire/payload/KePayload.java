package io.ikebana.wire.payload;

import io.ikebana.wire.PayloadType;
import io.ikebana.wire.WireReader;
import io.ikebana.wire.WireWriter;

/** Key Exchange payload (RFC 7296 §3.4). */
public record KePayload(int group, byte[] data) implements Payload {

    @Override
    public PayloadType type() {
        return PayloadType.KE;
    }

    public static KePayload decode(WireReader r) {
        int group = r.u16();
        r.u16();
        return new KePayload(group, r.rest());
    }

    @Override
    public void encodeBody(WireWriter w) {
        w.u16(group).u16(0).bytes(data);
    }
}
