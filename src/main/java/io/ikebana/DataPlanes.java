package io.ikebana;

import io.ikebana.esp.ChildSaListener;
import io.ikebana.esp.EspChildSaInstaller;
import io.ikebana.esp.EspConfig;
import io.ikebana.esp.EspDataPlane;
import io.ikebana.esp.EspMetrics;
import io.ikebana.esp.io.EchoResponder;
import io.ikebana.esp.io.InnerPacketHandler;
import io.ikebana.esp.io.MemoryPacketIo;
import io.ikebana.esp.io.PacketIo;
import io.ikebana.esp.io.TunConfig;
import io.ikebana.esp.io.TunPacketIo;
import io.ikebana.ike.ChildSaInstaller;
import io.ikebana.ike.IkeEngine;
import io.ikebana.transport.EspInput;
import io.ikebana.transport.EspPort;
import io.vertx.core.Vertx;
import java.io.IOException;
import java.security.SecureRandom;

/**
 * Builds the data plane of a node: none (negotiation only), in memory (ESP terminated in the
 * process; the gateway answers pings itself, the client reads what arrives), or a TUN device.
 * Wires it between the transports (UDP, and TCP per RFC 9329) and the engine and ticks its lifetimes once a second.
 */
public final class DataPlanes implements AutoCloseable {
    private final EspDataPlane plane;
    private final EspChildSaInstaller installer;
    private final MemoryPacketIo memory;
    private long timer = -1;
    private Vertx vertx;

    private DataPlanes(EspDataPlane plane, EspChildSaInstaller installer, MemoryPacketIo memory) {
        this.plane = plane;
        this.installer = installer;
        this.memory = memory;
    }

    public static DataPlanes none() {
        return new DataPlanes(null, null, null);
    }

    /**
     * In-memory backend. {@code inner} receives decrypted packets; null makes this node answer
     * ICMP echo requests itself (the gateway's default without root).
     */
    public static DataPlanes memory(EspPort udp, int replayWindow, EspMetrics metrics, InnerPacketHandler inner) {
        MemoryPacketIo[] io = new MemoryPacketIo[1];
        InnerPacketHandler sink = inner != null ? inner : new EchoResponder(p -> io[0].inject(p));
        io[0] = new MemoryPacketIo(sink);
        return build(udp, io[0], replayWindow, metrics, io[0]);
    }

    public static DataPlanes tun(EspPort udp, TunConfig tun, int replayWindow, EspMetrics metrics)
            throws IOException {
        return build(udp, TunPacketIo.open(tun), replayWindow, metrics, null);
    }

    private static DataPlanes build(EspPort udp, PacketIo io, int replayWindow, EspMetrics metrics,
            MemoryPacketIo memory) {
        SecureRandom random = new SecureRandom();
        EspChildSaInstaller[] inst = new EspChildSaInstaller[1];
        ChildSaListener relay = new ChildSaListener() {
            @Override
            public void rekeyNeeded(long owner, int inboundSpi, Reason reason) {
                inst[0].rekeyNeeded(owner, inboundSpi, reason);
            }

            @Override
            public void expired(long owner, int inboundSpi, Reason reason) {
                inst[0].expired(owner, inboundSpi, reason);
            }
        };
        EspDataPlane plane = new EspDataPlane(new EspConfig(1L << 24), io, udp::sendEsp, relay, metrics,
                System::nanoTime, random);
        inst[0] = new EspChildSaInstaller(plane, random, replayWindow);
        udp.esp(plane::onInbound);
        plane.start();
        return new DataPlanes(plane, inst[0], memory);
    }

    public ChildSaInstaller installer() {
        return installer != null ? installer : ChildSaInstaller.NONE;
    }

    public EspDataPlane plane() {
        return plane;
    }

    /** The in-memory device (to inject inner packets), or null. */
    public MemoryPacketIo memory() {
        return memory;
    }

    public EspInput input() {
        return plane != null ? plane::onInbound : EspInput.DROP;
    }

    /** Connects lifetime events to the engine and starts the once-a-second lifetime check. */
    public void start(IkeEngine engine, Vertx v) {
        if (installer != null) {
            installer.engine(engine);
            this.vertx = v;
            timer = v.setPeriodic(1000, id -> plane.tick());
        }
    }

    @Override
    public void close() {
        if (vertx != null && timer >= 0) {
            vertx.cancelTimer(timer);
        }
        if (plane != null) {
            plane.close();
        }
    }
}
