package io.ikebana.esp;

import io.ikebana.esp.crypto.BigEndian;
import io.ikebana.esp.crypto.EspCipher;
import io.ikebana.esp.io.PacketIo;
import java.net.InetSocketAddress;
import java.util.function.Consumer;

/**
 * Inbound ESP processing of one packet (RFC 4303 §3.4) after the SA lookup: replay check, ICV and
 * decryption in place, window update, trailer and inner-packet checks, selector check, delivery
 * to the device. Runs on the calling (UDP receive) thread; stateless apart from its ports, so one
 * instance serves all threads.
 */
final class EspInbound {

    private static final DropReason[] REASONS = DropReason.values();

    private final PacketIo device;
    private final EspMetrics metrics;
    /** Called once for a rekey's successor pair whose outbound waits for a first valid packet. */
    private final Consumer<ChildSa> firstValidPacket;

    EspInbound(PacketIo device, EspMetrics metrics, Consumer<ChildSa> firstValidPacket) {
        this.device = device;
        this.metrics = metrics;
        this.firstValidPacket = firstValidPacket;
    }

    void process(ChildSa sa, InetSocketAddress remote, byte[] buf, int off, int len) {
        InboundSa in = sa.inbound;
        if (sa.isDead()) {
            drop(in, DropReason.SA_EXPIRED);
            return;
        }
        EspCipher cipher = in.cipher;
        int dataOff = off + EspCipher.HEADER_LENGTH + cipher.ivLength();
        int dataLength = len - EspCipher.HEADER_LENGTH - cipher.ivLength() - cipher.icvLength();
        // RFC 4303 §2.4: pad length and next header always present, ciphertext block/4-octet aligned
        if (dataLength < 2 || dataLength % cipher.padAlignment() != 0) {
            drop(in, DropReason.MALFORMED);
            return;
        }
        if (!in.tryAcquire()) {
            drop(in, DropReason.CONCURRENT_USE);
            return;
        }
        DropReason reason;
        int innerLength = 0;
        boolean mappingChanged = false;
        boolean authenticated = false;
        try {
            long seq = in.window.infer(BigEndian.getInt(buf, off + 4));
            // RFC 4303 §3.4.3: the replay check comes first, before the (costly) ICV check
            reason = in.window.check(seq);
            if (reason == null) {
                int plainLength = cipher.open(seq, buf, off, len);
                if (plainLength < 0) {
                    // RFC 4303 §3.4.4: discard; the window is not touched
                    reason = DropReason.ICV_FAILURE;
                } else {
                    // RFC 4303 §3.4.3: the window advances only for authenticated packets
                    in.window.accept(seq);
                    authenticated = true;
                    innerLength = innerLength(buf, dataOff, plainLength);
                    reason = innerLength < 0 ? REASONS[-innerLength - 1]
                            : checkSelectors(in, buf, dataOff, innerLength);
                    if (remote != null && !remote.equals(sa.endpoints().remote()) && !remote.equals(in.reportedRemote)) {
                        in.reportedRemote = remote;
                        mappingChanged = true;
                    }
                    if (reason == null) {
                        in.counters.add(innerLength);
                    }
                }
            }
        } catch (RuntimeException e) {
            reason = DropReason.CRYPTO_ERROR;
        } finally {
            in.release();
        }
        if (mappingChanged) {
            sa.reportMapping(remote);
        }
        if (authenticated && sa.outboundWaitsFor() != 0) {
            // RFC 7296 §2.8: the rekey's initiator sends on the new pair, so it can receive on it
            firstValidPacket.accept(sa);
        }
        if (reason != null) {
            drop(in, reason);
            return;
        }
        if (device.write(buf, dataOff, innerLength)) {
            metrics.packetIn(innerLength);
        } else {
            drop(in, DropReason.DEVICE_ERROR);
        }
        sa.checkVolume(in.counters);
    }

    /**
     * The inner packet's length from the trailer and inner header, or -(reason ordinal + 1).
     * Plaintext = payload | [TFC padding] | padding | pad length | next header (RFC 4303 §2).
     */
    private static int innerLength(byte[] buf, int off, int plainLength) {
        int padLength = buf[off + plainLength - 2] & 0xff;
        int nextHeader = buf[off + plainLength - 1] & 0xff;
        int payloadLength = plainLength - 2 - padLength;
        if (payloadLength < 0) {
            return fail(DropReason.BAD_PADDING);
        }
        // RFC 4303 §2.4: default padding is 1, 2, 3, ...; the receiver SHOULD check it
        for (int i = 0; i < padLength; i++) {
            if (buf[off + payloadLength + i] != (byte) (i + 1)) {
                return fail(DropReason.BAD_PADDING);
            }
        }
        int version;
        switch (nextHeader) {
            case InnerPacket.NEXT_NONE:
                // RFC 4303 §2.6: a dummy packet, discarded silently
                return fail(DropReason.DUMMY_PACKET);
            case InnerPacket.NEXT_IPV4:
                version = 4;
                break;
            case InnerPacket.NEXT_IPV6:
                version = 6;
                break;
            default:
                // tunnel mode only: the payload is a whole IPv4 or IPv6 packet
                return fail(DropReason.BAD_NEXT_HEADER);
        }
        // RFC 4303 §2.7: TFC padding may follow the inner packet; its own header gives its length
        int length = InnerPacket.length(buf, off, payloadLength, version);
        return length < 0 ? fail(DropReason.BAD_INNER_PACKET) : length;
    }

    private static int fail(DropReason reason) {
        return -reason.ordinal() - 1;
    }

    /** RFC 4301 §5.2 step 4: the inner source/destination must lie within the negotiated selectors. */
    private static DropReason checkSelectors(InboundSa in, byte[] buf, int off, int len) {
        boolean v6 = InnerPacket.version(buf, off) == 6;
        return in.sources.matches(buf, off, len, v6, true) && in.destinations.matches(buf, off, len, v6, false)
                ? null : DropReason.SELECTOR_MISMATCH;
    }

    private void drop(InboundSa in, DropReason reason) {
        in.counters.drop(reason);
        metrics.dropped(Direction.INBOUND, reason);
    }
}
