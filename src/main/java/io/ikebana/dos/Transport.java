package io.ikebana.dos;

/** How an IKE message reached us. Cookies never bind the TCP port (RFC 9329 §6.3). */
public enum Transport {
    /** UDP 500, or UDP 4500 with the non-ESP marker already stripped by the transport. */
    UDP,
    /** TCP encapsulation (RFC 9329), one IKE message per frame, length prefix already stripped. */
    TCP
}
