package io.ikebana.ike;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import io.ikebana.testing.RawInit;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/**
 * Retransmission detection of IKE_SA_INIT ignores the cookie and puzzle solution: a client that
 * retransmitted while the responder was busy gets two challenges and retries with each; both retries
 * must meet the half-open SA the first one created, not create a second one (strongSwan then signs
 * the retry it sent last, RFC 7296 §2.15).
 */
class InitRetryDigestTest {

    private static boolean same(byte[] a, byte[] b) {
        return Arrays.equals(InitResponder.retryDigest(a), InitResponder.retryDigest(b));
    }

    @Test
    void retriesWithOtherCookiesOrSolutionsMatch() {
        try (RawInit r = new RawInit("127.0.0.1"); RawInit other = new RawInit("127.0.0.1")) {
            byte[] plain = r.request(null);
            byte[] c1 = r.request(new byte[] {1, 2, 3, 4});
            byte[] c2 = r.request(new byte[30]);
            byte[] c2ps = r.request(new byte[30], new byte[16]);
            assertArrayEquals(IkeEngine.digest(plain), InitResponder.retryDigest(plain), "no cookie: all octets");
            org.junit.jupiter.api.Assertions.assertTrue(same(c1, c2), "another cookie");
            org.junit.jupiter.api.Assertions.assertTrue(same(c2, c2ps), "with a puzzle solution");
            assertFalse(same(c1, other.request(new byte[] {1, 2, 3, 4})), "another SPIi, Ni, KEi");
        }
    }

    @Test
    void truncatedCookieFallsBackToThePlainDigest() {
        try (RawInit r = new RawInit("127.0.0.1")) {
            byte[] c1 = r.request(new byte[] {1, 2, 3, 4});
            byte[] bad = c1.clone();
            bad[IkeHeaderOffsets.COOKIE_LENGTH] = (byte) 0x7F; // notify length beyond the message
            assertArrayEquals(IkeEngine.digest(bad), InitResponder.retryDigest(bad));
        }
    }

    private static final class IkeHeaderOffsets {
        static final int COOKIE_LENGTH = 28 + 2;
    }
}
