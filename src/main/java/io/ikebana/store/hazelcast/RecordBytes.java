package io.ikebana.store.hazelcast;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Big-endian writer and bounds-checked reader for {@link IkeSaCodec}: fixed-width integers,
 * unsigned varints for lengths and counts, length-prefixed byte strings (-1 length = null).
 */
final class RecordBytes {
    private RecordBytes() {
    }

    /** Thrown for a record that cannot be decoded (truncated, unknown format, bad value). */
    static final class FormatException extends RuntimeException {
        FormatException(String msg) {
            super(msg, null, false, false);
        }
    }

    static final class Writer {
        private final ByteArrayOutputStream out = new ByteArrayOutputStream(768);

        Writer u8(int v) {
            out.write(v);
            return this;
        }

        Writer bool(boolean v) {
            return u8(v ? 1 : 0);
        }

        Writer u16(int v) {
            out.write(v >>> 8);
            out.write(v);
            return this;
        }

        Writer i32(int v) {
            for (int s = 24; s >= 0; s -= 8) {
                out.write(v >>> s);
            }
            return this;
        }

        Writer i64(long v) {
            for (int s = 56; s >= 0; s -= 8) {
                out.write((int) (v >>> s));
            }
            return this;
        }

        /** Unsigned LEB128, for non-negative ints. */
        Writer varint(int v) {
            if (v < 0) {
                throw new IllegalArgumentException("negative varint " + v);
            }
            while ((v & ~0x7f) != 0) {
                out.write((v & 0x7f) | 0x80);
                v >>>= 7;
            }
            out.write(v);
            return this;
        }

        /** Null is written as length 0 with a leading flag; see {@link Reader#nullableBytes}. */
        Writer nullableBytes(byte[] b) {
            if (b == null) {
                return u8(0);
            }
            u8(1);
            return bytes(b);
        }

        Writer bytes(byte[] b) {
            varint(b.length);
            out.write(b, 0, b.length);
            return this;
        }

        Writer string(String s) {
            return nullableBytes(s == null ? null : s.getBytes(StandardCharsets.UTF_8));
        }

        byte[] toByteArray() {
            return out.toByteArray();
        }
    }

    static final class Reader {
        private final byte[] b;
        private int pos;

        Reader(byte[] b) {
            this.b = b;
        }

        private void need(int n) {
            if (n < 0 || b.length - pos < n) {
                throw new FormatException("record truncated at " + pos + " (need " + n + ")");
            }
        }

        int u8() {
            need(1);
            return b[pos++] & 0xff;
        }

        boolean bool() {
            int v = u8();
            if (v > 1) {
                throw new FormatException("bad boolean " + v);
            }
            return v == 1;
        }

        int u16() {
            return (u8() << 8) | u8();
        }

        int i32() {
            need(4);
            int v = 0;
            for (int i = 0; i < 4; i++) {
                v = (v << 8) | (b[pos++] & 0xff);
            }
            return v;
        }

        long i64() {
            need(8);
            long v = 0;
            for (int i = 0; i < 8; i++) {
                v = (v << 8) | (b[pos++] & 0xff);
            }
            return v;
        }

        int varint() {
            int v = 0;
            for (int shift = 0; shift < 32; shift += 7) {
                int x = u8();
                v |= (x & 0x7f) << shift;
                if ((x & 0x80) == 0) {
                    if (v < 0) {
                        break;
                    }
                    return v;
                }
            }
            throw new FormatException("bad varint at " + pos);
        }

        /** A count of items each at least {@code minItemSize} octets: bounded by what is left. */
        int count(int minItemSize) {
            int n = varint();
            need(n * Math.max(1, minItemSize));
            return n;
        }

        byte[] bytes() {
            int n = varint();
            need(n);
            byte[] out = Arrays.copyOfRange(b, pos, pos + n);
            pos += n;
            return out;
        }

        byte[] nullableBytes() {
            return bool() ? bytes() : null;
        }

        String string() {
            byte[] s = nullableBytes();
            return s == null ? null : new String(s, StandardCharsets.UTF_8);
        }

        void end() {
            if (pos != b.length) {
                throw new FormatException((b.length - pos) + " trailing octets");
            }
        }
    }
}
