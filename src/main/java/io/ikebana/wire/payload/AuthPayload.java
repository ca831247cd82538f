package io.ikebana.wire.payload;

import io.ikebana.wire.MalformedException;
import io.ikebana.wire.PayloadType;
import io.ikebana.wire.WireReader;
import io.ikebana.wire.WireWriter;

/** Authentication payload (RFC 7296 §3.8). */
public record AuthPayload(int method, byte[] data) implements Payload {

    public static final int RSA = 1;
    public static final int PSK = 2;
    public static final int ECDSA_256 = 9;
    public static final int ECDSA_384 = 10;
    public static final int ECDSA_521 = 11;
    public static final int DIGITAL_SIGNATURE = 14;

    @Override
    public PayloadType type() {
        return PayloadType.AUTH;
    }

    public static AuthPayload decode(WireReader r) {
        int method = r.u8();
        r.skip(3);
        byte[] data = r.rest();
        if (data.length == 0) {
            throw new MalformedException("AUTH: empty data");
        }
        return new AuthPayload(method, data);
    }

    @Override
    public void encodeBody(WireWriter w) {
        w.u8(method).zeros(3).bytes(data);
    }
}
