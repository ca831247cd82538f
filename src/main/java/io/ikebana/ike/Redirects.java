package io.ikebana.ike;

import io.ikebana.wire.MalformedException;
import io.ikebana.wire.WireReader;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Arrays;

/** REDIRECT / REDIRECTED_FROM notification data (RFC 5685 §9). */
public final class Redirects {
    public static final int GW_IPV4 = 1;
    public static final int GW_IPV6 = 2;

    /** A parsed REDIRECT: the new gateway's address and the echoed nonce (or null). */
    public record Redirect(InetAddress gateway, byte[] nonce) {
    }

    private Redirects() {
    }

    /** GW Ident Type | GW Ident Len | address | [Nonce Data] */
    public static byte[] data(InetAddress gw, byte[] nonce) {
        byte[] a = gw.getAddress();
        int n = nonce == null ? 0 : nonce.length;
        byte[] out = new byte[2 + a.length + n];
        out[0] = (byte) (a.length == 4 ? GW_IPV4 : GW_IPV6);
        out[1] = (byte) a.length;
        System.arraycopy(a, 0, out, 2, a.length);
        if (nonce != null) {
            System.arraycopy(nonce, 0, out, 2 + a.length, n);
        }
        return out;
    }

    public static Redirect parse(byte[] data) {
        WireReader r = new WireReader(data);
        int type = r.u8();
        int len = r.u8();
        // RFC 5685 §9.2: only IPv4 (4 octets) and IPv6 (16 octets) are followed; FQDN is not
        if (!((type == GW_IPV4 && len == 4) || (type == GW_IPV6 && len == 16))) {
            throw new MalformedException("REDIRECT: gateway identity type " + type + " length " + len);
        }
        byte[] a = r.bytes(len);
        byte[] nonce = r.remaining() > 0 ? r.rest() : null;
        try {
            return new Redirect(InetAddress.getByAddress(a), nonce);
        } catch (UnknownHostException e) {
            throw new MalformedException("REDIRECT: bad address");
        }
    }

    public static boolean nonceMatches(Redirect r, byte[] ni) {
        return r.nonce() != null && Arrays.equals(r.nonce(), ni);
    }
}
