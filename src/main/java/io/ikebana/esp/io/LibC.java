package io.ikebana.esp.io;

import com.sun.jna.Native;
import com.sun.jna.NativeLibrary;
import com.sun.jna.Platform;
import com.sun.jna.Pointer;

/**
 * The libc calls the TUN device needs, through JNA direct mapping (no per-call reflection or
 * argument boxing). Linux LP64 only: {@code size_t}/{@code unsigned long} are Java longs and
 * {@code ssize_t} results fit an int for packet-sized counts. errno via {@link Native#getLastError()}.
 */
final class LibC {

    static final int O_RDWR = 0x2;
    static final int O_NONBLOCK = 0x800;
    static final int O_CLOEXEC = 0x80000;
    static final int EFD_CLOEXEC = 0x80000;
    static final int EFD_NONBLOCK = 0x800;
    static final short POLLIN = 0x1;
    static final int EINTR = 4;
    static final int EAGAIN = 11;
    /** {@code _IOW('T', 202, int)} from linux/if_tun.h. */
    static final long TUNSETIFF = 0x400454caL;
    static final short IFF_TUN = 0x0001;
    static final short IFF_NO_PI = 0x1000;
    /** {@code sizeof(struct ifreq)} on Linux x86-64/aarch64; name at 0 (IFNAMSIZ 16), flags at 16. */
    static final int IFREQ_SIZE = 40;

    static {
        Native.register(LibC.class, NativeLibrary.getInstance(Platform.C_LIBRARY_NAME));
    }

    private LibC() {
    }

    static native int open(String path, int flags);

    static native int ioctl(int fd, long request, byte[] arg);

    static native int read(int fd, Pointer buf, long count);

    static native int write(int fd, Pointer buf, long count);

    static native int poll(Pointer fds, long nfds, int timeoutMillis);

    static native int eventfd(int initval, int flags);

    static native int close(int fd);
}
