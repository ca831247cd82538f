package io.ikebana.wire;

import io.ikebana.wire.payload.NotifyPayload;
import io.ikebana.wire.payload.Payload;
import java.util.ArrayList;
import java.util.List;

/**
 * A decoded IKE message: its header and its payloads. For protected messages the payloads are
 * the unprotected ones (e.g. PS) followed by the decrypted contents of SK (or of all SKF
 * fragments, reassembled). {@code raw} holds the octets as received (first fragment for
 * fragmented messages), without any non-ESP marker.
 */
public record IkeMessage(IkeHeader header, List<Payload> payloads, byte[] raw) {

    public IkeMessage {
        payloads = List.copyOf(payloads);
    }

    public ExchangeType exchange() {
        return header.exchange();
    }

    public boolean isResponse() {
        return header.isResponse();
    }

    public long messageId() {
        return header.messageId();
    }

    @SuppressWarnings("unchecked")
    public <T extends Payload> T first(Class<T> type) {
        for (Payload p : payloads) {
            if (type.isInstance(p)) {
                return (T) p;
            }
        }
        return null;
    }

    public Payload first(PayloadType type) {
        for (Payload p : payloads) {
            if (p.type() == type) {
                return p;
            }
        }
        return null;
    }

    @SuppressWarnings("unchecked")
    public <T extends Payload> List<T> all(Class<T> type) {
        List<T> out = new ArrayList<>();
        for (Payload p : payloads) {
            if (type.isInstance(p)) {
                out.add((T) p);
            }
        }
        return out;
    }

    public NotifyPayload notify(NotifyType type) {
        for (Payload p : payloads) {
            if (p instanceof NotifyPayload n && n.notifyType() == type.code()) {
                return n;
            }
        }
        return null;
    }

    public boolean hasNotify(NotifyType type) {
        return notify(type) != null;
    }

    /** The first error notify, or null (RFC 7296 §3.10.1: types below 16384). */
    public NotifyPayload firstError() {
        for (Payload p : payloads) {
            if (p instanceof NotifyPayload n && n.isError()) {
                return n;
            }
        }
        return null;
    }
}
