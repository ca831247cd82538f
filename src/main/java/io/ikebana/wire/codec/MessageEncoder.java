package io.ikebana.wire.codec;

import io.ikebana.crypto.SkCipher;
import io.ikebana.wire.IkeHeader;
import io.ikebana.wire.PayloadType;
import io.ikebana.wire.WireWriter;
import io.ikebana.wire.payload.Payload;
import java.util.ArrayList;
import java.util.List;

/** Builds the octets of outgoing messages: plain, SK-protected, or split into SKF fragments. */
public final class MessageEncoder {

    private MessageEncoder() {
    }

    /** An unprotected message (IKE_SA_INIT and unprotected error notifies). */
    public static byte[] plain(IkeHeader header, List<? extends Payload> payloads) {
        WireWriter w = new WireWriter(512);
        header.withNextPayload(PayloadChain.firstType(payloads, 0)).encode(w);
        PayloadChain.encode(w, payloads, 0);
        byte[] out = w.toByteArray();
        patchLength(out);
        return out;
    }

    /** A message whose payloads go inside SK (RFC 7296 §3.14); {@code clear} go before SK. */
    public static byte[] protect(IkeHeader header, List<? extends Payload> clear, List<? extends Payload> inner,
            SkCipher cipher) {
        WireWriter content = new WireWriter(512);
        PayloadChain.encode(content, inner, 0);
        byte[] plain = content.toByteArray();
        return seal(header, clear, PayloadChain.firstType(inner, 0), plain, 0, plain.length, cipher, 0, 0);
    }

    /**
     * Splits the content into SKF fragments (RFC 7383 §2.5) so that each IKE message is at most
     * {@code maxMessage} octets. Unprotected payloads go only into the first fragment.
     */
    public static List<byte[]> fragment(IkeHeader header, List<? extends Payload> clear,
            List<? extends Payload> inner, SkCipher cipher, int maxMessage) {
        WireWriter content = new WireWriter(2048);
        PayloadChain.encode(content, inner, 0);
        byte[] plain = content.toByteArray();
        WireWriter clearW = new WireWriter(64);
        PayloadChain.encode(clearW, clear, PayloadType.SKF.code());
        int fixed = IkeHeader.SIZE + 8 + cipher.ivSize() + cipher.icvSize() + 16;
        int chunk = Math.max(1, maxMessage - fixed - clearW.position());
        int total = Math.max(1, (plain.length + chunk - 1) / chunk);
        List<byte[]> out = new ArrayList<>(total);
        for (int i = 0; i < total; i++) {
            int off = i * chunk;
            int len = Math.min(chunk, plain.length - off);
            out.add(seal(header, i == 0 ? clear : List.of(), i == 0 ? PayloadChain.firstType(inner, 0) : 0,
                    plain, off, len, cipher, i + 1, total));
        }
        return out;
    }

    private static byte[] seal(IkeHeader header, List<? extends Payload> clear, int firstInner, byte[] plain,
            int off, int len, SkCipher cipher, int fragNum, int fragTotal) {
        boolean frag = fragNum > 0;
        int encType = frag ? PayloadType.SKF.code() : PayloadType.SK.code();
        int bodyLen = cipher.ivSize() + cipher.paddedLength(len) + cipher.icvSize();
        WireWriter w = new WireWriter(IkeHeader.SIZE + 64 + len + bodyLen);
        header.withNextPayload(PayloadChain.firstType(clear, encType)).encode(w);
        PayloadChain.encode(w, clear, encType);
        int skStart = w.position();
        int skLen = (frag ? 8 : 4) + bodyLen;
        w.u8(firstInner).u8(0).u16(skLen);
        if (frag) {
            w.u16(fragNum).u16(fragTotal);
        }
        int aadEnd = w.position();
        w.zeros(cipher.ivSize());
        w.bytes(plain, off, len);
        w.zeros(bodyLen - cipher.ivSize() - len);
        byte[] msg = w.toByteArray();
        patchLength(msg);
        if (skStart + skLen != msg.length) {
            throw new IllegalStateException("SK length mismatch");
        }
        cipher.seal(msg, aadEnd, len);
        return msg;
    }

    private static void patchLength(byte[] msg) {
        int l = msg.length;
        msg[24] = (byte) (l >>> 24);
        msg[25] = (byte) (l >>> 16);
        msg[26] = (byte) (l >>> 8);
        msg[27] = (byte) l;
    }
}
