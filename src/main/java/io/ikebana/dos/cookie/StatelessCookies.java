package io.ikebana.dos.cookie;

import io.ikebana.dos.Transport;
import io.ikebana.dos.puzzle.PrfAlgorithm;
import io.ikebana.dos.puzzle.PuzzleChallenge;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.atomic.AtomicInteger;
import javax.crypto.Mac;

/**
 * Makes and checks stateless cookies (RFC 7296 §2.6, with the AdditionalInfo of RFC 8019
 * §7.1.1.3):
 *
 * <pre>
 * Cookie = VersionIDofSecret | AdditionalInfo | MAC(secret, Ni | IPi | SPIi | [port] | VersionIDofSecret | AdditionalInfo)
 *
 *  0      secret version
 *  1      flags: bits 7-4 format (1), bit 1 port bound, bit 0 puzzle given
 *  2-3    puzzle PRF transform ID (0 without puzzle)
 *  4      puzzle difficulty (0 without puzzle)
 *  5      round: consecutive cookies in this chain, 1..255
 *  6-9    issue time, seconds since 1970, unsigned
 *  10-13  serial: per-issuer counter from a random start, unsigned
 *  14-29  HMAC-SHA-256 truncated to 16 octets
 * </pre>
 *
 * 30 octets, within the 1..64 of RFC 7296 §2.6. Time and serial make every cookie unique, so a
 * client never gets the same cookie twice (strongSwan ignores a response that repeats the cookie it
 * sent) and a puzzle solution is bound to one cookie (RFC 8019 §10). Thread-safe.
 */
public final class StatelessCookies {
    public static final int LENGTH = 30;
    /** COOKIE notify message type (RFC 7296 §3.10.1). */
    public static final int NOTIFY_TYPE = 16390;

    private static final int FORMAT = 1;
    private static final int FLAG_PUZZLE = 0x01;
    private static final int FLAG_PORT = 0x02;
    private static final int INFO_LENGTH = 14;
    private static final int MAC_LENGTH = 16;
    private static final long MAX_SKEW_SECONDS = 2;

    private final CookieSecretStore secrets;
    private final Clock clock;
    private final long lifetimeSeconds;
    private final boolean bindUdpPort;
    private final AtomicInteger serial;
    private final ThreadLocal<Mac> macs = ThreadLocal.withInitial(StatelessCookies::newMac);

    public StatelessCookies(CookieSecretStore secrets, Clock clock, SecureRandom random, Duration lifetime,
            boolean bindUdpPort) {
        this.secrets = secrets;
        this.clock = clock;
        this.lifetimeSeconds = lifetime.toSeconds();
        this.bindUdpPort = bindUdpPort;
        this.serial = new AtomicInteger(random.nextInt());
    }

    /**
     * Issues a cookie.
     *
     * @param binding  the request's Ni, IPi, SPIi, port, transport
     * @param puzzle   the puzzle sent with it, or null for a plain cookie
     * @param round    1 for a first cookie, previous round + 1 when re-challenging a valid cookie
     * @param previous the cookie the request carried (or null); the result never equals it
     */
    public byte[] issue(CookieBinding binding, PuzzleChallenge puzzle, int round, byte[] previous) {
        while (true) {
            CookieSecret secret = secrets.current();
            byte[] c = new byte[LENGTH];
            c[0] = (byte) secret.version();
            // RFC 9329 §6.3: "MUST NOT include the Initiator's TCP port into the Cookie calculation"
            boolean portBound = bindUdpPort && binding.transport() == Transport.UDP;
            c[1] = (byte) ((FORMAT << 4) | (portBound ? FLAG_PORT : 0) | (puzzle != null ? FLAG_PUZZLE : 0));
            int prf = puzzle != null ? puzzle.prf().code() : 0;
            c[2] = (byte) (prf >>> 8);
            c[3] = (byte) prf;
            c[4] = (byte) (puzzle != null ? puzzle.difficulty() : 0);
            c[5] = (byte) Math.max(1, Math.min(255, round));
            putInt(c, 6, (int) Math.floorDiv(clock.millis(), 1000));
            putInt(c, 10, serial.getAndIncrement());
            try {
                mac(secret, binding, c, portBound, c, INFO_LENGTH);
            } catch (IllegalStateException destroyedMeanwhile) {
                continue; // rotated between current() and use: take the new current
            }
            // strongSwan ignores a response repeating the cookie it sent: never hand it back
            if (previous == null || !Arrays.equals(c, previous)) {
                return c;
            }
        }
    }

    /** Checks a returned cookie against this request (RFC 7296 §2.6). */
    public CookieCheck verify(CookieBinding binding, byte[] cookie) {
        // RFC 7296 §2.6: cookie data is 1..64 octets; ours are exactly 30
        if (cookie == null || cookie.length != LENGTH || (cookie[1] & 0xF0) != FORMAT << 4
                || (cookie[1] & 0x0C) != 0) {
            return new CookieCheck.Rejected(CookieRejectReason.MALFORMED);
        }
        boolean puzzle = (cookie[1] & FLAG_PUZZLE) != 0;
        boolean portBound = (cookie[1] & FLAG_PORT) != 0;
        PrfAlgorithm prf = PrfAlgorithm.fromCode(((cookie[2] & 0xFF) << 8) | (cookie[3] & 0xFF));
        if (puzzle != prf.isKnown() || (!puzzle && cookie[4] != 0) || cookie[5] == 0) {
            return new CookieCheck.Rejected(CookieRejectReason.MALFORMED);
        }
        // RFC 9329 §6.3: the cookie may come back over a new TCP connection from another port
        if (portBound && binding.transport() == Transport.TCP) {
            return new CookieCheck.Rejected(CookieRejectReason.TRANSPORT_MISMATCH);
        }
        long now = Math.floorDiv(clock.millis(), 1000);
        long issued = getInt(cookie, 6) & 0xFFFF_FFFFL;
        if (issued > now + MAX_SKEW_SECONDS) {
            return new CookieCheck.Rejected(CookieRejectReason.FROM_FUTURE);
        }
        if (now - issued > lifetimeSeconds) {
            return new CookieCheck.Rejected(CookieRejectReason.EXPIRED);
        }
        // RFC 7296 §2.6: the responder "should not accept cookies indefinitely after <secret> is changed"
        var secret = secrets.byVersion(cookie[0] & 0xFF);
        if (secret.isEmpty()) {
            return new CookieCheck.Rejected(CookieRejectReason.UNKNOWN_SECRET);
        }
        byte[] expected = new byte[LENGTH];
        System.arraycopy(cookie, 0, expected, 0, INFO_LENGTH);
        try {
            mac(secret.get(), binding, cookie, portBound, expected, INFO_LENGTH);
        } catch (IllegalStateException destroyedMeanwhile) {
            return new CookieCheck.Rejected(CookieRejectReason.UNKNOWN_SECRET);
        }
        if (!MessageDigest.isEqual(expected, cookie)) {
            return new CookieCheck.Rejected(CookieRejectReason.BAD_MAC);
        }
        return new CookieCheck.Valid(new CookieInfo(cookie[0] & 0xFF, puzzle, portBound, prf, cookie[4] & 0xFF,
                cookie[5] & 0xFF, issued, getInt(cookie, 10) & 0xFFFF_FFFFL, tagOf(cookie)));
    }

    /** First 8 MAC octets of one of our cookies (0 if it is not one); unique per issued cookie. */
    public static long tagOf(byte[] cookie) {
        if (cookie == null || cookie.length != LENGTH) {
            return 0;
        }
        long t = 0;
        for (int i = INFO_LENGTH; i < INFO_LENGTH + 8; i++) {
            t = (t << 8) | (cookie[i] & 0xFF);
        }
        return t;
    }

    /** Writes MAC(secret, Ni | IPi | SPIi | [port] | info) into out[macOff..macOff+16). */
    private void mac(CookieSecret secret, CookieBinding b, byte[] info, boolean portBound, byte[] out, int macOff) {
        Mac mac = macs.get();
        try {
            mac.init(secret.keySpec());
        } catch (java.security.InvalidKeyException e) {
            throw new IllegalStateException(e);
        }
        mac.update(b.nonceI());
        mac.update(b.initiator().getAddress());
        for (int i = 56; i >= 0; i -= 8) {
            mac.update((byte) (b.spiI() >>> i));
        }
        if (portBound) {
            mac.update((byte) (b.port() >>> 8));
            mac.update((byte) b.port());
        }
        mac.update(info, 0, INFO_LENGTH);
        byte[] full = mac.doFinal();
        System.arraycopy(full, 0, out, macOff, MAC_LENGTH);
    }

    private static Mac newMac() {
        try {
            return Mac.getInstance("HmacSHA256");
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 unavailable", e);
        }
    }

    private static void putInt(byte[] b, int off, int v) {
        b[off] = (byte) (v >>> 24);
        b[off + 1] = (byte) (v >>> 16);
        b[off + 2] = (byte) (v >>> 8);
        b[off + 3] = (byte) v;
    }

    private static int getInt(byte[] b, int off) {
        return ((b[off] & 0xFF) << 24) | ((b[off + 1] & 0xFF) << 16) | ((b[off + 2] & 0xFF) << 8) | (b[off + 3] & 0xFF);
    }
}
