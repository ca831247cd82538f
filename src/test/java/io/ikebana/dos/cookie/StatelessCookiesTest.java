package io.ikebana.dos.cookie;

import static io.ikebana.dos.Ike.ip;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ikebana.dos.MutableClock;
import io.ikebana.dos.TestRandom;
import io.ikebana.dos.Transport;
import io.ikebana.dos.puzzle.PrfAlgorithm;
import io.ikebana.dos.puzzle.PuzzleChallenge;
import java.time.Duration;
import java.util.HashSet;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class StatelessCookiesTest {
    private static final Duration LIFETIME = Duration.ofSeconds(30);
    private static final Duration ROTATION = Duration.ofSeconds(60);
    private static final byte[] NI = io.ikebana.dos.Ike.hex("00112233445566778899aabbccddeeff");

    private final MutableClock clock = MutableClock.atEpochSecond(1_700_000_000L);
    private final CookieSecretStore store = new LocalCookieSecretStore(clock, TestRandom.seeded("store"), ROTATION);
    private final StatelessCookies cookies = cookies(store, false);

    private StatelessCookies cookies(CookieSecretStore s, boolean bindPort) {
        return new StatelessCookies(s, clock, TestRandom.seeded("member-" + s.hashCode() + bindPort), LIFETIME,
                bindPort);
    }

    private static CookieBinding udp(String ip, long spi, int port) {
        return new CookieBinding(NI, ip(ip), spi, port, Transport.UDP);
    }

    private static CookieInfo valid(CookieCheck c) {
        return assertInstanceOf(CookieCheck.Valid.class, c).info();
    }

    private static CookieRejectReason rejected(CookieCheck c) {
        return assertInstanceOf(CookieCheck.Rejected.class, c).reason();
    }

    @Test
    void roundTripCarriesAdditionalInfo() {
        CookieBinding b = udp("198.51.100.7", 42, 500);
        byte[] c = cookies.issue(b, new PuzzleChallenge(PrfAlgorithm.HMAC_SHA2_256, 16), 2, null);
        assertEquals(30, c.length, "RFC 7296 §2.6: 1..64 octets");
        CookieInfo info = valid(cookies.verify(b, c));
        assertTrue(info.puzzleGiven());
        assertEquals(PrfAlgorithm.HMAC_SHA2_256, info.prf());
        assertEquals(16, info.difficulty());
        assertEquals(2, info.round());
        assertEquals(1_700_000_000L, info.issuedAtSecond());
        assertEquals(store.current().version(), info.secretVersion());
        assertEquals(c[0] & 0xFF, info.secretVersion(), "version octet leads the cookie");
        assertEquals(StatelessCookies.tagOf(c), info.tag());

        CookieInfo plain = valid(cookies.verify(b, cookies.issue(b, null, 1, null)));
        assertFalse(plain.puzzleGiven());
        assertEquals(PrfAlgorithm.UNKNOWN, plain.prf());
    }

    static Stream<Arguments> bindings() {
        CookieBinding b = udp("198.51.100.7", 42, 500);
        return Stream.of(
                Arguments.of("other IPi", (Function<CookieBinding, CookieBinding>) x ->
                        new CookieBinding(x.nonceI(), ip("198.51.100.8"), x.spiI(), x.port(), x.transport())),
                Arguments.of("other SPIi", (Function<CookieBinding, CookieBinding>) x ->
                        new CookieBinding(x.nonceI(), x.initiator(), 43, x.port(), x.transport())),
                Arguments.of("other Ni", (Function<CookieBinding, CookieBinding>) x ->
                        new CookieBinding(new byte[16], x.initiator(), x.spiI(), x.port(), x.transport())),
                Arguments.of("IPv6 address", (Function<CookieBinding, CookieBinding>) x ->
                        new CookieBinding(x.nonceI(), ip("2001:db8::7"), x.spiI(), x.port(), x.transport())));
    }

    @ParameterizedTest(name = "{0} -> BAD_MAC")
    @MethodSource("bindings")
    void boundToNiIpiSpii(String name, Function<CookieBinding, CookieBinding> change) {
        CookieBinding b = udp("198.51.100.7", 42, 500);
        byte[] c = cookies.issue(b, null, 1, null);
        assertEquals(CookieRejectReason.BAD_MAC, rejected(cookies.verify(change.apply(b), c)));
    }

    static Stream<Arguments> tampering() {
        return Stream.of(
                Arguments.of("flip a MAC bit", 29, 0x01, CookieRejectReason.BAD_MAC),
                Arguments.of("raise the round", 5, 0x02, CookieRejectReason.BAD_MAC),
                Arguments.of("lower the difficulty", 4, 0x04, CookieRejectReason.BAD_MAC),
                Arguments.of("change the serial", 12, 0x10, CookieRejectReason.BAD_MAC),
                Arguments.of("drop the puzzle flag", 1, 0x01, CookieRejectReason.MALFORMED),
                Arguments.of("unknown format", 1, 0x30, CookieRejectReason.MALFORMED),
                Arguments.of("reserved flag bit", 1, 0x04, CookieRejectReason.MALFORMED),
                Arguments.of("older secret version", 0, 0x80, CookieRejectReason.UNKNOWN_SECRET),
                Arguments.of("time one day back", 7, 0x02, CookieRejectReason.EXPIRED),
                Arguments.of("time one day ahead", 7, 0x01, CookieRejectReason.FROM_FUTURE));
    }

    @ParameterizedTest(name = "{0} -> {3}")
    @MethodSource("tampering")
    void tamperedCookiesAreRejected(String name, int octet, int xor, CookieRejectReason expected) {
        CookieBinding b = udp("198.51.100.7", 42, 500);
        byte[] c = cookies.issue(b, new PuzzleChallenge(PrfAlgorithm.HMAC_SHA2_256, 12), 1, null);
        // time field is octets 6..9: flipping bit 1 of octet 7 moves it by 2^17 s (about a day and a half)
        byte[] t = c.clone();
        t[octet] ^= (byte) xor;
        if (name.contains("back")) {
            t = c.clone();
            int v = ((t[6] & 0xFF) << 24 | (t[7] & 0xFF) << 16 | (t[8] & 0xFF) << 8 | (t[9] & 0xFF)) - 86_400;
            t[6] = (byte) (v >>> 24);
            t[7] = (byte) (v >>> 16);
            t[8] = (byte) (v >>> 8);
            t[9] = (byte) v;
        } else if (name.contains("ahead")) {
            t = c.clone();
            int v = ((t[6] & 0xFF) << 24 | (t[7] & 0xFF) << 16 | (t[8] & 0xFF) << 8 | (t[9] & 0xFF)) + 86_400;
            t[6] = (byte) (v >>> 24);
            t[7] = (byte) (v >>> 16);
            t[8] = (byte) (v >>> 8);
            t[9] = (byte) v;
        }
        assertEquals(expected, rejected(cookies.verify(b, t)), name);
    }

    @Test
    void wrongLengthsAreMalformed() {
        CookieBinding b = udp("198.51.100.7", 42, 500);
        byte[] c = cookies.issue(b, null, 1, null);
        for (byte[] x : new byte[][] {null, new byte[0], new byte[1], java.util.Arrays.copyOf(c, 29),
                java.util.Arrays.copyOf(c, 31), new byte[64]}) {
            assertEquals(CookieRejectReason.MALFORMED, rejected(cookies.verify(b, x)));
        }
    }

    @Test
    void expiresAfterLifetime() {
        CookieBinding b = udp("198.51.100.7", 42, 500);
        byte[] c = cookies.issue(b, null, 1, null);
        clock.advance(LIFETIME);
        valid(cookies.verify(b, c));
        clock.advance(Duration.ofSeconds(1));
        assertEquals(CookieRejectReason.EXPIRED, rejected(cookies.verify(b, c)));
    }

    @Test
    void twoMembersSharingAStoreValidateEachOthersCookies() {
        StatelessCookies memberA = new StatelessCookies(store, clock, TestRandom.seeded("A"), LIFETIME, false);
        StatelessCookies memberB = new StatelessCookies(store, clock, TestRandom.seeded("B"), LIFETIME, false);
        CookieBinding b = udp("198.51.100.7", 42, 500);
        byte[] fromA = memberA.issue(b, null, 1, null);
        byte[] fromB = memberB.issue(b, null, 1, null);
        valid(memberB.verify(b, fromA));
        valid(memberA.verify(b, fromB));
        assertFalse(java.util.Arrays.equals(fromA, fromB), "different serials");
    }

    @Test
    void twoMembersWithDerivedSecretsAndSkewedClocks() {
        byte[] master = new byte[32];
        TestRandom.seeded("master").nextBytes(master);
        MutableClock clockA = MutableClock.atEpochSecond(1_700_000_059L);
        MutableClock clockB = MutableClock.atEpochSecond(1_700_000_060L); // one second ahead, next epoch
        StatelessCookies a = new StatelessCookies(new DerivedCookieSecretStore(master, clockA, ROTATION), clockA,
                TestRandom.seeded("A"), LIFETIME, false);
        StatelessCookies b = new StatelessCookies(new DerivedCookieSecretStore(master, clockB, ROTATION), clockB,
                TestRandom.seeded("B"), LIFETIME, false);
        CookieBinding bind = udp("2001:db8::1", 7, 4500);
        valid(a.verify(bind, b.issue(bind, null, 1, null)));
        valid(b.verify(bind, a.issue(bind, null, 1, null)));

        byte[] other = master.clone();
        other[0] ^= 1;
        StatelessCookies stranger = new StatelessCookies(new DerivedCookieSecretStore(other, clockA, ROTATION), clockA,
                TestRandom.seeded("C"), LIFETIME, false);
        assertEquals(CookieRejectReason.BAD_MAC, rejected(stranger.verify(bind, a.issue(bind, null, 1, null))));
    }

    @Test
    void previousSecretStillAcceptedOlderRejected() {
        CookieBinding b = udp("198.51.100.7", 42, 500);
        StatelessCookies longLived = new StatelessCookies(store, clock, TestRandom.seeded("x"),
                Duration.ofMinutes(10), false);
        byte[] c = longLived.issue(b, null, 1, null);
        int v0 = store.current().version();
        clock.advance(ROTATION);
        assertEquals((v0 + 1) & 0xFF, store.current().version(), "rotated");
        valid(longLived.verify(b, c));
        clock.advance(ROTATION);
        assertEquals(CookieRejectReason.UNKNOWN_SECRET, rejected(longLived.verify(b, c)), "two rotations later");
    }

    @Test
    void neverTheSameCookieTwice() {
        // the same request (same Ni, IPi, SPIi) asked again and again within one second and one secret
        CookieBinding b = udp("198.51.100.7", 42, 500);
        Set<String> seen = new HashSet<>();
        byte[] previous = null;
        for (int i = 0; i < 10_000; i++) {
            byte[] c = cookies.issue(b, null, 1, previous);
            assertTrue(seen.add(java.util.HexFormat.of().formatHex(c)), "duplicate at " + i);
            previous = c;
        }
    }

    @Test
    void neverHandsBackTheCookieTheClientSent() {
        // a cluster peer may, in theory, have issued the same (time, serial): forge that collision
        CookieBinding b = udp("198.51.100.7", 42, 500);
        StatelessCookies twin1 = new StatelessCookies(store, clock, TestRandom.seeded("same"), LIFETIME, false);
        StatelessCookies twin2 = new StatelessCookies(store, clock, TestRandom.seeded("same"), LIFETIME, false);
        byte[] sent = twin1.issue(b, null, 1, null);
        byte[] answer = twin2.issue(b, null, 1, sent);
        assertFalse(java.util.Arrays.equals(sent, answer));
        valid(twin2.verify(b, answer));
    }

    @Test
    void tcpCookieNeverBindsThePort() {
        StatelessCookies binding = cookies(store, true);
        CookieBinding tcp = new CookieBinding(NI, ip("198.51.100.7"), 42, 40001, Transport.TCP);
        byte[] c = binding.issue(tcp, null, 1, null);
        assertFalse(valid(binding.verify(tcp, c)).portBound());
        // RFC 9329 §6.3: returned over a new TCP connection from another port
        valid(binding.verify(new CookieBinding(NI, ip("198.51.100.7"), 42, 52000, Transport.TCP), c));
    }

    @Test
    void udpPortBindingIsOptional() {
        CookieBinding udp500 = udp("198.51.100.7", 42, 500);
        CookieBinding udp4500 = udp("198.51.100.7", 42, 4500);
        // default: the port is not bound (a NAT may rebind between retries)
        valid(cookies.verify(udp4500, cookies.issue(udp500, null, 1, null)));
        StatelessCookies bound = cookies(store, true);
        byte[] c = bound.issue(udp500, null, 1, null);
        assertTrue(valid(bound.verify(udp500, c)).portBound());
        assertEquals(CookieRejectReason.BAD_MAC, rejected(bound.verify(udp4500, c)));
        // a UDP-port-bound cookie cannot be checked over TCP
        assertEquals(CookieRejectReason.TRANSPORT_MISMATCH, rejected(bound.verify(
                new CookieBinding(NI, ip("198.51.100.7"), 42, 500, Transport.TCP), c)));
    }

    @Test
    void sameCookieVerifiesRepeatedly() {
        CookieBinding b = udp("198.51.100.7", 42, 500);
        byte[] c = cookies.issue(b, null, 1, null);
        byte[] copy = c.clone();
        valid(cookies.verify(b, c));
        valid(cookies.verify(b, c));
        assertArrayEquals(copy, c, "verify does not modify its input");
    }
}
