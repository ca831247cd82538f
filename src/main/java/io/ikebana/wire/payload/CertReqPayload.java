package io.ikebana.wire.payload;

import io.ikebana.wire.PayloadType;
import io.ikebana.wire.WireReader;
import io.ikebana.wire.WireWriter;

/** Certificate Request payload (RFC 7296 §3.7): SHA-1 hashes of trusted CAs' public keys. */
public record CertReqPayload(int encoding, byte[] data) implements Payload {

    @Override
    public PayloadType type() {
        return PayloadType.CERTREQ;
    }

    public static CertReqPayload decode(WireReader r) {
        int enc = r.u8();
        return new CertReqPayload(enc, r.rest());
    }

    @Override
    public void encodeBody(WireWriter w) {
        w.u8(encoding).bytes(data);
    }
}
