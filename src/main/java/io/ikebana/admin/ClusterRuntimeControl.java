package io.ikebana.admin;

import io.ikebana.cluster.ClusterNode;
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
 * {@link ClusterControl} over the node's {@link ClusterRuntime}: members from the member directory
 * and Hazelcast's view, readiness from membership and split-brain protection. Drain, move and
 * rebalance: a node without {@code cluster.hazelcast} is a cluster of one and answers
 * NOT_CLUSTERED (409); a clustered node answers NOT_IMPLEMENTED (501) until the cluster's move
 * orchestration provides its own {@link ClusterControl} ({@link Operations#cluster(ClusterControl)}).
 */
public final class ClusterRuntimeControl implements ClusterControl {
    private final ClusterRuntime runtime;
    private final boolean configured;
    private final SaStore store;
    private final IntSupplier halfOpen;
    private final int minimumMembers;
    private final BooleanSupplier started;
    private final Executor blocking;

    /**
     * @param configured true when {@code cluster.hazelcast} names a cluster to join
     * @param blocking   runs calls into Hazelcast (they may block)
     */
    public ClusterRuntimeControl(ClusterRuntime runtime, boolean configured, SaStore store, IntSupplier halfOpen,
            int minimumMembers, BooleanSupplier started, Executor blocking) {
        this.runtime = runtime;
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

    private void refuse(String what) {
        if (!configured) {
            throw new ClusterException(ClusterException.Kind.NOT_CLUSTERED,
                    "this gateway runs as a single node (no cluster.hazelcast): " + what);
        }
        throw new ClusterException(ClusterException.Kind.NOT_IMPLEMENTED,
                "moving IKE SAs between members is not available in this build");
    }

    private void knownMember(String name) {
        if (list().stream().noneMatch(m -> m.name().equals(name))) {
            throw new ClusterException(ClusterException.Kind.UNKNOWN_MEMBER, "no member named '" + name + "'");
        }
    }

    @Override
    public CompletionStage<Drain> drain(String name) {
        return CompletableFuture.supplyAsync(() -> {
            knownMember(name);
            refuse("there is no other member to drain " + name + " to");
            return null;
        }, blocking);
    }

    @Override
    public CompletionStage<Move> move(long spi, String member) {
        return CompletableFuture.supplyAsync(() -> {
            if (store.peek(spi) == null) {
                throw new ClusterException(ClusterException.Kind.UNKNOWN_SA,
                        "no IKE SA with local SPI " + String.format("%016x", spi));
            }
            knownMember(member);
            refuse("there is no other member to move it to");
            return null;
        }, blocking);
    }

    @Override
    public CompletionStage<Rebalance> rebalance() {
        return CompletableFuture.supplyAsync(() -> {
            refuse("nothing to rebalance");
            return null;
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
