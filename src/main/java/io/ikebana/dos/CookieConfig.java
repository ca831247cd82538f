package io.ikebana.dos;

import java.time.Duration;

/**
 * Stateless cookies (RFC 7296 §2.6) and how legacy clients that return only a cookie are served.
 *
 * @param lifetime               how long an issued cookie is accepted; must cover puzzle solving
 *                               time plus a round trip
 * @param secretRotation         period of the cookie secret; current and previous are accepted,
 *                               so must be >= lifetime
 * @param bindUdpPort            also bind the initiator's UDP port into the cookie; never over TCP
 *                               (RFC 9329 §6.3)
 * @param tcpCookieWithoutPuzzle ask for a bare cookie over TCP; RFC 9329 §6.3 says SHOULD NOT
 * @param legacyAdmitAfterRounds a client that returned this many consecutive valid cookies without a
 *                               puzzle solution is admitted (lowest priority) even while puzzles
 *                               are required; 0 disables the guarantee (lottery only)
 * @param legacyAdmitFloor       least probability that a legacy client is admitted on each valid
 *                               cookie while puzzles are required (RFC 8019 §7.1 lottery)
 */
public record CookieConfig(
        Duration lifetime,
        Duration secretRotation,
        boolean bindUdpPort,
        boolean tcpCookieWithoutPuzzle,
        int legacyAdmitAfterRounds,
        double legacyAdmitFloor) {

    public CookieConfig {
        if (lifetime == null || lifetime.compareTo(Duration.ofSeconds(1)) < 0) {
            throw new IllegalArgumentException("dos.cookies.lifetime: must be >= 1s");
        }
        if (secretRotation == null || secretRotation.compareTo(lifetime) < 0) {
            throw new IllegalArgumentException("dos.cookies.secretRotation: must be >= lifetime");
        }
        if (legacyAdmitAfterRounds < 0 || legacyAdmitAfterRounds > 255) {
            throw new IllegalArgumentException("dos.cookies.legacyAdmitAfterRounds: must be in 0..255");
        }
        if (!(legacyAdmitFloor >= 0 && legacyAdmitFloor <= 1)) {
            throw new IllegalArgumentException("dos.cookies.legacyAdmitFloor: must be in 0..1");
        }
    }

    public static CookieConfig defaults() {
        return new CookieConfig(Duration.ofSeconds(30), Duration.ofSeconds(60), false, false, 3, 0.1);
    }

    public CookieConfig withBindUdpPort(boolean bind) {
        return new CookieConfig(lifetime, secretRotation, bind, tcpCookieWithoutPuzzle, legacyAdmitAfterRounds,
                legacyAdmitFloor);
    }

    public CookieConfig withLegacy(int afterRounds, double floor) {
        return new CookieConfig(lifetime, secretRotation, bindUdpPort, tcpCookieWithoutPuzzle, afterRounds, floor);
    }
}
