package io.ikebana.admin;

import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;

/** A three-member cluster on paper: answers from a fixed member list and records every call. */
final class FakeClusterControl implements ClusterControl {
    final List<String> calls = new CopyOnWriteArrayList<>();
    volatile boolean ready = true;
    final List<Member> members = List.of(
            new Member("m1", true, MemberState.ACTIVE, List.of("192.0.2.1"), 3, 0),
            new Member("m2", false, MemberState.ACTIVE, List.of("192.0.2.2"), 2, 1),
            new Member("m3", false, MemberState.DRAINING, List.of("192.0.2.3"), 1, 0));

    @Override
    public CompletionStage<List<Member>> members() {
        calls.add("members");
        return CompletableFuture.completedFuture(members);
    }

    @Override
    public CompletionStage<Optional<Member>> member(String name) {
        calls.add("member:" + name);
        return CompletableFuture.completedFuture(members.stream().filter(m -> m.name().equals(name)).findFirst());
    }

    @Override
    public CompletionStage<Drain> drain(String name) {
        calls.add("drain:" + name);
        if (members.stream().noneMatch(m -> m.name().equals(name))) {
            return CompletableFuture.failedFuture(new ClusterException(ClusterException.Kind.UNKNOWN_MEMBER, name));
        }
        if (name.equals("m3")) {
            return CompletableFuture.failedFuture(new ClusterException(ClusterException.Kind.CONFLICT,
                    "m3 is draining already"));
        }
        return CompletableFuture.completedFuture(new Drain(name, MemberState.DRAINING, 2));
    }

    @Override
    public CompletionStage<Move> move(long spi, String member) {
        calls.add("move:" + String.format("%016x", spi) + ":" + member);
        if (members.stream().noneMatch(m -> m.name().equals(member))) {
            return CompletableFuture.failedFuture(new ClusterException(ClusterException.Kind.UNKNOWN_MEMBER, member));
        }
        return CompletableFuture.completedFuture(new Move(String.format("%016x", spi), "m1", member));
    }

    @Override
    public CompletionStage<Clone> cloneSa(long spi) {
        calls.add("clone:" + String.format("%016x", spi));
        return CompletableFuture.completedFuture(new Clone(String.format("%016x", spi), "m1"));
    }

    @Override
    public CompletionStage<Rebalance> rebalance() {
        calls.add("rebalance");
        return CompletableFuture.completedFuture(new Rebalance(3, 1));
    }

    @Override
    public CompletionStage<Readiness> ready() {
        return CompletableFuture.completedFuture(new Readiness(ready, 3, 2, ready ? null : "no quorum"));
    }
}
