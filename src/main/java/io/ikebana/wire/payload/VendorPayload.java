package io.ikebana.wire.payload;

import io.ikebana.wire.PayloadType;
import io.ikebana.wire.WireReader;
import io.ikebana.wire.WireWriter;

/** Vendor ID payload (RFC 7296 §3.12). */
public record VendorPayload(byte[] data) implements Payload {

    @Override
    public PayloadType type() {
        return PayloadType.VENDOR;
    }

    public static VendorPayload decode(WireReader r) {
        return new VendorPayload(r.rest());
    }

    @Override
    public void encodeBody(WireWriter w) {
        w.bytes(data);
    }
}
