package io.ikebana.wire;

import java.util.Arrays;

/** Growable big-endian writer with back-patching of lengths. */
public final class WireWriter {
    private byte[] buf;
    private int pos;

    public WireWriter(int initial) {
        buf = new byte[Math.max(16, initial)];
    }

    public WireWriter() {
        this(256);
    }

    private void ensure(int n) {
        if (pos + n > buf.length) {
            buf = Arrays.copyOf(buf, Math.max(buf.length * 2, pos + n));
        }
    }

    public WireWriter u8(int v) {
        ensure(1);
        buf[pos++] = (byte) v;
        return this;
    }

    public WireWriter u16(int v) {
        ensure(2);
        buf[pos++] = (byte) (v >>> 8);
        buf[pos++] = (byte) v;
        return this;
    }

    public WireWriter u32(long v) {
        ensure(4);
        buf[pos++] = (byte) (v >>> 24);
        buf[pos++] = (byte) (v >>> 16);
        buf[pos++] = (byte) (v >>> 8);
        buf[pos++] = (byte) v;
        return this;
    }

    public WireWriter u64(long v) {
        u32(v >>> 32);
        return u32(v & 0xffffffffL);
    }

    public WireWriter bytes(byte[] b) {
        return bytes(b, 0, b.length);
    }

    public WireWriter bytes(byte[] b, int off, int len) {
        ensure(len);
        System.arraycopy(b, off, buf, pos, len);
        pos += len;
        return this;
    }

    public WireWriter zeros(int n) {
        ensure(n);
        Arrays.fill(buf, pos, pos + n, (byte) 0);
        pos += n;
        return this;
    }

    public int position() {
        return pos;
    }

    public void patchU16(int at, int v) {
        buf[at] = (byte) (v >>> 8);
        buf[at + 1] = (byte) v;
    }

    public void patchU8(int at, int v) {
        buf[at] = (byte) v;
    }

    public void patchU32(int at, long v) {
        buf[at] = (byte) (v >>> 24);
        buf[at + 1] = (byte) (v >>> 16);
        buf[at + 2] = (byte) (v >>> 8);
        buf[at + 3] = (byte) v;
    }

    public byte[] toByteArray() {
        return Arrays.copyOf(buf, pos);
    }
}
