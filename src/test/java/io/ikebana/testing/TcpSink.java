package io.ikebana.testing;

import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.security.MessageDigest;
import java.util.HexFormat;

/**
 * Test helper run in a network namespace: accepts one TCP connection, reads it to the end and
 * prints "bytes=N sha256=HEX". {@code TcpSink PORT [--send BYTES HOST]} as client sends
 * pseudo-random bytes and prints the same line for what it sent.
 */
public final class TcpSink {

    public static void main(String[] args) throws Exception {
        if (args.length >= 3 && args[0].equals("--send")) {
            long n = Long.parseLong(args[1]);
            String[] hp = args[2].split(":");
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            try (Socket s = new Socket()) {
                s.connect(new InetSocketAddress(hp[0], Integer.parseInt(hp[1])), 10_000);
                java.util.Random r = new java.util.Random(42);
                byte[] buf = new byte[16384];
                long left = n;
                while (left > 0) {
                    int c = (int) Math.min(buf.length, left);
                    r.nextBytes(buf);
                    md.update(buf, 0, c);
                    s.getOutputStream().write(buf, 0, c);
                    left -= c;
                }
                s.shutdownOutput();
                s.getInputStream().read();
            }
            System.out.println("bytes=" + n + " sha256=" + HexFormat.of().formatHex(md.digest()));
            return;
        }
        int port = Integer.parseInt(args[0]);
        try (ServerSocket ss = new ServerSocket(port)) {
            System.out.println("listening " + port);
            System.out.flush();
            try (Socket s = ss.accept(); InputStream in = s.getInputStream()) {
                MessageDigest md = MessageDigest.getInstance("SHA-256");
                byte[] buf = new byte[65536];
                long total = 0;
                int r;
                while ((r = in.read(buf)) > 0) {
                    md.update(buf, 0, r);
                    total += r;
                }
                System.out.println("bytes=" + total + " sha256=" + HexFormat.of().formatHex(md.digest()));
            }
        }
    }
}
