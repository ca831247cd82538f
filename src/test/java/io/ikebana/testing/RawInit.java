package io.ikebana.testing;

import io.ikebana.crypto.DhGroup;
import io.ikebana.dos.puzzle.PuzzleChallenge;
import io.ikebana.policy.CryptoProposal;
import io.ikebana.wire.DecodeResult;
import io.ikebana.wire.ExchangeType;
import io.ikebana.wire.IkeHeader;
import io.ikebana.wire.IkeMessage;
import io.ikebana.wire.NotifyType;
import io.ikebana.wire.codec.MessageDecoder;
import io.ikebana.wire.codec.MessageEncoder;
import io.ikebana.wire.payload.KePayload;
import io.ikebana.wire.payload.NoncePayload;
import io.ikebana.wire.payload.NotifyPayload;
import io.ikebana.wire.payload.Payload;
import io.ikebana.wire.payload.Proposal;
import io.ikebana.wire.payload.SaPayload;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;

/**
 * One hand-made IKE_SA_INIT request (fixed SPIi, Ni, KEi) from a chosen source address, sent raw
 * over UDP, and what came back: a real response, a COOKIE (with or without PUZZLE), or nothing.
 * The same request can be retried with a cookie to any gateway (RFC 7296 §2.6: the cookie is
 * bound to Ni, IPi and SPIi, so another member can check it).
 */
public final class RawInit implements AutoCloseable {
    private static final SecureRandom RANDOM = new SecureRandom();
    private final DatagramSocket socket;
    private final long spiI;
    private final byte[] nonce = new byte[32];
    private final byte[] ke = new byte[32];

    /** What a gateway answered. */
    public record Answer(IkeMessage message) {
        public boolean none() {
            return message == null;
        }

        /** A real IKE_SA_INIT response: SA payload, SPIr set (state was created). */
        public boolean accepted() {
            return message != null && message.first(SaPayload.class) != null && message.header().spiR() != 0;
        }

        public byte[] cookie() {
            NotifyPayload n = message == null ? null : message.notify(NotifyType.COOKIE);
            return n == null ? null : n.data();
        }

        /** The puzzle difficulty asked, or -1 without PUZZLE. */
        public int puzzleDifficulty() {
            NotifyPayload n = message == null ? null : message.notify(NotifyType.PUZZLE);
            return n == null ? -1 : PuzzleChallenge.parse(n.data()).map(PuzzleChallenge::difficulty).orElse(-1);
        }

        @Override
        public String toString() {
            return message == null ? "no answer" : accepted() ? "IKE_SA_INIT response"
                    : cookie() != null ? "COOKIE" + (puzzleDifficulty() >= 0 ? " + PUZZLE d=" + puzzleDifficulty() : "")
                    : String.valueOf(message);
        }
    }

    public RawInit(String source) {
        try {
            this.socket = new DatagramSocket(new InetSocketAddress(InetAddress.getByName(source), 0));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        this.spiI = RANDOM.nextLong() | 1;
        RANDOM.nextBytes(nonce);
        // any 32 octets are a valid X25519 public value
        RANDOM.nextBytes(ke);
    }

    public byte[] request(byte[] cookie) {
        return request(cookie, null);
    }

    /** The request, with {@code cookie} first and the puzzle solution {@code ps} (PS payload) after it. */
    public byte[] request(byte[] cookie, byte[] ps) {
        List<Payload> pl = new ArrayList<>();
        if (cookie != null) {
            pl.add(NotifyPayload.of(NotifyType.COOKIE, cookie));
        }
        if (ps != null) {
            pl.add(new io.ikebana.wire.payload.PsPayload(ps));
        }
        List<Payload> ps2 = pl;
        CryptoProposal p = CryptoProposal.parse("aes256gcm16-prfsha256-x25519", false);
        ps2.add(new SaPayload(List.of(p.toWire(1, Proposal.PROTO_IKE, null))));
        ps2.add(new KePayload(DhGroup.CURVE25519.id(), ke));
        ps2.add(new NoncePayload(nonce));
        return MessageEncoder.plain(IkeHeader.of(spiI, 0, ExchangeType.IKE_SA_INIT, false, true, 0), ps2);
    }

    /** Sends the request (with {@code cookie} first if not null) and waits for an answer to it. */
    public Answer send(InetSocketAddress gateway, byte[] cookie, int timeoutMillis) {
        return send(gateway, cookie, null, timeoutMillis);
    }

    /** Sends the request with a cookie and a puzzle solution (RFC 8019 §7.1.2). */
    public Answer send(InetSocketAddress gateway, byte[] cookie, byte[] ps, int timeoutMillis) {
        try {
            byte[] m = request(cookie, ps);
            socket.send(new DatagramPacket(m, m.length, gateway));
            long end = System.currentTimeMillis() + timeoutMillis;
            byte[] buf = new byte[4096];
            while (true) {
                long left = end - System.currentTimeMillis();
                if (left <= 0) {
                    return new Answer(null);
                }
                socket.setSoTimeout((int) left);
                DatagramPacket d = new DatagramPacket(buf, buf.length);
                try {
                    socket.receive(d);
                } catch (SocketTimeoutException e) {
                    return new Answer(null);
                }
                byte[] b = java.util.Arrays.copyOf(d.getData(), d.getLength());
                if (MessageDecoder.plain(b) instanceof DecodeResult.Ok ok && ok.message().isResponse()
                        && ok.message().header().spiI() == spiI) {
                    return new Answer(ok.message());
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Sends up to {@code tries} times (a flooded gateway may throttle the prefix) until answered. */
    public Answer sendUntilAnswered(InetSocketAddress gateway, byte[] cookie, int tries, int timeoutMillis) {
        return sendUntilAnswered(gateway, cookie, null, tries, timeoutMillis);
    }

    public Answer sendUntilAnswered(InetSocketAddress gateway, byte[] cookie, byte[] ps, int tries, int timeoutMillis) {
        Answer a = new Answer(null);
        for (int i = 0; i < tries && a.none(); i++) {
            a = send(gateway, cookie, ps, timeoutMillis);
        }
        return a;
    }

    /**
     * A half-open SA that is never completed: plain request, then the cookies returned (without
     * puzzle solutions, like a legacy client) until the gateway creates state or gives up.
     */
    public Answer halfOpen(InetSocketAddress gateway, int rounds) {
        Answer a = sendUntilAnswered(gateway, null, 3, 2000);
        for (int i = 0; i < rounds && !a.none() && !a.accepted() && a.cookie() != null; i++) {
            a = sendUntilAnswered(gateway, a.cookie(), 3, 2000);
        }
        return a;
    }

    public long spiI() {
        return spiI;
    }

    @Override
    public void close() {
        socket.close();
    }
}
