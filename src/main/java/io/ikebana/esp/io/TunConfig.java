package io.ikebana.esp.io;

import java.util.List;
import java.util.regex.Pattern;

/**
 * A TUN device for inner traffic.
 *
 * @param name interface name, at most 15 characters (IFNAMSIZ)
 * @param mtu link MTU
 * @param addresses addresses to add, as {@code address/prefix} (IPv4 or IPv6)
 * @param routes routes to point at the device, as {@code prefix/length}
 * @param netns network namespace to move the device into before configuring it (it must exist),
 *     or empty to stay in the current one — e.g. to keep decrypted traffic in a dedicated
 *     namespace; the open file descriptor keeps working across the move
 */
public record TunConfig(String name, int mtu, List<String> addresses, List<String> routes, String netns) {

    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9_.-]{1,15}");
    private static final Pattern NAMESPACE = Pattern.compile("[A-Za-z0-9_.-]{1,64}");
    private static final Pattern PREFIX = Pattern.compile("[0-9A-Fa-f.:]+/[0-9]{1,3}");

    public TunConfig {
        if (!NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("bad interface name: " + name);
        }
        // RFC 791: every IPv4 link carries 68 octets; the TUN driver accepts up to 65535
        if (mtu < 68 || mtu > 65535) {
            throw new IllegalArgumentException("MTU out of range: " + mtu);
        }
        addresses = List.copyOf(addresses);
        routes = List.copyOf(routes);
        for (String p : addresses) {
            checkPrefix(p);
        }
        for (String p : routes) {
            checkPrefix(p);
        }
        if (netns == null) {
            netns = "";
        }
        if (!netns.isEmpty() && !NAMESPACE.matcher(netns).matches()) {
            throw new IllegalArgumentException("bad namespace name: " + netns);
        }
    }

    private static void checkPrefix(String p) {
        if (!PREFIX.matcher(p).matches()) {
            throw new IllegalArgumentException("expected address/prefix: " + p);
        }
    }
}
