package io.ikebana.esp.io;

import com.sun.jna.Memory;
import com.sun.jna.Native;
import java.io.IOException;
import java.nio.charset.StandardCharsets;

/**
 * A Linux TUN device ({@code IFF_TUN | IFF_NO_PI}: raw IP packets, no packet-info header), opened
 * through JNA and configured with iproute2.
 *
 * <p>Reading: one dedicated daemon thread per device. The descriptor is non-blocking; the thread
 * reads until the queue is empty, then blocks in {@code poll(2)} on the device and an eventfd that
 * {@link #close()} signals (a thread blocked in {@code read(2)} would not wake when the descriptor
 * is closed). Writing: {@link #write} is called by the UDP receive threads; it copies the packet
 * into a per-thread native buffer and issues one {@code write(2)} — the kernel serializes writers,
 * no Java lock is involved and the reader is never waited for.
 */
public final class TunPacketIo implements PacketIo {

    private static final System.Logger LOG = System.getLogger(TunPacketIo.class.getName());
    private static final int MAX_PACKET = 65_536;

    private final int fd;
    private final int wakeFd;
    private final String name;
    private final ThreadLocal<Memory> writeBuffers = ThreadLocal.withInitial(() -> new Memory(MAX_PACKET));
    private volatile boolean closed;
    private Thread reader;

    private TunPacketIo(int fd, int wakeFd, String name) {
        this.fd = fd;
        this.wakeFd = wakeFd;
        this.name = name;
    }

    /** Creates the device, moves it into {@code config.netns()} if set, and configures it. */
    public static TunPacketIo open(TunConfig config) throws IOException {
        int fd = LibC.open("/dev/net/tun", LibC.O_RDWR | LibC.O_NONBLOCK | LibC.O_CLOEXEC);
        if (fd < 0) {
            throw new IOException("open /dev/net/tun failed, errno " + Native.getLastError());
        }
        byte[] ifreq = new byte[LibC.IFREQ_SIZE];
        byte[] nameBytes = config.name().getBytes(StandardCharsets.US_ASCII);
        System.arraycopy(nameBytes, 0, ifreq, 0, nameBytes.length);
        short flags = LibC.IFF_TUN | LibC.IFF_NO_PI;
        ifreq[16] = (byte) flags; // little-endian short (x86-64, aarch64)
        ifreq[17] = (byte) (flags >> 8);
        if (LibC.ioctl(fd, LibC.TUNSETIFF, ifreq) < 0) {
            int errno = Native.getLastError();
            LibC.close(fd);
            throw new IOException("TUNSETIFF " + config.name() + " failed, errno " + errno);
        }
        int wakeFd = LibC.eventfd(0, LibC.EFD_CLOEXEC | LibC.EFD_NONBLOCK);
        if (wakeFd < 0) {
            LibC.close(fd);
            throw new IOException("eventfd failed, errno " + Native.getLastError());
        }
        TunPacketIo tun = new TunPacketIo(fd, wakeFd, config.name());
        try {
            configure(config);
        } catch (IOException | RuntimeException e) {
            tun.close();
            throw e;
        }
        return tun;
    }

    private static void configure(TunConfig c) throws IOException {
        if (!c.netns().isEmpty()) {
            new IpCommand("").run("link", "set", "dev", c.name(), "netns", c.netns());
        }
        IpCommand ip = new IpCommand(c.netns());
        ip.run("link", "set", "dev", c.name(), "mtu", Integer.toString(c.mtu()), "up");
        for (String a : c.addresses()) {
            ip.run("addr", "add", a, "dev", c.name());
        }
        for (String r : c.routes()) {
            ip.run("route", "add", r, "dev", c.name());
        }
    }

    public String name() {
        return name;
    }

    @Override
    public synchronized void start(InnerPacketHandler handler) {
        if (reader != null || closed) {
            throw new IllegalStateException("already started or closed");
        }
        reader = new Thread(() -> readLoop(handler), "tun-reader-" + name);
        reader.setDaemon(true);
        reader.start();
    }

    private void readLoop(InnerPacketHandler handler) {
        Memory in = new Memory(MAX_PACKET);
        byte[] packet = new byte[MAX_PACKET];
        Memory fds = new Memory(16); // struct pollfd[2] { int fd; short events; short revents; }
        fds.setInt(0, fd);
        fds.setShort(4, LibC.POLLIN);
        fds.setInt(8, wakeFd);
        fds.setShort(12, LibC.POLLIN);
        while (!closed) {
            int n = LibC.read(fd, in, MAX_PACKET);
            if (n > 0) {
                in.read(0, packet, 0, n);
                try {
                    handler.onPacket(packet, 0, n);
                } catch (RuntimeException e) {
                    LOG.log(System.Logger.Level.WARNING, "outbound handler failed", e);
                }
                continue;
            }
            int errno = Native.getLastError();
            if (n < 0 && (errno == LibC.EAGAIN || errno == LibC.EINTR)) {
                fds.setShort(6, (short) 0);
                fds.setShort(14, (short) 0);
                LibC.poll(fds, 2, -1);
                continue;
            }
            if (!closed) {
                LOG.log(System.Logger.Level.ERROR, "TUN " + name + " read failed, errno " + errno + "; reader stops");
            }
            return;
        }
    }

    @Override
    public boolean write(byte[] buf, int off, int len) {
        if (closed || len > MAX_PACKET) {
            return false;
        }
        Memory m = writeBuffers.get();
        m.write(0, buf, off, len);
        return LibC.write(fd, m, len) == len;
    }

    @Override
    public void close() {
        Thread r;
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
            r = reader;
        }
        Memory one = new Memory(8);
        one.setLong(0, 1);
        LibC.write(wakeFd, one, 8);
        if (r != null && r != Thread.currentThread()) {
            try {
                r.join(2000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        LibC.close(fd);
        LibC.close(wakeFd);
    }

    @Override
    public String toString() {
        return "TunPacketIo[" + name + "]";
    }
}
