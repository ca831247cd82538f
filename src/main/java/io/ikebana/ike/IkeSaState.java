package io.ikebana.ike;

/** Life cycle of an established IKE SA (after IKE_AUTH). */
public enum IkeSaState {
    ESTABLISHED,
    /** an IKE SA rekey is in progress (RFC 7296 §2.8): no new Child SA exchanges */
    REKEYING,
    /** replaced by a rekey; waiting for the Delete */
    REKEYED,
    DELETING
}
