package io.ikebana.wire.payload;

import io.ikebana.wire.PayloadType;
import io.ikebana.wire.WireReader;
import io.ikebana.wire.WireWriter;

/** Certificate payload (RFC 7296 §3.6); encoding 4 = X.509 certificate, signature. */
public record CertPayload(int encoding, byte[] data) implements Payload {

    public static final int X509_SIGNATURE = 4;

    @Override
    public PayloadType type() {
        return PayloadType.CERT;
    }

    public static CertPayload decode(WireReader r) {
        int enc = r.u8();
        return new CertPayload(enc, r.rest());
    }

    @Override
    public void encodeBody(WireWriter w) {
        w.u8(encoding).bytes(data);
    }
}
