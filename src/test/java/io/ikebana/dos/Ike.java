package io.ikebana.dos;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.ByteBuffer;
import java.util.HexFormat;
import java.util.List;

/** Builders for test messages and requests. */
public final class Ike {
    public static final int IKE_SA_INIT = 34;
    public static final int IKE_AUTH = 35;
    public static final int FLAG_I = 0x08;
    public static final int FLAG_R = 0x20;
    /** PRF_HMAC_SHA2_256. */
    public static final int PRF_SHA256 = 5;

    private Ike() {
    }

    public static InetAddress ip(String s) {
        try {
            return InetAddress.getByName(s);
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException(s, e);
        }
    }

    public static byte[] hex(String s) {
        return HexFormat.of().parseHex(s.replace(" ", ""));
    }

    /** Header fields of a test message; the body is zero-filled up to {@code size}. */
    public record Header(long spiI, long spiR, int nextPayload, int version, int exchange, int flags, long messageId,
            long lengthField, int size) {

        /** A well-formed IKE_SA_INIT request of 300 octets. */
        public static Header initRequest() {
            return new Header(0x1122334455667788L, 0, 33, 0x20, IKE_SA_INIT, FLAG_I, 0, 300, 300);
        }

        public Header spiI(long v) {
            return new Header(v, spiR, nextPayload, version, exchange, flags, messageId, lengthField, size);
        }

        public Header spiR(long v) {
            return new Header(spiI, v, nextPayload, version, exchange, flags, messageId, lengthField, size);
        }

        public Header nextPayload(int v) {
            return new Header(spiI, spiR, v, version, exchange, flags, messageId, lengthField, size);
        }

        public Header version(int v) {
            return new Header(spiI, spiR, nextPayload, v, exchange, flags, messageId, lengthField, size);
        }

        public Header exchange(int v) {
            return new Header(spiI, spiR, nextPayload, version, v, flags, messageId, lengthField, size);
        }

        public Header flags(int v) {
            return new Header(spiI, spiR, nextPayload, version, exchange, v, messageId, lengthField, size);
        }

        public Header messageId(long v) {
            return new Header(spiI, spiR, nextPayload, version, exchange, flags, v, lengthField, size);
        }

        public Header lengthField(long v) {
            return new Header(spiI, spiR, nextPayload, version, exchange, flags, messageId, v, size);
        }

        /** Resizes the datagram and its Length field together. */
        public Header size(int v) {
            return new Header(spiI, spiR, nextPayload, version, exchange, flags, messageId, v, v);
        }

        /** Resizes only the datagram (truncated or padded); Length unchanged. */
        public Header datagramSize(int v) {
            return new Header(spiI, spiR, nextPayload, version, exchange, flags, messageId, lengthField, v);
        }

        public byte[] bytes() {
            ByteBuffer b = ByteBuffer.allocate(Math.max(size, 28));
            b.putLong(spiI).putLong(spiR).put((byte) nextPayload).put((byte) version).put((byte) exchange)
                    .put((byte) flags).putInt((int) messageId).putInt((int) lengthField);
            byte[] all = b.array();
            return size >= 28 ? all : java.util.Arrays.copyOf(all, size);
        }
    }

    public static InboundDatagram datagram(String source, Header h) {
        return new InboundDatagram(ip(source), 500, ip("192.0.2.1"), Transport.UDP, h.bytes());
    }

    public static InboundDatagram initDatagram(String source) {
        return datagram(source, Header.initRequest());
    }

    /** An IKE_SA_INIT request from {@code source} with a nonce derived from the SPI. */
    public static InitRequest init(String source, long spiI) {
        return init(ip(source), 500, Transport.UDP, spiI);
    }

    public static InitRequest init(InetAddress source, int port, Transport transport, long spiI) {
        byte[] ni = ByteBuffer.allocate(32).putLong(spiI).putLong(~spiI).putLong(spiI * 31).putLong(7).array();
        return new InitRequest(source, port, ip("192.0.2.1"), transport, spiI, ni, null, null, List.of(PRF_SHA256));
    }
}
