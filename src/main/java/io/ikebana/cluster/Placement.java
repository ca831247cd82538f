package io.ikebana.cluster;

import java.util.List;

/**
 * Decides where a new client should live (RFC 5685 redirect at connect time). Pluggable; the
 * default is {@link LeastLoadedPlacement}.
 */
public interface Placement {

    /** The member to send this client to, or null to serve it here. */
    MemberInfo choose(String self, List<MemberInfo> members);

    /**
     * The member to send a client to when this one takes none (it is drained): the least loaded of
     * the others, or null when there is no other.
     */
    default MemberInfo chooseOther(String self, List<MemberInfo> members) {
        MemberInfo best = null;
        for (MemberInfo m : members) {
            if (!m.name().equals(self) && (best == null || m.saCount() < best.saCount())) {
                best = m;
            }
        }
        return best;
    }

    /** This member accepted a client (counts until the directory catches up). */
    default void accepted(String self) {
    }
}
