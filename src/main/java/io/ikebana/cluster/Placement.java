package io.ikebana.cluster;

import java.util.List;

/**
 * Decides where a new client should live (RFC 5685 redirect at connect time). Pluggable; the
 * default is {@link LeastLoadedPlacement}.
 */
public interface Placement {

    /** The member to send this client to, or null to serve it here. */
    MemberInfo choose(String self, List<MemberInfo> members);

    /** This member accepted a client (counts until the directory catches up). */
    default void accepted(String self) {
    }
}
