package io.ikebana.transport;

import io.ikebana.ike.ChildSaInstaller;
import io.ikebana.ike.IkeEngine;
import io.ikebana.ike.IkeExtension;
import io.ikebana.ike.IkeSa;
import io.ikebana.ike.Packet;
import io.ikebana.ike.PacketSender;
import io.ikebana.transport.tcp.TcpMetrics;
import io.ikebana.transport.tcp.TcpPort;
import io.vertx.core.Future;
import java.net.InetSocketAddress;

/**
 * The node's transports behind one face: IKE packets and ESP go to UDP or to the TCP side
 * (RFC 9329) by the packet's {@code tcp} flag and by the Child SA's route; inbound IKE and ESP of
 * both arrive through the same {@link InboundDemux} decision. Without a TCP side, TCP packets are
 * dropped and counted.
 */
public final class Transports implements PacketSender, EspPort {
    private final UdpTransport udp;
    private final TcpMetrics metrics;
    private volatile TcpPort tcp;
    private volatile EspInput espInput = EspInput.DROP;
    private volatile IkeEngine engine;
    private EspRoutes routes;

    public Transports(UdpTransport udp, TcpMetrics metrics) {
        this.udp = udp;
        this.metrics = metrics;
    }

    public UdpTransport udp() {
        return udp;
    }

    public TcpPort tcp() {
        return tcp;
    }

    /** Adds the TCP side (before or after the engine is known). */
    public void tcp(TcpPort port) {
        this.tcp = port;
        port.esp(espInput);
        if (engine != null) {
            port.engine(engine);
        }
    }

    public void engine(IkeEngine e) {
        this.engine = e;
        udp.engine(e);
        TcpPort t = tcp;
        if (t != null) {
            t.engine(e);
        }
        if (routes != null) {
            routes.tcpSa(spi -> {
                IkeSa sa = e.store().peek(spi);
                return sa != null && sa.has(IkeExtension.TCP);
            });
        }
    }

    /**
     * Wraps the data plane's installer so that this object learns which Child SAs send in TCP;
     * the engine must be given the returned installer.
     */
    public ChildSaInstaller installer(ChildSaInstaller dataPlane) {
        if (dataPlane == ChildSaInstaller.NONE) {
            return dataPlane;
        }
        routes = new EspRoutes(dataPlane);
        return routes;
    }

    @Override
    public void send(Packet p) {
        if (!p.tcp()) {
            udp.send(p);
            return;
        }
        TcpPort t = tcp;
        if (t != null) {
            t.send(p);
        } else {
            metrics.dropped(TcpMetrics.Drop.NO_TRANSPORT);
        }
    }

    @Override
    public void esp(EspInput input) {
        this.espInput = input;
        udp.esp(input);
        TcpPort t = tcp;
        if (t != null) {
            t.esp(input);
        }
    }

    @Override
    public void sendEsp(InetSocketAddress local, InetSocketAddress remote, byte[] buf, int off, int len) {
        EspRoutes r = routes;
        if (r != null && len >= 4 && r.inTcp(buf, off)) {
            TcpPort t = tcp;
            if (t != null) {
                t.sendEsp(local, remote, buf, off, len);
            } else {
                metrics.dropped(TcpMetrics.Drop.NO_TRANSPORT);
            }
            return;
        }
        udp.sendEsp(local, remote, buf, off, len);
    }

    public Future<Void> close() {
        TcpPort t = tcp;
        Future<Void> f = t != null ? t.close() : Future.succeededFuture();
        return Future.all(f, udp.close()).mapEmpty();
    }
}
