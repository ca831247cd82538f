package io.ikebana.wire;

/**
 * Bounds-checked big-endian reader over a byte range. Every read is unsigned; reading past the
 * limit throws {@link MalformedException} so that a decoder never indexes outside its payload.
 */
public final class WireReader {
    private final byte[] buf;
    private int pos;
    private final int limit;

    public WireReader(byte[] buf, int off, int limit) {
        if (off < 0 || limit > buf.length || off > limit) {
            throw new MalformedException("range outside buffer");
        }
        this.buf = buf;
        this.pos = off;
        this.limit = limit;
    }

    public WireReader(byte[] buf) {
        this(buf, 0, buf.length);
    }

    private void need(int n) {
        if (n < 0 || limit - pos < n) {
            throw new MalformedException("truncated: need " + n + " octets, have " + (limit - pos));
        }
    }

    public int u8() {
        need(1);
        return buf[pos++] & 0xff;
    }

    public int u16() {
        need(2);
        int v = ((buf[pos] & 0xff) << 8) | (buf[pos + 1] & 0xff);
        pos += 2;
        return v;
    }

    public long u32() {
        need(4);
        long v = ((long) (buf[pos] & 0xff) << 24) | ((buf[pos + 1] & 0xff) << 16)
                | ((buf[pos + 2] & 0xff) << 8) | (buf[pos + 3] & 0xff);
        pos += 4;
        return v;
    }

    public long u64() {
        return (u32() << 32) | u32();
    }

    public byte[] bytes(int n) {
        need(n);
        byte[] out = new byte[n];
        System.arraycopy(buf, pos, out, 0, n);
        pos += n;
        return out;
    }

    public void skip(int n) {
        need(n);
        pos += n;
    }

    public byte[] rest() {
        return bytes(limit - pos);
    }

    public int remaining() {
        return limit - pos;
    }

    public int position() {
        return pos;
    }

    public byte[] buffer() {
        return buf;
    }

    /** A reader over the next n octets; this reader skips them. */
    public WireReader slice(int n) {
        need(n);
        WireReader s = new WireReader(buf, pos, pos + n);
        pos += n;
        return s;
    }

    public void expectEnd(String what) {
        if (pos != limit) {
            throw new MalformedException(what + ": " + (limit - pos) + " trailing octets");
        }
    }
}
