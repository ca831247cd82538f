package io.ikebana.admin;

/**
 * A cluster operation refused for a reason the API reports as a problem detail (RFC 9457). No
 * stack trace: these are answers, not bugs.
 */
public final class ClusterException extends RuntimeException {

    /** The reason, with its HTTP status and problem type. */
    public enum Kind {
        /** one node, no cluster: drain, move and rebalance cannot work */
        NOT_CLUSTERED(409, "not-clustered", "Not clustered"),
        UNKNOWN_MEMBER(404, "unknown-member", "No such member"),
        UNKNOWN_SA(404, "unknown-sa", "No such IKE SA"),
        /** the operation conflicts with the current state (already draining, target draining, ...) */
        CONFLICT(409, "conflict", "Conflict with the cluster state"),
        /** no quorum or the cluster does not answer */
        UNAVAILABLE(503, "cluster-unavailable", "Cluster unavailable"),
        /** this build's cluster cannot do it (yet) */
        NOT_IMPLEMENTED(501, "not-implemented", "Not implemented");

        private final int status;
        private final String type;
        private final String title;

        Kind(int status, String type, String title) {
            this.status = status;
            this.type = type;
            this.title = title;
        }

        public int status() {
            return status;
        }

        public String type() {
            return Problem.TYPE_PREFIX + type;
        }

        public String title() {
            return title;
        }
    }

    private final Kind kind;

    public ClusterException(Kind kind, String detail) {
        super(detail, null, false, false);
        this.kind = kind;
    }

    public Kind kind() {
        return kind;
    }
}
