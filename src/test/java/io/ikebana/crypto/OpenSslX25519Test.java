package io.ikebana.crypto;

import static io.ikebana.crypto.KeyValueVectors.hex;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ikebana.crypto.KeyExchange.InvalidPublicValueException;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.bouncycastle.math.ec.rfc7748.X25519;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The OpenSSL shared-secret path of X25519 against Bouncy Castle's, and the exchange without it.
 * RFC 7748 §6.1 vectors and the refused values are in {@link KeyExchangeTest}, which runs through
 * whichever path the product picked (OpenSSL here: {@link #openSslIsUsedOnThisMachine}).
 */
class OpenSslX25519Test {
    private static final byte[] ALICE_PRIVATE = hex("77076d0a7318a57d3c16c17251b26645df4c2f87ebc0992ab177fba51db92c2a");
    private static final byte[] BOB_PUBLIC = hex("de9edb7d7b7dc1b4d35b61c2ece435373f8343c85b78674dadfc7e146f882b4f");
    private static final byte[] SHARED = hex("4a5d9d5ba4ce2de1728e3bf480350f25e07e21c947d19e3376f09b3c1e161742");

    /** Debian 12 and the container image carry libssl3; without it the gateway is ~15 % slower per SA. */
    @Test
    void openSslIsUsedOnThisMachine() {
        assertTrue(OpenSslX25519.instance().isPresent(), "libcrypto.so.3 loaded and passed its self-test");
    }

    /** Random private keys and random peer values (top bit included): both libraries agree. */
    @Test
    void agreesWithBouncyCastle() {
        OpenSslX25519 openSsl = OpenSslX25519.instance().orElseThrow();
        SecureRandom random = new SecureRandom();
        for (int i = 0; i < 300; i++) {
            byte[] priv = new byte[32];
            byte[] pub = new byte[32];
            byte[] peer = new byte[32];
            X25519.generatePrivateKey(random, priv);
            X25519.generatePublicKey(priv, 0, pub, 0);
            random.nextBytes(peer);
            byte[] expected = new byte[32];
            byte[] actual = new byte[32];
            boolean bc = X25519.calculateAgreement(priv, 0, peer, 0, expected, 0);
            assertEquals(bc, openSsl.agree(priv, pub, peer, actual), "peer " + hex(peer));
            assertArrayEquals(expected, actual, "peer " + hex(peer));
        }
    }

    /** Small-order and non-canonical zero/one values: OpenSSL refuses them itself. */
    @ParameterizedTest
    @MethodSource("io.ikebana.crypto.KeyExchangeTest#x25519SmallOrderValues")
    void refusesSmallOrderValues(String u) {
        byte[] pub = new byte[32];
        X25519.generatePublicKey(ALICE_PRIVATE, 0, pub, 0);
        assertFalse(OpenSslX25519.instance().orElseThrow().agree(ALICE_PRIVATE, pub, hex(u), new byte[32]));
    }

    /** Lanes call it concurrently; each thread has its own native buffer. */
    @Test
    void concurrentCallsStayCorrect() throws Exception {
        OpenSslX25519 openSsl = OpenSslX25519.instance().orElseThrow();
        byte[] alicePub = new byte[32];
        X25519.generatePublicKey(ALICE_PRIVATE, 0, alicePub, 0);
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<Integer>> results = new ArrayList<>();
            for (int t = 0; t < 4; t++) {
                long seed = t;
                results.add(pool.submit(() -> {
                    SplittableRandom r = new SplittableRandom(seed);
                    int right = 0;
                    for (int i = 0; i < 200; i++) {
                        byte[] out = new byte[32];
                        if (r.nextBoolean()) {
                            if (openSsl.agree(ALICE_PRIVATE, alicePub, BOB_PUBLIC, out) && Arrays.equals(SHARED, out)) {
                                right++;
                            }
                        } else if (!openSsl.agree(ALICE_PRIVATE, alicePub, new byte[32], out)) {
                            right++;
                        }
                    }
                    return right;
                }));
            }
            for (Future<Integer> f : results) {
                assertEquals(200, f.get());
            }
        } finally {
            pool.shutdownNow();
        }
    }

    /** Without OpenSSL, Bouncy Castle does the whole exchange: same vector, same refusals. */
    @Test
    void bouncyCastleAloneGivesTheSameExchange() throws Exception {
        KeyExchange alice = new X25519KeyExchange(new FixedBytesRandom(ALICE_PRIVATE), Optional.empty());
        assertArrayEquals(SHARED, alice.sharedSecret(BOB_PUBLIC));
        assertThrows(InvalidPublicValueException.class, () -> alice.sharedSecret(new byte[32]));
    }
}
