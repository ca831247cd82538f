package io.ikebana.wire.codec;

import io.ikebana.crypto.SkCipher;
import io.ikebana.wire.DecodeResult;
import io.ikebana.wire.DropReason;
import io.ikebana.wire.IkeHeader;
import io.ikebana.wire.IkeMessage;
import io.ikebana.wire.MalformedException;
import io.ikebana.wire.NotifyType;
import io.ikebana.wire.payload.Payload;
import io.ikebana.wire.payload.UnknownPayload;
import java.util.ArrayList;
import java.util.List;

/**
 * Decodes whole messages. Unprotected messages (IKE_SA_INIT) are decoded as they are; protected
 * ones are authenticated and decrypted with the SA's inbound {@link SkCipher} first, fragments
 * go through a {@link FragmentAssembler}. Nothing here creates state beyond that assembler.
 */
public final class MessageDecoder {

    private MessageDecoder() {
    }

    /**
     * Checks the header against the datagram: length field equals the datagram length, the
     * major version is 2 (RFC 7296 §3.1, §2.5) and the initiator's SPI is not zero.
     */
    public static DropReason checkHeader(IkeHeader h, int datagramLength) {
        if (h == null) {
            return DropReason.TRUNCATED;
        }
        if (h.length() != datagramLength) {
            return DropReason.BAD_LENGTH;
        }
        if (h.majorVersion() != 2) {
            return DropReason.BAD_VERSION;
        }
        // RFC 7296 §3.1: the IKE SA Initiator's SPI "MUST NOT be zero"
        if (h.spiI() == 0) {
            return DropReason.MALFORMED;
        }
        return null;
    }

    /** Decodes an unprotected message (whole datagram, marker removed). */
    public static DecodeResult plain(byte[] raw) {
        IkeHeader h = IkeHeader.decode(raw, 0, raw.length);
        DropReason bad = checkHeader(h, raw.length);
        if (bad != null) {
            return new DecodeResult.UnprotectedError(bad, "header");
        }
        try {
            PayloadChain.Result r = PayloadChain.decode(raw, IkeHeader.SIZE, raw.length, h.nextPayload());
            if (r.encrypted() != null) {
                return new DecodeResult.UnprotectedError(DropReason.MALFORMED, "unexpected SK");
            }
            return new DecodeResult.Ok(new IkeMessage(h, r.payloads(), raw));
        } catch (MalformedException e) {
            return new DecodeResult.UnprotectedError(DropReason.MALFORMED, e.getMessage());
        }
    }

    /**
     * Decodes a protected message. {@code raw} is not modified: decryption works on a copy, so
     * that {@link IkeMessage#raw()} is the message as received (for fragments, fragment 1).
     * Integrity failures are silent drops; syntax errors found after authentication are
     * protected errors (INVALID_SYNTAX, RFC 7296 §2.21.3) and an unknown critical payload is
     * answered with UNSUPPORTED_CRITICAL_PAYLOAD (§2.5).
     */
    public static DecodeResult protectedMessage(byte[] received, SkCipher inbound, FragmentAssembler fragments) {
        IkeHeader h = IkeHeader.decode(received, 0, received.length);
        DropReason bad = checkHeader(h, received.length);
        if (bad != null) {
            return new DecodeResult.UnprotectedError(bad, "header");
        }
        byte[] raw = received.clone();
        PayloadChain.Result outer;
        try {
            outer = PayloadChain.decode(raw, IkeHeader.SIZE, raw.length, h.nextPayload());
        } catch (MalformedException e) {
            // not yet authenticated: silent drop
            return new DecodeResult.UnprotectedError(DropReason.MALFORMED, e.getMessage());
        }
        PayloadChain.Encrypted enc = outer.encrypted();
        if (enc == null) {
            return new DecodeResult.UnprotectedError(DropReason.MALFORMED, "no SK payload");
        }
        byte[] content;
        int firstInner;
        if (enc.fragment()) {
            // RFC 7383 §2.6: validate numbers before anything else; silently discard otherwise
            if (enc.fragmentNumber() == 0 || enc.totalFragments() == 0
                    || enc.fragmentNumber() > enc.totalFragments() || fragments == null) {
                return new DecodeResult.UnprotectedError(DropReason.FRAGMENT_INVALID, "numbers");
            }
            FragmentAssembler.Admission adm = fragments.admit(h.messageId(), enc.fragmentNumber(), enc.totalFragments());
            if (adm != FragmentAssembler.Admission.ACCEPT) {
                return new DecodeResult.UnprotectedError(DropReason.FRAGMENT_INVALID, adm.name());
            }
            int len = inbound.open(raw, enc.aadEnd(), enc.end());
            if (len < 0) {
                return new DecodeResult.UnprotectedError(DropReason.INTEGRITY_CHECK_FAILED, "SKF");
            }
            int plainOff = enc.aadEnd() + inbound.ivSize();
            FragmentAssembler.Complete done = fragments.add(h.messageId(), enc.fragmentNumber(), enc.totalFragments(),
                    enc.firstInner(), copy(raw, plainOff, len), outer.payloads(), received);
            if (done == null) {
                return fragments.overLimit()
                        ? new DecodeResult.UnprotectedError(DropReason.FRAGMENT_LIMIT, "size")
                        : new DecodeResult.Partial();
            }
            content = done.content();
            firstInner = done.firstInner();
            List<Payload> clear = done.clearPayloads();
            return inner(done.firstRaw(), h, clear, content, firstInner);
        }
        int len = inbound.open(raw, enc.aadEnd(), enc.end());
        if (len < 0) {
            return new DecodeResult.UnprotectedError(DropReason.INTEGRITY_CHECK_FAILED, "SK");
        }
        content = copy(raw, enc.aadEnd() + inbound.ivSize(), len);
        return inner(received, h, outer.payloads(), content, enc.firstInner());
    }

    private static DecodeResult inner(byte[] raw, IkeHeader h, List<Payload> clear, byte[] content, int firstInner) {
        List<Payload> all = new ArrayList<>(clear);
        try {
            PayloadChain.Result r = PayloadChain.decode(content, 0, content.length, firstInner);
            if (r.encrypted() != null) {
                return new DecodeResult.ProtectedError(NotifyType.INVALID_SYNTAX, null, "nested SK");
            }
            all.addAll(r.payloads());
        } catch (MalformedException e) {
            return new DecodeResult.ProtectedError(NotifyType.INVALID_SYNTAX, null, e.getMessage());
        }
        for (Payload p : all) {
            // RFC 7296 §2.5: an unknown payload with the critical bit rejects the whole message
            if (p instanceof UnknownPayload u && u.critical()) {
                return new DecodeResult.ProtectedError(NotifyType.UNSUPPORTED_CRITICAL_PAYLOAD,
                        new byte[] {(byte) u.code()}, "critical payload " + u.code());
            }
        }
        return new DecodeResult.Ok(new IkeMessage(h, all, raw));
    }

    private static byte[] copy(byte[] b, int off, int len) {
        byte[] out = new byte[len];
        System.arraycopy(b, off, out, 0, len);
        return out;
    }
}
