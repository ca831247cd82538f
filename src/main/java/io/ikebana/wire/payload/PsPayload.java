package io.ikebana.wire.payload;

import io.ikebana.wire.MalformedException;
import io.ikebana.wire.PayloadType;
import io.ikebana.wire.WireReader;
import io.ikebana.wire.WireWriter;

/** Puzzle Solution payload (RFC 8019 §8.2): four keys of equal size. */
public record PsPayload(byte[] data) implements Payload {

    @Override
    public PayloadType type() {
        return PayloadType.PS;
    }

    public static PsPayload decode(WireReader r) {
        byte[] data = r.rest();
        // RFC 8019 §8.2: four keys of the same size, data not empty
        if (data.length == 0 || data.length % 4 != 0) {
            throw new MalformedException("PS: length " + data.length);
        }
        return new PsPayload(data);
    }

    @Override
    public void encodeBody(WireWriter w) {
        w.bytes(data);
    }
}
