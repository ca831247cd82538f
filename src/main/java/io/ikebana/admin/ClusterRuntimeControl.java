package io.ikebana.admin;

import io.ikebana.cluster.ClusterNode;
import io.ikebana.cluster.ClusterOperations;
import io.ikebana.cluster.ClusterRuntime;
import io.ikebana.cluster.MemberInfo;
import io.ikebana.store.SaStore;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import java.util.function.BooleanSupplier;
import java.util.function.IntSupplier;

/**
 * {@link ClusterControl} over the node's {@link ClusterRuntime} and {@link ClusterOperations}:
 * members from the member directory and Hazelcast's view, readiness from membership and
 * split-brain protection, drain/move/rebalance handed to the cluster's paced move orchestration
 * (a move is started when the target member has been told; it shows in the SA list and in
 * {@code ikebana_cluster_sa_transfers_total} when done). A node without {@code cluster.hazelcast}
 * that is alone is a cluster of one: drain, move and rebalance answer NOT_CLUSTERED (409).
 * Without {@link ClusterOperations} (null) a clustered node answers NOT_IMPLEMENTED (501).
 */
public final class ClusterRuntimeControl implements ClusterControl {
    private final ClusterRuntime runtime;
    private final ClusterOperations moves;
    private final boolean configured;
    private final SaStore store;
    private final IntSupplier halfOpen;
    private final int minimumMembers;
    private final BooleanSupplier started;
    private final Executor blocking;

    /**
     * @param moves      the cluster's move orchestration, or null where there is none
     * @param configured true when {@code cluster.hazelcast} names a cluster to join
     * @param blocking   runs calls into Hazelcast (they may block)
     */
    public ClusterRuntimeControl(ClusterRuntime runtime, ClusterOperations moves, boolean configured, SaStore store,
            IntSupplier halfOpen, int minimumMembers, BooleanSupplier started, Executor blocking) {
        this.runtime = runtime;
        this.moves = moves;
        this.configured = configured;
        this.store = store;
        this.halfOpen = halfOpen;
        this.minimumMembers = minimumMembers;
        this.started = started;
        this.blocking = blocking;
    }

    private List<Member> list() {
        String self = runtime.memberName();
        ClusterNode node = runtime.node();
        List<String> view = node == null ? List.of(self) : node.memberNames();
        Map<String, Member> out = new LinkedHashMap<>();
        for (MemberInfo m : runtime.members()) {
            boolean local = m.name().equals(self);
            MemberState state = view.contains(m.name()) ? MemberState.ACTIVE : MemberState.UNREACHABLE;
            out.put(m.name(), new Member(m.name(), local, state, m.ikeAddresses(), m.saCount(),
                    local ? halfOpen.getAsInt() : -1));
        }
        for (String name : view) {
            // joined, but not in the directory yet
            out.computeIfAbsent(name, n -> new Member(n, n.equals(self), MemberState.ACTIVE, List.of(), -1,
                    n.equals(self) ? halfOpen.getAsInt() : -1));
        }
        return new ArrayList<>(out.values());
    }

    @Override
    public CompletionStage<List<Member>> members() {
        return CompletableFuture.supplyAsync(this::list, blocking);
    }

    @Override
    public CompletionStage<Optional<Member>> member(String name) {
        return CompletableFuture.supplyAsync(() -> list().stream().filter(m -> m.name().equals(name)).findFirst(),
                blocking);
    }

    /** Refuses when there is nowhere to move anything, or nothing to move it with. */
    private void requireCluster(List<Member> members, String what) {
        if (!configured && members.size() <= 1) {
            throw new ClusterException(ClusterException.Kind.NOT_CLUSTERED,
                    "this gateway runs as a single node (no cluster.hazelcast): " + what);
        }
        if (moves == null || !moves.clustered()) {
            throw new ClusterException(ClusterException.Kind.NOT_IMPLEMENTED,
                    "moving IKE SAs between members is not available on this node");
        }
    }

    private static void knownMember(List<Member> members, String name) {
        if (members.stream().noneMatch(m -> m.name().equals(name))) {
            throw new ClusterException(ClusterException.Kind.UNKNOWN_MEMBER, "no member named '" + name + "'");
        }
    }

    @Override
    public CompletionStage<Drain> drain(String name) {
        return CompletableFuture.supplyAsync(() -> {
            List<Member> members = list();
            knownMember(members, name);
            requireCluster(members, "there is no other member to drain " + name + " to");
            try {
                ClusterOperations.Batch b = moves.drain(name);
                return new Drain(name, MemberState.DRAINING, b.planned());
            } catch (IllegalStateException e) {
                throw new ClusterException(ClusterException.Kind.CONFLICT, e.getMessage());
            }
        }, blocking);
    }

    @Override
    public CompletionStage<Move> move(long spi, String member) {
        return CompletableFuture.supplyAsync(() -> {
            io.ikebana.ike.IkeSa sa = store.peek(spi);
            if (sa == null) {
                throw new ClusterException(ClusterException.Kind.UNKNOWN_SA,
                        "no IKE SA with local SPI " + String.format("%016x", spi));
            }
            List<Member> members = list();
            knownMember(members, member);
            requireCluster(members, "there is no other member to move it to");
            return sa;
        }, blocking).thenCompose(sa -> moves.move(spi, member)
                .thenApply(v -> new Move(String.format("%016x", spi), sa.owner(), member)));
    }

    @Override
    public CompletionStage<Clone> cloneSa(long spi) {
        return CompletableFuture.supplyAsync(() -> {
            io.ikebana.ike.IkeSa sa = store.peek(spi);
            if (sa == null) {
                throw new ClusterException(ClusterException.Kind.UNKNOWN_SA,
                        "no IKE SA with local SPI " + String.format("%016x", spi));
            }
            if (!sa.has(io.ikebana.ike.IkeExtension.CLONE)) {
                throw new ClusterException(ClusterException.Kind.CONFLICT,
                        "the peer did not announce CLONE_IKE_SA_SUPPORTED (RFC 7791): it cannot be cloned");
            }
            requireCluster(list(), "a clone would stay on this member");
            moves.cloneRemotely(spi, sa.owner());
            return new Clone(String.format("%016x", spi), sa.owner());
        }, blocking);
    }

    @Override
    public CompletionStage<Rebalance> rebalance() {
        return CompletableFuture.supplyAsync(() -> {
            List<Member> members = list();
            requireCluster(members, "nothing to rebalance");
            ClusterOperations.Batch b = moves.rebalance();
            return new Rebalance(members.size(), b.planned());
        }, blocking);
    }

    @Override
    public CompletionStage<Readiness> ready() {
        return CompletableFuture.supplyAsync(() -> {
            if (!started.getAsBoolean()) {
                return new Readiness(false, 0, minimumMembers, "starting");
            }
            ClusterNode node = runtime.node();
            int members = node == null ? 1 : node.memberNames().size();
            if (members < minimumMembers) {
                return new Readiness(false, members, minimumMembers,
                        "sees " + members + " of the " + minimumMembers + " members cluster.minimumClusterSize asks for");
            }
            if (node != null && !node.hasQuorum()) {
                return new Readiness(false, members, minimumMembers, "split-brain protection: no quorum");
            }
            return new Readiness(true, members, minimumMembers, null);
        }, blocking);
    }
}
