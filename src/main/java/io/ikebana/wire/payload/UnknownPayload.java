package io.ikebana.wire.payload;

import io.ikebana.wire.PayloadType;
import io.ikebana.wire.WireWriter;

/** A payload whose type we do not implement, kept so that the critical bit can be honoured. */
public record UnknownPayload(int code, boolean critical, byte[] body) implements Payload {

    @Override
    public PayloadType type() {
        return PayloadType.UNKNOWN;
    }

    @Override
    public int typeCode() {
        return code;
    }

    @Override
    public void encodeBody(WireWriter w) {
        w.bytes(body);
    }
}
