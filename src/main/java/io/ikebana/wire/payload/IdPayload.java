package io.ikebana.wire.payload;

import io.ikebana.wire.MalformedException;
import io.ikebana.wire.PayloadType;
import io.ikebana.wire.WireReader;
import io.ikebana.wire.WireWriter;

/**
 * Identification payload IDi or IDr (RFC 7296 §3.5). {@code reserved} keeps the three RESERVED
 * octets as received, because IDx' in the AUTH computation is the body as received (§2.15).
 */
public record IdPayload(boolean initiator, int idType, byte[] reserved, byte[] data) implements Payload {

    public IdPayload(boolean initiator, int idType, byte[] data) {
        this(initiator, idType, new byte[3], data);
    }

    @Override
    public PayloadType type() {
        return initiator ? PayloadType.IDI : PayloadType.IDR;
    }

    public static IdPayload decode(WireReader r, boolean initiator) {
        int type = r.u8();
        byte[] reserved = r.bytes(3);
        byte[] data = r.rest();
        // RFC 7296 §3.5: the identification data is not empty
        if (data.length == 0) {
            throw new MalformedException("ID: empty identification data");
        }
        return new IdPayload(initiator, type, reserved, data);
    }

    @Override
    public void encodeBody(WireWriter w) {
        w.u8(idType).bytes(reserved).bytes(data);
    }

    /** IDx' of RFC 7296 §2.15: the payload body without the generic header. */
    public byte[] body() {
        WireWriter w = new WireWriter(4 + data.length);
        encodeBody(w);
        return w.toByteArray();
    }
}
