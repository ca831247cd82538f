package io.ikebana.policy;

/** How one side authenticates (RFC 7296 §2.15). */
public enum AuthMethod {
    PSK,
    PUBKEY
}
