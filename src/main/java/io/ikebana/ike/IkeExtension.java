package io.ikebana.ike;

/** Extensions negotiated for an IKE SA (both sides announced support). */
public enum IkeExtension {
    /** RFC 7383 */
    FRAGMENTATION,
    /** RFC 4555 */
    MOBIKE,
    /** RFC 5685: the client announced REDIRECT_SUPPORTED or REDIRECTED_FROM */
    REDIRECT,
    /** RFC 6311 */
    MESSAGE_ID_SYNC,
    /** RFC 7791 */
    CLONE,
    /** RFC 7427: the peer sent SIGNATURE_HASH_ALGORITHMS */
    SIGNATURE_HASH,
    /** RFC 3947/7296 §2.23: the peer or we are behind a NAT (or we force encapsulation) */
    NAT_T,
    /** RFC 9329: the SA's IKE messages and ESP travel in a TCP stream (not negotiated: how it reached us) */
    TCP
}
