package io.ikebana.client;

import java.net.InetAddress;

/**
 * Load and flood generators may only aim at this machine or at test namespaces: loopback, or the
 * private ranges the test harness uses inside network namespaces (10/8, fd00::/8). Anything else
 * is refused before a packet is sent.
 */
public final class TargetGuard {

    private TargetGuard() {
    }

    public static void check(InetAddress target) {
        byte[] a = target.getAddress();
        boolean ok = target.isLoopbackAddress()
                || (a.length == 4 && (a[0] & 0xff) == 10)
                || (a.length == 16 && (a[0] & 0xff) == 0xfd);
        if (!ok) {
            throw new IllegalArgumentException(target.getHostAddress()
                    + " is not a loopback or test-namespace address; load is only sent there");
        }
    }
}
