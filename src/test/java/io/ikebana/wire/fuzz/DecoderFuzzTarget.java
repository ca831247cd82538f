package io.ikebana.wire.fuzz;

import io.ikebana.crypto.EncrAlgorithm;
import io.ikebana.crypto.IntegAlgorithm;
import io.ikebana.crypto.SkCipher;
import io.ikebana.wire.DecodeResult;
import io.ikebana.wire.DropReason;
import io.ikebana.wire.IkeHeader;
import io.ikebana.wire.IkeMessage;
import io.ikebana.wire.MalformedException;
import io.ikebana.wire.NotifyType;
import io.ikebana.wire.ProtectedBytes;
import io.ikebana.wire.Vectors;
import io.ikebana.wire.WireBytes;
import io.ikebana.wire.WireWriter;
import io.ikebana.wire.codec.FragmentAssembler;
import io.ikebana.wire.codec.MessageDecoder;
import io.ikebana.wire.codec.MessageEncoder;
import io.ikebana.wire.codec.PayloadChain;
import io.ikebana.wire.payload.CpPayload;
import io.ikebana.wire.payload.DeletePayload;
import io.ikebana.wire.payload.Payload;
import io.ikebana.wire.payload.Proposal;
import io.ikebana.wire.payload.SaPayload;
import io.ikebana.wire.payload.TsPayload;
import io.ikebana.wire.payload.UnknownPayload;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * The decoders' fuzz target and its invariants. {@link #fuzzerTestOneInput(byte[])} is the
 * entry point in the shape Jazzer (and libFuzzer-style drivers) call, with no dependency on them:
 * a violated invariant throws {@link AssertionError}. Invariants:
 * <ul>
 * <li>decoding never throws: MessageDecoder returns a DecodeResult for every input, and
 * PayloadChain throws nothing but MalformedException;</li>
 * <li>an unprotected message is dropped only for TRUNCATED, BAD_LENGTH, BAD_VERSION or MALFORMED;</li>
 * <li>whatever decodes can be printed, encoded again, and decodes again to the same shape;</li>
 * <li>authenticated content is classified exactly as the chain decoder sees it: malformed or a
 * nested SK is ProtectedError(INVALID_SYNTAX), else an unknown critical payload is
 * ProtectedError(UNSUPPORTED_CRITICAL_PAYLOAD) with its type, else Ok.</li>
 * </ul>
 */
public final class DecoderFuzzTarget {
    private static final SecureRandom RANDOM = new SecureRandom();
    static final Set<DropReason> PLAIN_DROPS = EnumSet.of(DropReason.TRUNCATED, DropReason.BAD_LENGTH,
            DropReason.BAD_VERSION, DropReason.MALFORMED);

    private DecoderFuzzTarget() {
    }

    public static SkCipher gcm() {
        return new SkCipher(EncrAlgorithm.AES_GCM_16, IntegAlgorithm.NONE, WireBytes.hex(Vectors.SK_EI_GCM256),
                new byte[0], RANDOM);
    }

    public static SkCipher cbc() {
        return new SkCipher(EncrAlgorithm.AES_CBC, IntegAlgorithm.HMAC_SHA2_256_128, WireBytes.hex(Vectors.SK_EI_CBC128),
                WireBytes.hex(Vectors.SK_AI_CBC128), RANDOM);
    }

    /** Jazzer-style entry point: any octets, as an unprotected and as a protected message. */
    public static void fuzzerTestOneInput(byte[] data) {
        checkPlain(data);
        checkProtected(data, gcm(), new FragmentAssembler(64, 65536));
        checkProtected(data, cbc(), null);
        if (data.length > 1) {
            checkInner(data[0] & 0xff, java.util.Arrays.copyOfRange(data, 1, data.length));
        }
    }

    public static void checkPlain(byte[] m) {
        DecodeResult r = decodeSafely(() -> MessageDecoder.plain(m.clone()), m);
        if (r instanceof DecodeResult.UnprotectedError u) {
            check(PLAIN_DROPS.contains(u.reason()), "unexpected drop reason " + u.reason(), m);
        } else if (r instanceof DecodeResult.Ok ok) {
            checkDecoded(ok.message(), m);
            // an unprotected message never carries SK
            byte[] again = MessageEncoder.plain(ok.message().header(), ok.message().payloads());
            DecodeResult r2 = MessageDecoder.plain(again);
            check(r2 instanceof DecodeResult.Ok, "re-encoded message does not decode: " + r2, m);
            check(shape(((DecodeResult.Ok) r2).message().payloads()).equals(shape(ok.message().payloads())),
                    "round trip changed the shape", m);
        } else {
            throw new AssertionError("plain decode gave " + r + " for " + WireBytes.hex(m));
        }
    }

    public static void checkProtected(byte[] m, SkCipher c, FragmentAssembler a) {
        byte[] copy = m.clone();
        DecodeResult r = decodeSafely(() -> MessageDecoder.protectedMessage(copy, c, a), m);
        check(java.util.Arrays.equals(copy, m), "protectedMessage modified its input", m);
        if (r instanceof DecodeResult.Ok ok) {
            checkDecoded(ok.message(), m);
        } else if (r instanceof DecodeResult.ProtectedError pe) {
            check(pe.error() == NotifyType.INVALID_SYNTAX || pe.error() == NotifyType.UNSUPPORTED_CRITICAL_PAYLOAD,
                    "protected error " + pe.error(), m);
        }
    }

    /**
     * Seals {@code content} (an inner payload chain starting with {@code firstType}) and checks
     * that the decoder classifies it as the chain decoder sees it.
     */
    public static void checkInner(int firstType, byte[] content) {
        byte[] hdr = WireBytes.header(0x0011223344556677L, 0x8899aabbccddeeffL, 0, 0x20, 37, IkeHeader.FLAG_INITIATOR,
                7, 0);
        byte[] msg = ProtectedBytes.sk(hdr, new byte[0], firstType, content, gcm());
        DecodeResult r = decodeSafely(() -> MessageDecoder.protectedMessage(msg, gcm(), null), content);
        PayloadChain.Result chain = null;
        try {
            chain = PayloadChain.decode(content, 0, content.length, firstType);
        } catch (MalformedException e) {
            check(r instanceof DecodeResult.ProtectedError pe && pe.error() == NotifyType.INVALID_SYNTAX,
                    "malformed content (" + e.getMessage() + ") gave " + r, content);
            return;
        } catch (RuntimeException e) {
            throw new AssertionError("PayloadChain threw " + e + " for " + firstType + ":" + WireBytes.hex(content), e);
        }
        if (chain.encrypted() != null) {
            check(r instanceof DecodeResult.ProtectedError pe && pe.error() == NotifyType.INVALID_SYNTAX,
                    "nested SK gave " + r, content);
            return;
        }
        UnknownPayload critical = null;
        for (Payload p : chain.payloads()) {
            if (p instanceof UnknownPayload u && u.critical()) {
                critical = u;
                break;
            }
        }
        if (critical != null) {
            check(r instanceof DecodeResult.ProtectedError pe && pe.error() == NotifyType.UNSUPPORTED_CRITICAL_PAYLOAD
                    && pe.data().length == 1 && (pe.data()[0] & 0xff) == critical.code(), "critical gave " + r, content);
            return;
        }
        check(r instanceof DecodeResult.Ok, "well-formed content gave " + r, content);
        IkeMessage m = ((DecodeResult.Ok) r).message();
        check(shape(m.payloads()).equals(shape(chain.payloads())), "decoded differently", content);
        checkDecoded(m, content);
    }

    /** Printing, re-encoding and re-decoding what was decoded. */
    static void checkDecoded(IkeMessage m, byte[] input) {
        try {
            m.toString();
            WireWriter w = new WireWriter();
            PayloadChain.encode(w, m.payloads(), 0);
            byte[] chain = w.toByteArray();
            int first = PayloadChain.firstType(m.payloads(), 0);
            PayloadChain.Result again = PayloadChain.decode(chain, 0, chain.length, first);
            check(shape(again.payloads()).equals(shape(m.payloads())), "re-encoded chain decodes differently", input);
        } catch (MalformedException e) {
            throw new AssertionError("re-encoded chain is malformed: " + e.getMessage() + " for " + WireBytes.hex(input));
        } catch (RuntimeException e) {
            throw new AssertionError("handling a decoded message threw " + e + " for " + WireBytes.hex(input), e);
        }
    }

    /** Payload types and the counts inside the structured ones. */
    static List<String> shape(List<Payload> payloads) {
        List<String> out = new ArrayList<>();
        for (Payload p : payloads) {
            String s = String.valueOf(p.typeCode());
            if (p instanceof SaPayload sa) {
                StringBuilder b = new StringBuilder(s).append(":");
                for (Proposal pr : sa.proposals()) {
                    b.append(pr.number()).append('/').append(pr.transforms().size()).append(',');
                }
                s = b.toString();
            } else if (p instanceof TsPayload ts) {
                s += ":" + ts.selectors().size();
            } else if (p instanceof DeletePayload d) {
                s += ":" + d.protocolId() + "/" + d.spis().size();
            } else if (p instanceof CpPayload cp) {
                s += ":" + cp.attributes().size();
            } else if (p instanceof UnknownPayload u) {
                s += ":" + u.critical() + "/" + u.body().length;
            }
            out.add(s);
        }
        return out;
    }

    private static DecodeResult decodeSafely(java.util.function.Supplier<DecodeResult> d, byte[] input) {
        try {
            DecodeResult r = d.get();
            check(r != null, "null result", input);
            return r;
        } catch (RuntimeException e) {
            throw new AssertionError("decoder threw " + e + " for " + WireBytes.hex(input), e);
        }
    }

    private static void check(boolean ok, String what, byte[] input) {
        if (!ok) {
            throw new AssertionError(what + " for " + WireBytes.hex(input));
        }
    }
}
