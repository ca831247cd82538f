package io.ikebana.cluster;

import io.ikebana.config.GatewayConfig;
import io.ikebana.ike.ClusterHooks;
import io.ikebana.ike.IkeExtension;
import io.ikebana.ike.IkeSa;
import io.ikebana.ike.Packet;
import io.ikebana.wire.IkeMessage;
import io.ikebana.wire.NotifyType;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * The engine's view of the cluster on a gateway: this member's own address for SAs it adopts,
 * and placement of new clients by redirect (RFC 5685 §3) to the member that should serve them.
 */
public final class GatewayClusterHooks implements ClusterHooks {
    private final ClusterRuntime runtime;
    private final GatewayConfig.Listen listen;
    private final Placement placement;
    private volatile java.util.function.Consumer<IkeSa> onClone = c -> { };
    private final Map<String, LongAdder> redirectedIn = new ConcurrentHashMap<>();
    private volatile java.util.function.Consumer<IkeSa> onStray = c -> { };
    private volatile java.util.function.Predicate<String> draining = m -> false;

    public GatewayClusterHooks(ClusterRuntime runtime, GatewayConfig.Listen listen, Placement placement) {
        this.runtime = runtime;
        this.listen = listen;
        this.placement = placement;
    }

    /** Which members are being drained: no new clients go there. */
    public void draining(java.util.function.Predicate<String> isDraining) {
        this.draining = isDraining;
    }

    /** What to do with clones peers create here (the cluster operations spread them). */
    public void onClone(java.util.function.Consumer<IkeSa> action) {
        this.onClone = action;
    }

    /** What to do with Child SAs installed here for SAs other members own (hand them back). */
    public void onStrayChildren(java.util.function.Consumer<IkeSa> action) {
        this.onStray = action;
    }

    @Override
    public void strayChildren(IkeSa sa) {
        onStray.accept(sa);
    }

    @Override
    public void cloned(IkeSa clone) {
        onClone.accept(clone);
    }

    @Override
    public InetSocketAddress localEndpoint(IkeSa sa) {
        boolean v6 = sa.remote().getAddress().getAddress().length == 16;
        // RFC 9329: an SA in TCP is reached on the TCP port (the client reconnects there)
        int port = sa.has(IkeExtension.TCP) && listen.tcpPort() > 0 ? listen.tcpPort()
                : sa.has(IkeExtension.NAT_T) ? listen.nattPort() : listen.ikePort();
        // the address clients see (a Service address in Kubernetes), else the bound one
        List<InetAddress> own = listen.publicAddresses().isEmpty() ? listen.addresses() : listen.publicAddresses();
        for (InetAddress a : own) {
            if ((a.getAddress().length == 16) == v6) {
                return new InetSocketAddress(a, port);
            }
        }
        return new InetSocketAddress(own.get(0), port);
    }

    /** Clients other members redirected here so far, by member name (published in the directory). */
    public Map<String, Long> redirectedIn() {
        Map<String, Long> out = new HashMap<>();
        redirectedIn.forEach((k, v) -> out.put(k, v.sum()));
        return out;
    }

    private void countRedirectedIn(IkeMessage init) {
        io.ikebana.wire.payload.NotifyPayload n = init.notify(NotifyType.REDIRECTED_FROM);
        if (n == null) {
            return;
        }
        InetAddress from;
        try {
            from = io.ikebana.ike.Redirects.parse(n.data()).gateway();
        } catch (RuntimeException e) {
            return;
        }
        for (MemberInfo m : runtime.members()) {
            for (String a : m.ikeAddresses()) {
                int colon = a.lastIndexOf(':');
                if (colon > 0 && a.substring(0, colon).equals(from.getHostAddress())) {
                    redirectedIn.computeIfAbsent(m.name(), k -> new LongAdder()).increment();
                    return;
                }
            }
        }
    }

    @Override
    public InetSocketAddress redirectTarget(Packet packet, IkeMessage init) {
        if (runtime.clustered() && runtime.members().size() < 2 && !init.hasNotify(NotifyType.REDIRECTED_FROM)) {
            // nobody else to send the client to, drained or not: decided without asking the grid
            placement.accepted(runtime.memberName());
            return null;
        }
        boolean drained = runtime.clustered() && draining.test(runtime.memberName());
        if (!runtime.clustered() || (init.hasNotify(NotifyType.REDIRECTED_FROM) && !drained)) {
            // RFC 5685 §7: a client we already redirected is served where it arrives (no loops)
            placement.accepted(runtime.memberName());
            countRedirectedIn(init);
            return null;
        }
        List<MemberInfo> candidates = new java.util.ArrayList<>();
        for (MemberInfo m : runtime.members()) { // the directory's local copy: no grid query
            if (!draining.test(m.name()) || m.name().equals(runtime.memberName())) {
                candidates.add(m);
            }
        }
        MemberInfo target = drained ? placement.chooseOther(runtime.memberName(), candidates) : placement.choose(runtime.memberName(), candidates);
        if (target == null) {
            placement.accepted(runtime.memberName());
            return null;
        }
        boolean v6 = packet.remote().getAddress().getAddress().length == 16;
        for (String a : target.ikeAddresses()) {
            try {
                // directory entries are "address:port" with an IP literal: no name lookup happens
                String literal = a.substring(0, a.lastIndexOf(':'));
                if (!literal.matches("[0-9a-fA-F:.]+")) {
                    continue;
                }
                InetAddress addr = InetAddress.getByName(literal);
                if ((addr.getAddress().length == 16) == v6) {
                    return new InetSocketAddress(addr, packet.local().getPort());
                }
            } catch (java.net.UnknownHostException e) {
                // a malformed directory entry: skip it
            }
        }
        placement.accepted(runtime.memberName());
        return null;
    }
}
