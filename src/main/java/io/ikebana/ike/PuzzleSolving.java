package io.ikebana.ike;

/**
 * The client's side of RFC 8019: turns a PUZZLE challenge into PS payload data. Implemented by
 * the DoS package; an engine without one behaves like a client without puzzle support (it
 * returns the bare cookie, RFC 8019 §7.1.2).
 */
public interface PuzzleSolving {

    /** PS data for the IKE_SA_INIT puzzle on this cookie, or null to just return the cookie. */
    byte[] solveInit(byte[] puzzleData, byte[] cookie);

    /** PS data for the IKE_AUTH puzzle (input Nr | SPIr), or null. */
    byte[] solveAuth(byte[] puzzleData, byte[] nr, long spiR);
}
