package io.ikebana.wire.payload;

import io.ikebana.wire.NotifyType;
import io.ikebana.wire.PayloadType;
import io.ikebana.wire.WireReader;
import io.ikebana.wire.WireWriter;

/** Notify payload (RFC 7296 §3.10). */
public record NotifyPayload(int protocolId, byte[] spi, int notifyType, byte[] data) implements Payload {

    public NotifyPayload {
        spi = spi == null ? new byte[0] : spi;
        data = data == null ? new byte[0] : data;
    }

    public static NotifyPayload of(NotifyType type) {
        return new NotifyPayload(0, null, type.code(), null);
    }

    public static NotifyPayload of(NotifyType type, byte[] data) {
        return new NotifyPayload(0, null, type.code(), data);
    }

    public NotifyType kind() {
        return NotifyType.of(notifyType);
    }

    public boolean isError() {
        return NotifyType.isError(notifyType);
    }

    @Override
    public PayloadType type() {
        return PayloadType.NOTIFY;
    }

    public static NotifyPayload decode(WireReader r) {
        int proto = r.u8();
        int spiSize = r.u8();
        int type = r.u16();
        byte[] spi = r.bytes(spiSize);
        return new NotifyPayload(proto, spi, type, r.rest());
    }

    @Override
    public void encodeBody(WireWriter w) {
        w.u8(protocolId).u8(spi.length).u16(notifyType).bytes(spi).bytes(data);
    }
}
