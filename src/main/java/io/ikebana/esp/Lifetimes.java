package io.ikebana.esp;

/**
 * Child SA lifetimes (RFC 4301 §4.4.2.1): soft limits raise "rekey needed", hard limits expire the
 * SA. 0 means unlimited. Byte and packet limits apply to each direction separately (as the
 * kernel's XFRM does per SA); bytes count inner packets.
 */
public record Lifetimes(long softSeconds, long hardSeconds, long softBytes, long hardBytes,
        long softPackets, long hardPackets) {

    public static final Lifetimes UNLIMITED = new Lifetimes(0, 0, 0, 0, 0, 0);

    public Lifetimes {
        check("seconds", softSeconds, hardSeconds);
        check("bytes", softBytes, hardBytes);
        check("packets", softPackets, hardPackets);
    }

    private static void check(String what, long soft, long hard) {
        if (soft < 0 || hard < 0) {
            throw new IllegalArgumentException("negative " + what + " lifetime");
        }
        if (soft != 0 && hard != 0 && soft > hard) {
            throw new IllegalArgumentException("soft " + what + " lifetime above the hard one");
        }
    }

    public static Lifetimes ofSeconds(long soft, long hard) {
        return new Lifetimes(soft, hard, 0, 0, 0, 0);
    }

    public static Lifetimes ofBytes(long soft, long hard) {
        return new Lifetimes(0, 0, soft, hard, 0, 0);
    }

    public static Lifetimes ofPackets(long soft, long hard) {
        return new Lifetimes(0, 0, 0, 0, soft, hard);
    }
}
