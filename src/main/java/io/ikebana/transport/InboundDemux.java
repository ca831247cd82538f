package io.ikebana.transport;

import io.ikebana.ike.IkeEngine;
import io.ikebana.ike.Packet;
import io.ikebana.transport.Classifier.Framing;
import io.ikebana.transport.Classifier.Kind;
import io.ikebana.wire.DropReason;
import io.ikebana.wire.IkeHeader;
import io.ikebana.wire.codec.MessageDecoder;
import java.net.InetSocketAddress;
import java.util.Arrays;

/**
 * The one inbound decision shared by the UDP sockets and the TCP streams (as Netty's DNS codec
 * shares one parser between its UDP and TCP decoders): classify one datagram or stream frame,
 * check the IKE header, and hand IKE to the engine and ESP to the data plane. Keepalives are
 * dropped silently (RFC 3948 §2.3, RFC 9329 §6.6); everything else that is dropped is counted.
 * Runs on the receiving event loop; never blocks.
 */
public final class InboundDemux {
    private volatile IkeEngine engine;
    private volatile EspInput esp = EspInput.DROP;

    public void engine(IkeEngine e) {
        this.engine = e;
    }

    public void esp(EspInput input) {
        this.esp = input;
    }

    /**
     * Delivers {@code b[off, off + len)}. IKE is copied (the engine queues it); ESP is handed over
     * in place (the data plane decrypts in the caller's buffer). Returns what it was; GARBAGE when
     * it was dropped as unusable (too short, or an IKE header that fails the checks of
     * {@link MessageDecoder#checkHeader}).
     */
    public Kind deliver(InetSocketAddress local, InetSocketAddress remote, byte[] b, int off, int len, Framing framing) {
        Kind k = Classifier.classify(b, off, len, framing);
        switch (k) {
            case KEEPALIVE:
                return k;
            case IKE_MARKER:
                return ike(new Packet(local, remote, Arrays.copyOfRange(b, off + 4, off + len), true,
                        framing == Framing.STREAM));
            case IKE:
                return ike(new Packet(local, remote, Arrays.copyOfRange(b, off, off + len), false, false));
            case ESP:
                esp.onEsp(remote, local, b, off, len);
                return k;
            default:
                drop(DropReason.TRUNCATED);
                return Kind.GARBAGE;
        }
    }

    private Kind ike(Packet p) {
        DropReason bad = MessageDecoder.checkHeader(IkeHeader.decode(p.data(), 0, p.data().length), p.data().length);
        if (bad != null) {
            drop(bad);
            return Kind.GARBAGE;
        }
        IkeEngine e = engine;
        if (e != null) {
            e.receive(p);
        }
        return p.marker() ? Kind.IKE_MARKER : Kind.IKE;
    }

    private void drop(DropReason r) {
        IkeEngine e = engine;
        if (e != null) {
            e.metrics().drop(r);
        }
    }
}
