package io.ikebana.admin;

import io.ikebana.store.SaStore;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import java.util.function.BooleanSupplier;
import java.util.function.IntSupplier;

/**
 * The cluster of one: this node is the only member. Listing works; drain, move and rebalance are
 * refused with NOT_CLUSTERED (409) because there is nowhere to move anything, after the usual 404
 * checks. Ready when the node has started and one member satisfies {@code minimumClusterSize}.
 */
public final class SingleNodeClusterControl implements ClusterControl {
    private final String name;
    private final List<String> addresses;
    private final SaStore store;
    private final IntSupplier halfOpen;
    private final int minimumMembers;
    private final BooleanSupplier started;
    private final Executor blocking;

    /**
     * @param blocking runs store calls (they may block); e.g. a Vert.x worker
     * @param started  true once the node's sockets are bound
     */
    public SingleNodeClusterControl(String name, List<String> addresses, SaStore store, IntSupplier halfOpen,
            int minimumMembers, BooleanSupplier started, Executor blocking) {
        this.name = name;
        this.addresses = List.copyOf(addresses);
        this.store = store;
        this.halfOpen = halfOpen;
        this.minimumMembers = minimumMembers;
        this.started = started;
        this.blocking = blocking;
    }

    private Member self() {
        return new Member(name, true, MemberState.ACTIVE, addresses, store.size(), halfOpen.getAsInt());
    }

    @Override
    public CompletionStage<List<Member>> members() {
        return CompletableFuture.supplyAsync(() -> List.of(self()), blocking);
    }

    @Override
    public CompletionStage<Optional<Member>> member(String member) {
        return CompletableFuture.supplyAsync(() -> name.equals(member) ? Optional.of(self()) : Optional.empty(),
                blocking);
    }

    @Override
    public CompletionStage<Drain> drain(String member) {
        if (!name.equals(member)) {
            return CompletableFuture.failedFuture(unknownMember(member));
        }
        return CompletableFuture.failedFuture(new ClusterException(ClusterException.Kind.NOT_CLUSTERED,
                "this gateway runs as a single node: there is no other member to drain " + name + " to"));
    }

    @Override
    public CompletionStage<Clone> cloneSa(long spi) {
        return CompletableFuture.supplyAsync(() -> {
            if (store.peek(spi) == null) {
                throw new ClusterException(ClusterException.Kind.UNKNOWN_SA,
                        "no IKE SA with local SPI " + String.format("%016x", spi));
            }
            throw new ClusterException(ClusterException.Kind.NOT_CLUSTERED,
                    "this gateway runs as a single node: a clone would stay on it");
        }, blocking);
    }

    @Override
    public CompletionStage<Move> move(long spi, String member) {
        return CompletableFuture.supplyAsync(() -> {
            if (store.peek(spi) == null) {
                throw new ClusterException(ClusterException.Kind.UNKNOWN_SA,
                        "no IKE SA with local SPI " + String.format("%016x", spi));
            }
            if (!name.equals(member)) {
                throw unknownMember(member);
            }
            throw new ClusterException(ClusterException.Kind.NOT_CLUSTERED,
                    "this gateway runs as a single node: the IKE SA is on " + name + " already");
        }, blocking);
    }

    @Override
    public CompletionStage<Rebalance> rebalance() {
        return CompletableFuture.failedFuture(new ClusterException(ClusterException.Kind.NOT_CLUSTERED,
                "this gateway runs as a single node: nothing to rebalance"));
    }

    @Override
    public CompletionStage<Readiness> ready() {
        boolean up = started.getAsBoolean();
        boolean quorum = minimumMembers <= 1;
        String reason = !up ? "starting" : !quorum
                ? "single node, but cluster.minimumClusterSize is " + minimumMembers : null;
        return CompletableFuture.completedFuture(new Readiness(up && quorum, 1, minimumMembers, reason));
    }

    private ClusterException unknownMember(String member) {
        return new ClusterException(ClusterException.Kind.UNKNOWN_MEMBER, "no member named '" + member + "'");
    }
}
