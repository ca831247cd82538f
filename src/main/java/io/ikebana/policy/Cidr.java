package io.ikebana.policy;

import java.math.BigInteger;
import java.net.InetAddress;
import java.net.UnknownHostException;

/** An address prefix such as {@code 10.99.100.0/24} or {@code fd00:1::/64}. */
public record Cidr(InetAddress network, int prefix) {

    public static Cidr parse(String s) {
        int slash = s.indexOf('/');
        if (slash < 0) {
            throw new IllegalArgumentException("'" + s + "' is not a prefix (address/length)");
        }
        InetAddress a;
        try {
            String host = s.substring(0, slash).trim();
            if (!host.matches("[0-9a-fA-F:.]+")) {
                throw new IllegalArgumentException("'" + host + "' is not an IP address");
            }
            a = InetAddress.getByName(host);
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException("'" + s + "': bad address");
        }
        int p;
        try {
            p = Integer.parseInt(s.substring(slash + 1).trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("'" + s + "': bad prefix length");
        }
        int bits = a.getAddress().length * 8;
        if (p < 0 || p > bits) {
            throw new IllegalArgumentException("'" + s + "': prefix length out of range");
        }
        BigInteger mask = BigInteger.ONE.shiftLeft(bits).subtract(BigInteger.ONE)
                .shiftRight(p).not().and(BigInteger.ONE.shiftLeft(bits).subtract(BigInteger.ONE));
        BigInteger net = new BigInteger(1, a.getAddress()).and(mask);
        return new Cidr(toAddress(net, a.getAddress().length), p);
    }

    public boolean isIpv6() {
        return network.getAddress().length == 16;
    }

    public int bits() {
        return network.getAddress().length * 8;
    }

    public BigInteger first() {
        return new BigInteger(1, network.getAddress());
    }

    public BigInteger size() {
        return BigInteger.ONE.shiftLeft(bits() - prefix);
    }

    public boolean contains(InetAddress a) {
        if (a.getAddress().length != network.getAddress().length) {
            return false;
        }
        BigInteger v = new BigInteger(1, a.getAddress());
        return v.compareTo(first()) >= 0 && v.compareTo(first().add(size())) < 0;
    }

    public InetAddress at(BigInteger offset) {
        return toAddress(first().add(offset), network.getAddress().length);
    }

    static InetAddress toAddress(BigInteger v, int len) {
        byte[] raw = v.toByteArray();
        byte[] out = new byte[len];
        int copy = Math.min(raw.length, len);
        System.arraycopy(raw, raw.length - copy, out, len - copy, copy);
        try {
            return InetAddress.getByAddress(out);
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException(e);
        }
    }

    @Override
    public String toString() {
        return network.getHostAddress() + "/" + prefix;
    }
}
