package io.ikebana.dos.cookie;

import java.util.Optional;

/**
 * Source of cookie secrets: the current one for issuing, and any still-acceptable one by version
 * for verifying (RFC 7296 §2.6: keep the previous secret "for a short time", never indefinitely).
 *
 * <p>Synchronous on purpose: a cookie is made or checked for every IKE_SA_INIT request under
 * attack, on the event loop, so a lookup must be a memory read. A cluster-wide implementation
 * (Hazelcast) keeps its secrets in a local copy refreshed by a listener and rotates on the member
 * that owns the entry; a version it does not know yet simply fails verification, and the initiator
 * receives a fresh cookie (RFC 7296 §2.6: "process the message as if no cookie had been included").
 * Implementations are thread-safe.
 */
public interface CookieSecretStore {

    /** The secret to issue cookies with now; rotates when its period is over. */
    CookieSecret current();

    /** The secret with this version if it is still acceptable (current or previous), else empty. */
    Optional<CookieSecret> byVersion(int version);
}
