package io.ikebana.ike;

import java.net.InetSocketAddress;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Predicate;

/** An in-memory network between engines: a packet sent to an address reaches the engine bound there. */
final class Loopback implements PacketSender {
    private final Map<InetSocketAddress, IkeEngine> hosts = new ConcurrentHashMap<>();
    final List<Packet> sent = new CopyOnWriteArrayList<>();
    volatile Predicate<Packet> drop = p -> false;

    void attach(InetSocketAddress address, IkeEngine engine) {
        hosts.put(address, engine);
    }

    @Override
    public void send(Packet p) {
        sent.add(p);
        if (drop.test(p)) {
            return;
        }
        IkeEngine target = hosts.get(p.remote());
        if (target != null) {
            target.receive(new Packet(p.remote(), p.local(), p.data().clone(), p.marker(), p.tcp()));
        }
    }
}
