package io.ikebana.cluster;

import com.hazelcast.topic.ITopic;
import io.ikebana.ike.IkeEngine;
import io.ikebana.ike.IkeSa;
import io.ikebana.ike.task.CloneExchange;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.locks.LockSupport;
import java.util.logging.Logger;

/**
 * Moves IKE SAs between members (DESIGN.md "Cluster operations"): one move, a drain of a member,
 * a rebalance, and the clone-and-spread of clone-capable clients. A move is a message on a grid
 * topic: the target adopts the SA (MOBIKE address update from its own address, or a redirect of
 * the established SA, then Child SAs re-created there), the old owner forgets its node-local
 * state and removes its Child SAs from its data plane after a grace period. Batches are paced
 * so that neither the clients nor the grid get flooded.
 */
public final class ClusterOperations implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger(ClusterOperations.class.getName());
    public static final String TOPIC = "ikebana-control";

    /** Counts of one batch of moves. */
    public record Batch(String id, int planned) {
    }

    private final ClusterRuntime runtime;
    private final IkeEngine engine;
    private final Placement placement;
    private final long graceMillis;
    private final int movesPerSecond;
    private final ITopic<String> topic;
    /** Members being drained: no new clients, clones or rebalanced SAs go there. */
    private final com.hazelcast.map.IMap<String, Long> draining;
    private final java.util.UUID listener;
    /**
     * Where this member sent clones lately, per family (the original's SPI) -> member -> when:
     * a clone's move reaches the grid only when the target adopts it, so the next clone of the
     * same family, made a moment later, must not count that member as free.
     */
    private final Map<Long, Map<String, Long>> recentCloneTargets = new java.util.concurrent.ConcurrentHashMap<>();
    private static final long CLONE_TARGET_MEMORY_MILLIS = 30_000;
    private final ExecutorService pacer = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "cluster-moves");
        t.setDaemon(true);
        return t;
    });

    public ClusterOperations(ClusterRuntime runtime, IkeEngine engine, Placement placement, long graceMillis,
            int movesPerSecond) {
        this.runtime = runtime;
        this.engine = engine;
        this.placement = placement;
        this.graceMillis = graceMillis;
        this.movesPerSecond = movesPerSecond;
        if (runtime.clustered()) {
            this.topic = runtime.node().hazelcast().getTopic(TOPIC);
            this.listener = topic.addMessageListener(m -> onMessage(m.getMessageObject()));
            this.draining = runtime.node().hazelcast().getMap("ikebana-draining");
            // a (re)started member takes clients again
            draining.delete(runtime.memberName());
        } else {
            this.topic = null;
            this.listener = null;
            this.draining = null;
        }
    }

    public boolean clustered() {
        return topic != null;
    }

    /** Moves one SA to {@code target}; completes when the move was handed to the target. */
    public CompletionStage<Void> move(long spi, String target) {
        if (topic == null) {
            return CompletableFuture.failedFuture(new IllegalStateException("not clustered"));
        }
        IkeSa sa = runtime.store().peek(spi);
        if (sa == null) {
            return CompletableFuture.failedFuture(new IllegalArgumentException("no IKE SA " + IkeEngine.leaseOwner(spi)));
        }
        if (runtime.members().stream().noneMatch(m -> m.name().equals(target))) {
            return CompletableFuture.failedFuture(new IllegalArgumentException("no member " + target));
        }
        if (target.equals(sa.owner())) {
            return CompletableFuture.completedFuture(null);
        }
        publish(spi, sa.owner(), target);
        return CompletableFuture.completedFuture(null);
    }

    private void publish(long spi, String from, String to) {
        // RFC 9329: the target cannot open a stream to a TCP client; its owner announces the target first
        boolean inTcp;
        try {
            IkeSa sa = runtime.store().peek(spi);
            inTcp = sa != null && sa.has(io.ikebana.ike.IkeExtension.TCP);
        } catch (RuntimeException e) {
            // unreadable here (no quorum, key conflict): move it as before; the owner knows better
            inTcp = false;
        }
        topic.publish((inTcp ? "announce " : "move ") + Long.toHexString(spi) + " " + from + " " + to);
    }

    /** The member's RFC 9329 listener, so that moves of SAs in TCP close the old stream (null: none). */
    public void tcp(io.ikebana.transport.tcp.TcpServer server) {
        this.tcp = server;
    }

    private volatile io.ikebana.transport.tcp.TcpServer tcp;

    /** True while {@code member} is drained: placement, rebalance and clones avoid it. */
    public boolean isDraining(String member) {
        return draining != null && draining.containsKey(member);
    }

    /**
     * Moves every SA owned by {@code member} to the other members, least loaded first, and keeps
     * new clients away from it until it restarts.
     */
    public Batch drain(String member) {
        if (draining != null) {
            draining.set(member, System.currentTimeMillis());
        }
        List<Long> spis = runtime.hazelcastStore().ownedBy(member);
        List<String> targets = new ArrayList<>();
        for (MemberInfo m : runtime.members()) {
            if (!m.name().equals(member) && !isDraining(m.name())) {
                targets.add(m.name());
            }
        }
        if (targets.isEmpty()) {
            throw new IllegalStateException("no other member to drain " + member + " to");
        }
        Map<String, Integer> load = loads();
        List<long[]> plan = new ArrayList<>();
        for (long spi : spis) {
            String t = targets.stream().min(Comparator.comparingInt(n -> load.getOrDefault(n, 0))).orElseThrow();
            load.merge(t, 1, Integer::sum);
            plan.add(new long[] {spi, targets.indexOf(t)});
        }
        String id = UUID.randomUUID().toString();
        LOG.info("drain " + id + " of " + member + ": " + plan.size() + " IKE SAs to " + targets);
        pace(id, plan, member, targets);
        return new Batch(id, plan.size());
    }

    /**
     * Evens out members: each above the mean gives SAs to those below it, as many as it exceeds
     * the mean by (e.g. after a member joined).
     */
    public Batch rebalance() {
        Map<String, Integer> load = loads();
        if (load.size() < 2) {
            return new Batch("none", 0);
        }
        int total = load.values().stream().mapToInt(Integer::intValue).sum();
        int mean = (int) Math.ceil(total / (double) load.size());
        List<String> names = new ArrayList<>(load.keySet());
        List<long[]> plan = new ArrayList<>();
        List<String> from = new ArrayList<>();
        for (String over : names) {
            int surplus = load.get(over) - mean;
            if (surplus <= 0) {
                continue;
            }
            List<Long> spis = runtime.hazelcastStore().ownedBy(over);
            for (int i = 0; i < surplus && i < spis.size(); i++) {
                String under = names.stream().min(Comparator.comparingInt(load::get)).orElseThrow();
                if (load.get(under) >= mean) {
                    break;
                }
                load.merge(under, 1, Integer::sum);
                load.merge(over, -1, Integer::sum);
                plan.add(new long[] {spis.get(i), names.indexOf(under)});
                from.add(over);
            }
        }
        String id = UUID.randomUUID().toString();
        LOG.info("rebalance " + id + ": " + plan.size() + " moves towards " + mean + " IKE SAs per member");
        List<String> targets = names;
        pacer.execute(() -> {
            long start = System.nanoTime();
            for (int i = 0; i < plan.size(); i++) {
                pause(start, i);
                publish(plan.get(i)[0], from.get(i), targets.get((int) plan.get(i)[1]));
            }
        });
        return new Batch(id, plan.size());
    }

    private void pace(String id, List<long[]> plan, String from, List<String> targets) {
        pacer.execute(() -> {
            long start = System.nanoTime();
            for (int i = 0; i < plan.size(); i++) {
                pause(start, i);
                publish(plan.get(i)[0], from, targets.get((int) plan.get(i)[1]));
            }
            LOG.info("batch " + id + ": " + plan.size() + " moves handed out");
        });
    }

    private void pause(long start, int i) {
        long wait = start + i * 1_000_000_000L / movesPerSecond - System.nanoTime();
        if (wait > 0) {
            LockSupport.parkNanos(wait);
        }
    }

    /** SAs per member that takes SAs, by the grid's owner index (fresher than the directory). */
    private Map<String, Integer> loads() {
        Map<String, Integer> load = new HashMap<>();
        for (MemberInfo m : runtime.members()) {
            if (!isDraining(m.name())) {
                load.put(m.name(), runtime.hazelcastStore().countOwnedBy(m.name()));
            }
        }
        return load;
    }

    /**
     * Clones a clone-capable client's SA (RFC 7791) and moves the clone to the least loaded other
     * member: the client then runs traffic through several members at once.
     */
    public void cloneAndSpread(long spi) {
        engine.initiate(spi, new CloneExchange(this::spreadClone));
    }

    /** A new clone on this member: move it to a member that holds none of its family. */
    public void spreadClone(IkeSa clone) {
        if (topic == null) {
            return;
        }
        List<String> busy = new ArrayList<>();
        for (long other : runtime.store().findByRemoteIdentity(clone.remoteId())) {
            IkeSa o = runtime.store().peek(other);
            if (o != null && (o.localSpi() == clone.clonedFrom() || o.clonedFrom() == clone.clonedFrom())) {
                busy.add(o.owner());
            }
        }
        long now = System.currentTimeMillis();
        recentCloneTargets.values().forEach(m -> m.values().removeIf(t -> now - t > CLONE_TARGET_MEMORY_MILLIS));
        recentCloneTargets.values().removeIf(Map::isEmpty);
        Map<String, Long> sent = recentCloneTargets.computeIfAbsent(clone.clonedFrom(),
                k -> new java.util.concurrent.ConcurrentHashMap<>());
        busy.addAll(sent.keySet());
        Map<String, Integer> load = loads();
        String target = load.keySet().stream().filter(n -> !busy.contains(n))
                .min(Comparator.comparingInt(load::get)).orElse(null);
        if (target != null && !target.equals(runtime.memberName())) {
            sent.put(target, now);
            publish(clone.localSpi(), runtime.memberName(), target);
        }
    }

    /**
     * Hands Child SAs this member installed for an SA owned elsewhere back to the owner: the owner
     * re-creates them on itself and this member drops its copies after the grace period.
     */
    public void returnStrayChildren(IkeSa sa) {
        String owner = sa.owner();
        if (topic != null && owner != null && !owner.equals(runtime.memberName())) {
            publish(sa.localSpi(), runtime.memberName(), owner);
        }
    }

    /** Asks {@code owner} to clone the SA and spread the clone (see {@link #cloneAndSpread}). */
    public void cloneRemotely(long spi, String owner) {
        if (runtime.memberName().equals(owner)) {
            cloneAndSpread(spi);
        } else if (topic != null) {
            topic.publish("clone " + Long.toHexString(spi) + " " + owner);
        }
    }

    private void onMessage(String m) {
        String[] f = m.split(" ");
        if (f.length == 3 && f[0].equals("clone")) {
            if (runtime.memberName().equals(f[2])) {
                cloneAndSpread(Long.parseUnsignedLong(f[1], 16));
            }
            return;
        }
        if (f.length != 4 || !(f[0].equals("move") || f[0].equals("announce"))) {
            return;
        }
        long spi = Long.parseUnsignedLong(f[1], 16);
        String from = f[2];
        String to = f[3];
        String me = runtime.memberName();
        if (f[0].equals("announce")) {
            if (me.equals(from)) {
                announce(spi, from, to);
            }
            return;
        }
        if (me.equals(to)) {
            engine.adopt(spi, from, IkeEngine.Adoption.MOVE);
        } else if (me.equals(from)) {
            // the listener knows the SA's stream from its messages: no grid read (and record
            // decryption) per move on Hazelcast's event thread
            java.net.InetSocketAddress stream = tcp != null ? tcp.streamOf(spi) : null;
            engine.release(spi, graceMillis);
            if (stream != null) {
                closeStreamWhenOwned(spi, to, stream, 0);
            }
        }
    }

    /**
     * A move of an SA in TCP (transport.tcp.TcpHandOver), on its owner: tell the client the
     * target's address in its stream (MOBIKE address list), then hand the SA over as usual.
     */
    private void announce(long spi, String from, String to) {
        java.net.InetAddress target = null;
        for (MemberInfo m : runtime.members()) {
            if (m.name().equals(to)) {
                target = literal(m.ikeAddresses());
            }
        }
        if (target == null) {
            LOG.warning("move of " + IkeEngine.leaseOwner(spi) + ": no address for member " + to);
            return;
        }
        io.ikebana.transport.tcp.TcpHandOver.announce(engine, spi, target)
                .thenRun(() -> topic.publish("move " + Long.toHexString(spi) + " " + from + " " + to));
    }

    /** Closes the client's old stream once the target owns the SA: the client reconnects there. */
    private void closeStreamWhenOwned(long spi, String to, java.net.InetSocketAddress stream, int attempt) {
        CompletableFuture.runAsync(() -> {
            IkeSa now = runtime.store().peek(spi);
            if (now == null || to.equals(now.owner()) || attempt >= 200) {
                tcp.close(stream, io.ikebana.transport.tcp.CloseReason.REPLACED);
            } else {
                closeStreamWhenOwned(spi, to, stream, attempt + 1);
            }
        }, CompletableFuture.delayedExecutor(attempt == 0 ? 0 : 50, java.util.concurrent.TimeUnit.MILLISECONDS));
    }

    private static java.net.InetAddress literal(List<String> ikeAddresses) {
        for (String a : ikeAddresses) {
            String literal = a.substring(0, Math.max(0, a.lastIndexOf(':'))).replace("[", "").replace("]", "");
            if (literal.matches("[0-9a-fA-F:.]+")) {
                try {
                    return java.net.InetAddress.getByName(literal);
                } catch (java.net.UnknownHostException e) {
                    // not an address: try the next
                }
            }
        }
        return null;
    }

    @Override
    public void close() {
        if (topic != null) {
            topic.removeMessageListener(listener);
        }
        pacer.shutdownNow();
    }
}
