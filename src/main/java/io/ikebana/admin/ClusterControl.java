package io.ikebana.admin;

import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletionStage;

/**
 * What the admin API asks of the cluster. Every method returns at once; the stage completes when
 * the answer is known (a move or a drain is <em>started</em>, not finished: its progress shows in
 * {@link #members()} and in the SA list). A stage fails with {@link ClusterException} for the
 * answers the API turns into problem details (404, 409, 503); anything else is a 500.
 *
 * <p>Implementations: {@link SingleNodeClusterControl} (one member, this node: drain, move and
 * rebalance answer 409 "not clustered"), and the Hazelcast cluster's.
 */
public interface ClusterControl {

    /** A member's state as the cluster sees it. */
    enum MemberState {
        /** serving and taking new clients */
        ACTIVE,
        /** moving its SAs away; takes no new clients */
        DRAINING,
        /** drained: holds no SAs, can be stopped */
        DRAINED,
        /** lost; its SAs are being taken over */
        UNREACHABLE
    }

    /**
     * One member. Addresses are the member's own public IKE addresses (where moved clients go),
     * not peer addresses.
     *
     * @param name       member name ({@code node.name})
     * @param local      true for the member answering this request
     * @param state      see {@link MemberState}
     * @param addresses  its public IKE addresses
     * @param ikeSas     IKE SAs it owns (may be sampled)
     * @param halfOpen   half-open IKE SAs on it (-1 if unknown)
     */
    record Member(String name, boolean local, MemberState state, List<String> addresses, long ikeSas,
            long halfOpen) {
    }

    /** A drain was started (or was already running): {@code sasToMove} SAs are left to move. */
    record Drain(String member, MemberState state, long sasToMove) {
    }

    /** A move of the IKE SA {@code spi} (local SPI, 16 hex digits) from a member to another was started. */
    record Move(String spi, String from, String to) {
    }

    /**
     * A clone of the IKE SA {@code spi} was asked of its owner {@code owner} (RFC 7791); the clone
     * goes to the least loaded member that holds none of the client's SAs, with Child SAs like the
     * original's.
     */
    record Clone(String spi, String owner) {
    }

    /** A rebalance was started: {@code moves} moves planned. */
    record Rebalance(int members, long moves) {
    }

    /** Readiness: {@code ready} when the node may get traffic; {@code reason} says why not. */
    record Readiness(boolean ready, int members, int minimumMembers, String reason) {
    }

    CompletionStage<List<Member>> members();

    CompletionStage<Optional<Member>> member(String name);

    /** Starts draining {@code name}. Fails with UNKNOWN_MEMBER, NOT_CLUSTERED or CONFLICT. */
    CompletionStage<Drain> drain(String name);

    /** Starts moving the IKE SA with local SPI {@code spi} to {@code member}. Fails with UNKNOWN_SA, UNKNOWN_MEMBER, NOT_CLUSTERED, CONFLICT. */
    CompletionStage<Move> move(long spi, String member);

    /**
     * Starts cloning the IKE SA with local SPI {@code spi} and moving the clone to another member.
     * Fails with UNKNOWN_SA, NOT_CLUSTERED or CONFLICT (the peer did not negotiate cloning).
     */
    CompletionStage<Clone> cloneSa(long spi);

    /** Starts spreading SAs evenly over the active members. Fails with NOT_CLUSTERED or CONFLICT. */
    CompletionStage<Rebalance> rebalance();

    /** Readiness for {@code /readyz}: cluster membership (quorum) and this node's own state. */
    CompletionStage<Readiness> ready();
}
