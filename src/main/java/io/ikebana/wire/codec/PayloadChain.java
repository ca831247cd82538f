package io.ikebana.wire.codec;

import io.ikebana.wire.MalformedException;
import io.ikebana.wire.PayloadType;
import io.ikebana.wire.WireReader;
import io.ikebana.wire.WireWriter;
import io.ikebana.wire.payload.AuthPayload;
import io.ikebana.wire.payload.CertPayload;
import io.ikebana.wire.payload.CertReqPayload;
import io.ikebana.wire.payload.CpPayload;
import io.ikebana.wire.payload.DeletePayload;
import io.ikebana.wire.payload.EapPayload;
import io.ikebana.wire.payload.IdPayload;
import io.ikebana.wire.payload.KePayload;
import io.ikebana.wire.payload.NoncePayload;
import io.ikebana.wire.payload.NotifyPayload;
import io.ikebana.wire.payload.Payload;
import io.ikebana.wire.payload.PsPayload;
import io.ikebana.wire.payload.SaPayload;
import io.ikebana.wire.payload.TsPayload;
import io.ikebana.wire.payload.UnknownPayload;
import io.ikebana.wire.payload.VendorPayload;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * Decodes and encodes chains of payloads (RFC 7296 §3.2). Decoding is strict: every length is
 * checked against what is left, nothing may follow the last payload, SK/SKF must be last, and a
 * payload that may appear once appears once. Unknown payloads are kept (with their critical bit)
 * for the caller to answer UNSUPPORTED_CRITICAL_PAYLOAD or skip them (§2.5).
 */
public final class PayloadChain {

    /** Payload types that may appear at most once in a message. */
    private static final Set<PayloadType> SINGLE = EnumSet.of(PayloadType.SA, PayloadType.KE, PayloadType.IDI,
            PayloadType.IDR, PayloadType.AUTH, PayloadType.NONCE, PayloadType.TSI, PayloadType.TSR,
            PayloadType.CP, PayloadType.SK, PayloadType.SKF, PayloadType.PS, PayloadType.EAP);

    /** Where the SK or SKF payload sits in the message buffer. */
    public record Encrypted(int firstInner, boolean fragment, int fragmentNumber, int totalFragments,
            int aadEnd, int end) {
    }

    public record Result(List<Payload> payloads, Encrypted encrypted) {
    }

    private PayloadChain() {
    }

    public static Result decode(byte[] buf, int off, int end, int first) {
        List<Payload> out = new ArrayList<>();
        Set<PayloadType> seen = EnumSet.noneOf(PayloadType.class);
        int next = first;
        int pos = off;
        while (next != 0) {
            if (end - pos < 4) {
                throw new MalformedException("payload header truncated");
            }
            WireReader h = new WireReader(buf, pos, end);
            int following = h.u8();
            boolean critical = (h.u8() & 0x80) != 0;
            int len = h.u16();
            if (len < 4 || len > end - pos) {
                throw new MalformedException("payload length " + len + " with " + (end - pos) + " left");
            }
            PayloadType type = PayloadType.of(next);
            if (SINGLE.contains(type) && !seen.add(type)) {
                throw new MalformedException("duplicate " + type + " payload");
            }
            if (type == PayloadType.SK || type == PayloadType.SKF) {
                // RFC 7296 §3.14 / RFC 7383 §2.5: the encrypted payload is the last one
                if (pos + len != end) {
                    throw new MalformedException(type + " is not the last payload");
                }
                Encrypted e;
                if (type == PayloadType.SK) {
                    e = new Encrypted(following, false, 0, 0, pos + 4, end);
                } else {
                    if (len < 8) {
                        throw new MalformedException("SKF too short");
                    }
                    int num = h.u16();
                    int total = h.u16();
                    e = new Encrypted(following, true, num, total, pos + 8, end);
                }
                return new Result(out, e);
            }
            WireReader body = new WireReader(buf, pos + 4, pos + len);
            out.add(decodeBody(type, next, critical, body));
            pos += len;
            next = following;
        }
        if (pos != end) {
            throw new MalformedException((end - pos) + " octets after the last payload");
        }
        return new Result(out, null);
    }

    static Payload decodeBody(PayloadType type, int code, boolean critical, WireReader r) {
        Payload p;
        switch (type) {
            case SA: p = SaPayload.decode(r); break;
            case KE: p = KePayload.decode(r); break;
            case IDI: p = IdPayload.decode(r, true); break;
            case IDR: p = IdPayload.decode(r, false); break;
            case CERT: p = CertPayload.decode(r); break;
            case CERTREQ: p = CertReqPayload.decode(r); break;
            case AUTH: p = AuthPayload.decode(r); break;
            case NONCE: p = NoncePayload.decode(r); break;
            case NOTIFY: p = NotifyPayload.decode(r); break;
            case DELETE: p = DeletePayload.decode(r); break;
            case VENDOR: p = VendorPayload.decode(r); break;
            case TSI: p = TsPayload.decode(r, true); break;
            case TSR: p = TsPayload.decode(r, false); break;
            case CP: p = CpPayload.decode(r); break;
            case EAP: p = EapPayload.decode(r); break;
            case PS: p = PsPayload.decode(r); break;
            default:
                return new UnknownPayload(code, critical, r.rest());
        }
        return p;
    }

    /** Encodes payloads; the last one's Next Payload is {@code after} (0, or SK/SKF's type). */
    public static void encode(WireWriter w, List<? extends Payload> payloads, int after) {
        for (int i = 0; i < payloads.size(); i++) {
            Payload p = payloads.get(i);
            int next = i + 1 < payloads.size() ? payloads.get(i + 1).typeCode() : after;
            int start = w.position();
            // RFC 7296 §3.2: the critical bit is 0 on everything we define; an unknown payload
            // (re-encoded, e.g. from a decoded message) keeps the bit it came with
            w.u8(next).u8(p instanceof UnknownPayload u && u.critical() ? 0x80 : 0).u16(0);
            p.encodeBody(w);
            int len = w.position() - start;
            if (len > 0xffff) {
                throw new IllegalArgumentException(p.type() + " payload too long: " + len);
            }
            w.patchU16(start + 2, len);
        }
    }

    public static int firstType(List<? extends Payload> payloads, int ifEmpty) {
        return payloads.isEmpty() ? ifEmpty : payloads.get(0).typeCode();
    }
}
