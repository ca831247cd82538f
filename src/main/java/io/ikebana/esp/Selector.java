package io.ikebana.esp;

import java.math.BigInteger;
import java.net.InetAddress;
import java.net.Inet4Address;
import java.net.UnknownHostException;
import java.util.Arrays;

/**
 * One traffic selector (RFC 7296 §3.13.1, RFC 4301 §4.4.1): IP protocol (0 = any), an inclusive
 * address range of one family and an inclusive port range. For ICMP/ICMPv6 the "port" is
 * type &lt;&lt; 8 | code (RFC 7296 §3.13.1).
 */
public record Selector(int ipProtocol, InetAddress startAddress, InetAddress endAddress, int startPort, int endPort) {

    public Selector {
        if (ipProtocol < 0 || ipProtocol > 255) {
            throw new IllegalArgumentException("IP protocol out of range: " + ipProtocol);
        }
        if (startAddress.getAddress().length != endAddress.getAddress().length) {
            throw new IllegalArgumentException("address family mismatch: " + startAddress + " - " + endAddress);
        }
        if (Arrays.compareUnsigned(startAddress.getAddress(), endAddress.getAddress()) > 0) {
            throw new IllegalArgumentException("start address after end address");
        }
        if (startPort < 0 || endPort > 65535 || startPort > endPort) {
            throw new IllegalArgumentException("bad port range " + startPort + "-" + endPort);
        }
    }

    /** Any protocol and port, addresses start..end. */
    public static Selector range(InetAddress start, InetAddress end) {
        return new Selector(0, start, end, 0, 65535);
    }

    /** Any protocol and port to or from one address (e.g. a client's virtual IP). */
    public static Selector host(InetAddress address) {
        return range(address, address);
    }

    /** Any protocol and port within {@code prefix/bits}. */
    public static Selector subnet(InetAddress prefix, int bits) {
        int width = prefix.getAddress().length * 8;
        if (bits < 0 || bits > width) {
            throw new IllegalArgumentException("prefix length out of range: " + bits);
        }
        BigInteger value = new BigInteger(1, prefix.getAddress());
        BigInteger hostMask = BigInteger.ONE.shiftLeft(width - bits).subtract(BigInteger.ONE);
        BigInteger start = value.andNot(hostMask);
        return range(toAddress(start, width / 8), toAddress(start.or(hostMask), width / 8));
    }

    public static Selector anyIpv4() {
        return subnet(toAddress(BigInteger.ZERO, 4), 0);
    }

    public static Selector anyIpv6() {
        return subnet(toAddress(BigInteger.ZERO, 16), 0);
    }

    public boolean isIpv6() {
        return !(startAddress instanceof Inet4Address);
    }

    public boolean isSingleAddress() {
        return startAddress.equals(endAddress);
    }

    public boolean isAnyPort() {
        return startPort == 0 && endPort == 65535;
    }

    private static InetAddress toAddress(BigInteger value, int length) {
        byte[] raw = value.toByteArray();
        byte[] out = new byte[length];
        int copy = Math.min(raw.length, length);
        System.arraycopy(raw, raw.length - copy, out, length - copy, copy);
        try {
            return InetAddress.getByAddress(out);
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException(e);
        }
    }
}
