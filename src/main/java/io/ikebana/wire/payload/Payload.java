package io.ikebana.wire.payload;

import io.ikebana.wire.PayloadType;
import io.ikebana.wire.WireWriter;

/** A decoded payload body (RFC 7296 §3.2); the generic header is the codec's business. */
public sealed interface Payload permits SaPayload, KePayload, IdPayload, CertPayload, CertReqPayload,
        AuthPayload, NoncePayload, NotifyPayload, DeletePayload, VendorPayload, TsPayload, CpPayload,
        EapPayload, PsPayload, UnknownPayload {

    PayloadType type();

    /** The wire type code (differs from {@code type().code()} only for unknown payloads). */
    default int typeCode() {
        return type().code();
    }

    void encodeBody(WireWriter w);
}
