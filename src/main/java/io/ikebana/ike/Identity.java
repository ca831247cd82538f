package io.ikebana.ike;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HexFormat;
import javax.security.auth.x500.X500Principal;

/**
 * An IKE identity (RFC 7296 §3.5): type and data. {@link #parse} reads the operator's notation:
 * an IP address, {@code user@domain} (RFC 822), a distinguished name {@code CN=...}, a key id
 * {@code keyid:hex}, else an FQDN. {@code %any} is the wildcard used in peer configuration.
 */
public record Identity(int type, byte[] data) {

    public static final int IPV4_ADDR = 1;
    public static final int FQDN = 2;
    public static final int RFC822_ADDR = 3;
    public static final int IPV6_ADDR = 5;
    public static final int DER_ASN1_DN = 9;
    public static final int KEY_ID = 11;
    public static final int ANY = 0;

    public static final Identity WILDCARD = new Identity(ANY, new byte[0]);

    public static Identity parse(String s) {
        String v = s.trim();
        if (v.equals("%any") || v.isEmpty()) {
            return WILDCARD;
        }
        if (v.startsWith("keyid:")) {
            return new Identity(KEY_ID, HexFormat.of().parseHex(v.substring(6)));
        }
        if (v.contains("=")) {
            return new Identity(DER_ASN1_DN, new X500Principal(v).getEncoded());
        }
        if (v.matches("[0-9.]+") || (v.contains(":") && v.matches("[0-9a-fA-F:.]+"))) {
            try {
                byte[] a = InetAddress.getByName(v).getAddress();
                return new Identity(a.length == 4 ? IPV4_ADDR : IPV6_ADDR, a);
            } catch (UnknownHostException e) {
                throw new IllegalArgumentException("bad address identity " + v);
            }
        }
        if (v.contains("@")) {
            return new Identity(RFC822_ADDR, v.getBytes(StandardCharsets.US_ASCII));
        }
        return new Identity(FQDN, v.getBytes(StandardCharsets.US_ASCII));
    }

    public boolean isWildcard() {
        return type == ANY;
    }

    /** True when this (configured) identity accepts {@code other}: wildcard, equal, or *.suffix. */
    public boolean matches(Identity other) {
        if (isWildcard()) {
            return true;
        }
        if (type == other.type && Arrays.equals(data, other.data)) {
            return true;
        }
        if ((type == FQDN || type == RFC822_ADDR) && type == other.type && data.length > 0 && data[0] == '*') {
            String suffix = new String(data, 1, data.length - 1, StandardCharsets.US_ASCII);
            return new String(other.data, StandardCharsets.US_ASCII).endsWith(suffix);
        }
        return false;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Identity i && i.type == type && Arrays.equals(i.data, data);
    }

    @Override
    public int hashCode() {
        return type * 31 + Arrays.hashCode(data);
    }

    @Override
    public String toString() {
        try {
            switch (type) {
                case ANY: return "%any";
                case FQDN:
                case RFC822_ADDR: return new String(data, StandardCharsets.US_ASCII);
                case IPV4_ADDR:
                case IPV6_ADDR: return InetAddress.getByAddress(data).getHostAddress();
                case DER_ASN1_DN: return new X500Principal(data).getName(X500Principal.RFC2253);
                default: return "keyid:" + HexFormat.of().formatHex(data);
            }
        } catch (UnknownHostException | IllegalArgumentException e) {
            return "id" + type + ":" + HexFormat.of().formatHex(data);
        }
    }
}
