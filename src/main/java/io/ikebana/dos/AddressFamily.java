package io.ikebana.dos;

import java.net.Inet4Address;
import java.net.InetAddress;

/** Address family of a source; selects which {@link PrefixPolicy prefix policies} apply. */
public enum AddressFamily {
    IPV4(32),
    IPV6(128);

    private final int bits;

    AddressFamily(int bits) {
        this.bits = bits;
    }

    /** Number of bits in an address of this family. */
    public int bits() {
        return bits;
    }

    public static AddressFamily of(InetAddress address) {
        return address instanceof Inet4Address ? IPV4 : IPV6;
    }
}
