package io.ikebana.esp;

import io.ikebana.esp.ChildSaListener.Reason;
import io.ikebana.esp.crypto.BigEndian;
import io.ikebana.esp.crypto.EspCipher;
import io.ikebana.esp.io.InnerPacketHandler;

/**
 * Outbound ESP processing (RFC 4303 §3.3) of inner packets read from the device: SA selection by
 * traffic selectors, sequence number, padding, encryption into this instance's output buffer, and
 * the hand-off to the UDP sender. Runs on the device's reader thread; the output buffer makes an
 * instance single-threaded (one per reader thread).
 */
final class EspOutbound implements InnerPacketHandler {

    /** RFC 3948 §2.1 over IPv4: 65535 - IP header (20) - UDP header (8). */
    static final int MAX_ESP_LENGTH = 65_507;
    /** Header, IV (16), worst-case padding (15), pad length, next header, ICV (32). */
    private static final int MAX_OVERHEAD = 8 + 16 + 15 + 2 + 32;

    private final OutboundSaTable table;
    private final EspSender sender;
    private final EspMetrics metrics;
    private final byte[] out = new byte[MAX_ESP_LENGTH + MAX_OVERHEAD];

    EspOutbound(OutboundSaTable table, EspSender sender, EspMetrics metrics) {
        this.table = table;
        this.sender = sender;
        this.metrics = metrics;
    }

    @Override
    public void onPacket(byte[] buf, int off, int len) {
        int version = len > 0 ? InnerPacket.version(buf, off) : 0;
        int innerLength = InnerPacket.length(buf, off, len, version);
        if (innerLength < 0) {
            metrics.dropped(Direction.OUTBOUND, DropReason.BAD_INNER_PACKET);
            return;
        }
        if (innerLength + MAX_OVERHEAD > MAX_ESP_LENGTH) {
            metrics.dropped(Direction.OUTBOUND, DropReason.TOO_LARGE);
            return;
        }
        boolean v6 = version == 6;
        ChildSa sa = table.select(buf, off, innerLength, v6);
        if (sa == null) {
            metrics.dropped(Direction.OUTBOUND, DropReason.NO_OUTBOUND_SA);
            return;
        }
        OutboundSa o = sa.outbound;
        if (!o.tryAcquire()) {
            drop(o, DropReason.CONCURRENT_USE);
            return;
        }
        long seq;
        int espLength = 0;
        DropReason reason = null;
        try {
            seq = o.sequence.next();
            if (seq == 0) {
                // RFC 4303 §3.3.3: the counter must not cycle; the SA must be replaced
                reason = DropReason.SEQUENCE_EXHAUSTED;
            } else {
                espLength = encode(o, seq, buf, off, innerLength, v6);
                o.counters.add(innerLength);
            }
        } catch (RuntimeException e) {
            seq = 0;
            reason = DropReason.CRYPTO_ERROR;
        } finally {
            o.release();
        }
        if (reason != null) {
            drop(o, reason);
            if (reason == DropReason.SEQUENCE_EXHAUSTED) {
                sa.expire(Reason.SEQUENCE_NUMBER);
            }
            return;
        }
        Endpoints e = sa.endpoints();
        sender.send(e.local(), e.remote(), out, 0, espLength);
        metrics.packetOut(innerLength);
        if (o.sequence.isSoftLimit(seq)) {
            sa.requestRekey(Reason.SEQUENCE_NUMBER);
        }
        sa.checkVolume(o.counters);
    }

    private int encode(OutboundSa o, long seq, byte[] inner, int innerOff, int innerLength, boolean v6) {
        EspCipher cipher = o.cipher;
        BigEndian.putInt(out, 0, o.spi);
        // RFC 4303 §2.2: only the low 32 bits travel, with or without ESN
        BigEndian.putInt(out, 4, (int) seq);
        int dataOff = EspCipher.HEADER_LENGTH + cipher.ivLength();
        System.arraycopy(inner, innerOff, out, dataOff, innerLength);
        int align = cipher.padAlignment();
        // RFC 4303 §2.4: pad so that the encrypted part is block/4-octet aligned; content 1, 2, 3, ...
        int padLength = (align - (innerLength + 2) % align) % align;
        int p = dataOff + innerLength;
        for (int i = 1; i <= padLength; i++) {
            out[p++] = (byte) i;
        }
        out[p++] = (byte) padLength;
        out[p] = (byte) (v6 ? InnerPacket.NEXT_IPV6 : InnerPacket.NEXT_IPV4);
        return cipher.seal(seq, out, 0, innerLength + padLength + 2);
    }

    private void drop(OutboundSa o, DropReason reason) {
        o.counters.drop(reason);
        metrics.dropped(Direction.OUTBOUND, reason);
    }
}
