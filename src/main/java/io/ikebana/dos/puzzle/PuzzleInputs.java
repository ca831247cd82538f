package io.ikebana.dos.puzzle;

import java.util.Arrays;

/** The string S that puzzle keys are applied to. */
public final class PuzzleInputs {
    private PuzzleInputs() {
    }

    /**
     * IKE_SA_INIT puzzle: "Only the content of the COOKIE notification is used in puzzle
     * calculation, i.e., the header of the Notify payload is not included" (RFC 8019 §7.1.3).
     */
    public static byte[] forInit(byte[] cookieData) {
        return cookieData.clone();
    }

    /**
     * IKE_AUTH puzzle: "S is a concatenation of Nr and SPIr" where Nr is the responder's nonce
     * "stripped of any headers" and SPIr the responder's SPI from the IKE header (RFC 8019 §7.2.3).
     */
    public static byte[] forAuth(byte[] responderNonce, long responderSpi) {
        byte[] s = Arrays.copyOf(responderNonce, responderNonce.length + 8);
        for (int i = 0; i < 8; i++) {
            s[responderNonce.length + i] = (byte) (responderSpi >>> (56 - 8 * i));
        }
        return s;
    }
}
