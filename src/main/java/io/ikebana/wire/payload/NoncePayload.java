package io.ikebana.wire.payload;

import io.ikebana.wire.MalformedException;
import io.ikebana.wire.PayloadType;
import io.ikebana.wire.WireReader;
import io.ikebana.wire.WireWriter;

/** Nonce payload (RFC 7296 §3.9). */
public record NoncePayload(byte[] data) implements Payload {

    @Override
    public PayloadType type() {
        return PayloadType.NONCE;
    }

    public static NoncePayload decode(WireReader r) {
        byte[] data = r.rest();
        // RFC 7296 §3.9: the size of the Nonce Data MUST be between 16 and 256 octets
        if (data.length < 16 || data.length > 256) {
            throw new MalformedException("Nonce: length " + data.length);
        }
        return new NoncePayload(data);
    }

    @Override
    public void encodeBody(WireWriter w) {
        w.bytes(data);
    }
}
