package io.ikebana.wire.payload;

import io.ikebana.wire.PayloadType;
import io.ikebana.wire.WireReader;
import io.ikebana.wire.WireWriter;

/** EAP payload (RFC 7296 §3.16), carried opaque: Ikebana does not offer EAP. */
public record EapPayload(byte[] data) implements Payload {

    @Override
    public PayloadType type() {
        return PayloadType.EAP;
    }

    public static EapPayload decode(WireReader r) {
        return new EapPayload(r.rest());
    }

    @Override
    public void encodeBody(WireWriter w) {
        w.bytes(data);
    }
}
