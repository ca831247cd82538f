package io.ikebana.esp.crypto;

/** Produces the explicit IV of an outbound CBC packet. Not thread-safe. */
interface IvSource {

    /** Writes the 16-octet IV for the packet with sequence number {@code seq} at {@code out[off]}. */
    void nextIv(long seq, byte[] out, int off);
}
