package io.ikebana.esp;

/** Direction of ESP traffic, seen from this gateway. */
public enum Direction {
    /** ESP received from the peer, decrypted and written to the packet device. */
    INBOUND,
    /** Inner packets read from the packet device, encrypted and sent to the peer. */
    OUTBOUND
}
