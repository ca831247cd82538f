package io.ikebana.dos.cookie;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ikebana.dos.DosConfig;
import io.ikebana.dos.DosGuard;
import io.ikebana.dos.DosMetrics;
import io.ikebana.dos.HalfOpenConfig;
import io.ikebana.dos.InitDecision;
import io.ikebana.dos.InitRequest;
import io.ikebana.dos.MutableClock;
import io.ikebana.dos.TestRandom;
import io.ikebana.dos.Transport;
import java.net.InetAddress;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;

/** Cluster-wide cookie secrets: derived from the cluster key, never the key itself. */
class ClusterCookieSecretsTest {
    private static final Duration ROTATION = Duration.ofSeconds(60);

    private static byte[] key(int fill) {
        byte[] k = new byte[32];
        java.util.Arrays.fill(k, (byte) fill);
        return k;
    }

    @Test
    void masterIsALabelledHmacOfTheClusterKeyNotTheKey() throws Exception {
        byte[] k = key(7);
        byte[] master = ClusterCookieSecrets.masterKey(k);
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(k, "HmacSHA256"));
        assertArrayEquals(mac.doFinal("ikebana cookie master v1".getBytes(java.nio.charset.StandardCharsets.US_ASCII)),
                master);
        assertFalse(java.util.Arrays.equals(k, master));
        // not one of the SA record store's derived keys either (other labels)
        mac.init(new SecretKeySpec(k, "HmacSHA256"));
        assertFalse(java.util.Arrays.equals(mac.doFinal("ikebana sa record v1".getBytes()), master));
        assertFalse(java.util.Arrays.equals(master, ClusterCookieSecrets.masterKey(key(8))));
        assertThrows(IllegalArgumentException.class, () -> ClusterCookieSecrets.masterKey(new byte[16]));
    }

    @Test
    void membersWithTheSameClusterKeyDeriveTheSameSecrets() {
        MutableClock c1 = MutableClock.atEpochSecond(1_700_000_000L);
        MutableClock c2 = MutableClock.atEpochSecond(1_700_000_000L);
        CookieSecretStore a = ClusterCookieSecrets.store(key(1), c1, ROTATION);
        CookieSecretStore b = ClusterCookieSecrets.store(key(1), c2, ROTATION);
        CookieSecretStore other = ClusterCookieSecrets.store(key(2), c2, ROTATION);
        assertEquals(a.current().version(), b.current().version());
        String ka = HexFormat.of().formatHex(a.current().keySpec().getEncoded());
        assertEquals(ka, HexFormat.of().formatHex(b.current().keySpec().getEncoded()));
        assertFalse(ka.equals(HexFormat.of().formatHex(other.current().keySpec().getEncoded())));
        c1.advance(ROTATION);
        c2.advance(ROTATION);
        assertEquals(HexFormat.of().formatHex(a.current().keySpec().getEncoded()),
                HexFormat.of().formatHex(b.current().keySpec().getEncoded()), "rotation in step");
    }

    @Test
    void aCookieIssuedByOneMemberIsAcceptedByAnother() {
        MutableClock clock = MutableClock.atEpochSecond(1_700_000_000L);
        DosConfig cfg = DosConfig.defaults().withHalfOpen(HalfOpenConfig.defaults().withThresholds(1, 50, 100));
        DosGuard m1 = new DosGuard(cfg, clock, TestRandom.seeded("m1"), ClusterCookieSecrets.store(key(3), clock,
                ROTATION), DosMetrics.noop());
        DosGuard m2 = new DosGuard(cfg, clock, TestRandom.seeded("m2"), ClusterCookieSecrets.store(key(3), clock,
                ROTATION), DosMetrics.noop());
        DosGuard stranger = new DosGuard(cfg, clock, TestRandom.seeded("m3"), ClusterCookieSecrets.store(key(4), clock,
                ROTATION), DosMetrics.noop());
        for (DosGuard g : List.of(m1, m2, stranger)) {
            g.halfOpenCreated(InetAddress.getLoopbackAddress()); // past the cookie threshold
        }
        InitRequest r = new InitRequest(ip("10.1.2.3"), 500, ip("10.0.0.1"), Transport.UDP, 0x1122334455667788L,
                new byte[32], null, null, List.of(5));
        InitDecision d = m1.admitInit(r);
        byte[] cookie = assertInstanceOf(InitDecision.RequireCookie.class, d).cookie();
        InitDecision.Accept a = assertInstanceOf(InitDecision.Accept.class, m2.admitInit(r.withCookie(cookie, null)));
        assertTrue(a.cookieVerified());
        // a member under another cluster key treats it as no cookie: a fresh one
        assertInstanceOf(InitDecision.RequireCookie.class, stranger.admitInit(r.withCookie(cookie, null)));
    }

    private static InetAddress ip(String s) {
        try {
            return InetAddress.getByName(s);
        } catch (java.net.UnknownHostException e) {
            throw new AssertionError(e);
        }
    }
}
