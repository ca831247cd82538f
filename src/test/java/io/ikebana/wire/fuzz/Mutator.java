package io.ikebana.wire.fuzz;

import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

/**
 * A deterministic, seeded mutator for IKE messages: bit flips, interesting bytes, byte insertion
 * and deletion, truncation, tweaks of the header and payload length fields, payload type and
 * critical-bit changes, and payload splicing (remove, duplicate, swap, or take one from another
 * message). It walks the generic payload chain (RFC 7296 §3.2) leniently to find the fields; the
 * header length is usually fixed up afterwards so that mutants get past the first check.
 * Same seed, same corpus, same mutants.
 */
public final class Mutator {
    private static final int[] INTERESTING_BYTES = {0x00, 0x01, 0x02, 0x03, 0x04, 0x07, 0x08, 0x10, 0x20, 0x28, 0x7f,
        0x80, 0x81, 0xfe, 0xff};
    private static final int[] INTERESTING_TYPES = {0, 1, 32, 33, 34, 35, 36, 37, 38, 39, 40, 41, 42, 43, 44, 45, 46,
        47, 48, 49, 53, 54, 55, 127, 128, 200, 255};
    private static final int[] INTERESTING_U16 = {0, 1, 2, 3, 4, 5, 7, 8, 12, 16, 0x7fff, 0x8000, 0xfffe, 0xffff};

    private final SplittableRandom random;
    private final boolean headerMutable;
    private String last = "";

    /** @param headerMutable false when the first 28 octets are a stand-in (inner SK content) */
    public Mutator(long seed, boolean headerMutable) {
        this.random = new SplittableRandom(seed);
        this.headerMutable = headerMutable;
    }

    /** What the last {@link #mutate} did, for failure reports. */
    public String lastMutation() {
        return last;
    }

    /** One generic payload as found by the lenient walk. */
    public record Slot(int offset, int type, int length) {
    }

    /** The payload chain as far as it can be walked; stops at SK/SKF (their body is opaque). */
    public static List<Slot> walk(byte[] m) {
        List<Slot> out = new ArrayList<>();
        if (m.length < 28) {
            return out;
        }
        int next = m[16] & 0xff;
        int pos = 28;
        while (next != 0 && pos + 4 <= m.length && out.size() < 64) {
            int len = ((m[pos + 2] & 0xff) << 8) | (m[pos + 3] & 0xff);
            if (len < 4 || pos + len > m.length) {
                out.add(new Slot(pos, next, Math.max(0, Math.min(len, m.length - pos))));
                break;
            }
            out.add(new Slot(pos, next, len));
            if (next == 46 || next == 53) {
                break;
            }
            next = m[pos] & 0xff;
            pos += len;
        }
        return out;
    }

    /** Returns a mutant different from {@code seed}; {@code donors} supply spliced payloads. */
    public byte[] mutate(byte[] seed, List<byte[]> donors) {
        for (int attempt = 0; attempt < 16; attempt++) {
            byte[] m = seed.clone();
            StringBuilder what = new StringBuilder();
            int rounds = 1 + (random.nextInt(4) == 0 ? random.nextInt(3) : 0);
            for (int i = 0; i < rounds; i++) {
                m = once(m, donors, what);
            }
            if (!Arrays.equals(m, seed)) {
                last = what.toString();
                return m;
            }
        }
        byte[] m = seed.clone();
        m[m.length - 1] ^= 1;
        last = "flip last";
        return m;
    }

    private int lowest() {
        return headerMutable ? 0 : 28;
    }

    private byte[] once(byte[] m, List<byte[]> donors, StringBuilder what) {
        int op = random.nextInt(16);
        List<Slot> slots = walk(m);
        switch (op) {
            case 0:
            case 1: {
                int n = 1 + random.nextInt(4);
                for (int i = 0; i < n && m.length > lowest(); i++) {
                    int at = lowest() + random.nextInt(m.length - lowest());
                    m[at] ^= (byte) (1 << random.nextInt(8));
                    what.append("flip@").append(at).append(' ');
                }
                return m;
            }
            case 2: {
                if (m.length > lowest()) {
                    int at = lowest() + random.nextInt(m.length - lowest());
                    m[at] = (byte) INTERESTING_BYTES[random.nextInt(INTERESTING_BYTES.length)];
                    what.append("set@").append(at).append(' ');
                }
                return m;
            }
            case 3: {
                if (m.length < 28) {
                    return m;
                }
                int at = 28 + random.nextInt(m.length - 27);
                byte[] ins = new byte[1 + random.nextInt(random.nextBoolean() ? 4 : 40)];
                if (random.nextBoolean()) {
                    for (int i = 0; i < ins.length; i++) {
                        ins[i] = (byte) random.nextInt(256);
                    }
                }
                what.append("insert").append(ins.length).append('@').append(at).append(' ');
                return fixLength(splice(m, Math.min(at, m.length), 0, ins));
            }
            case 4: {
                if (m.length <= 28) {
                    return m;
                }
                int at = 28 + random.nextInt(m.length - 28);
                int n = Math.min(1 + random.nextInt(random.nextBoolean() ? 4 : 32), m.length - at);
                what.append("delete").append(n).append('@').append(at).append(' ');
                return fixLength(splice(m, at, n, new byte[0]));
            }
            case 5: {
                int keep = lowest() + random.nextInt(Math.max(1, m.length - lowest() + 1));
                what.append("truncate@").append(keep).append(' ');
                byte[] t = Arrays.copyOf(m, Math.max(keep, 0));
                return random.nextInt(4) == 0 || t.length < 28 ? t : fixLength(t);
            }
            case 6:
            case 7: {
                // a payload length field
                if (slots.isEmpty()) {
                    return m;
                }
                Slot s = slots.get(random.nextInt(slots.size()));
                int v = tweak(s.length());
                putU16(m, s.offset() + 2, v);
                what.append("plen@").append(s.offset()).append('=').append(v).append(' ');
                return m;
            }
            case 8: {
                // a 16-bit field inside a payload body (substructure lengths, counts, types)
                if (slots.isEmpty()) {
                    return m;
                }
                Slot s = slots.get(random.nextInt(slots.size()));
                if (s.length() < 6) {
                    return m;
                }
                int at = s.offset() + 4 + random.nextInt(s.length() - 5);
                int v = random.nextBoolean() ? tweak(((m[at] & 0xff) << 8) | (m[at + 1] & 0xff))
                        : INTERESTING_U16[random.nextInt(INTERESTING_U16.length)];
                putU16(m, at, v);
                what.append("u16@").append(at).append('=').append(v).append(' ');
                return m;
            }
            case 9: {
                if (!headerMutable) {
                    return m;
                }
                // the header: length, version, exchange, flags, message ID
                int f = random.nextInt(5);
                if (f == 0 && m.length >= 28) {
                    long v = random.nextBoolean() ? m.length + random.nextInt(9) - 4 : random.nextInt(70000);
                    putU32(m, 24, v);
                } else if (f == 1 && m.length >= 18) {
                    m[17] = (byte) (random.nextBoolean() ? 0x20 | random.nextInt(16) : random.nextInt(256));
                } else if (f == 2 && m.length >= 19) {
                    m[18] = (byte) (random.nextBoolean() ? 33 + random.nextInt(12) : random.nextInt(256));
                } else if (f == 3 && m.length >= 20) {
                    m[19] = (byte) (m[19] ^ (1 << random.nextInt(8)));
                } else if (m.length >= 24) {
                    long mid = ((long) (m[20] & 0xff) << 24) | ((m[21] & 0xff) << 16) | ((m[22] & 0xff) << 8)
                            | (m[23] & 0xff);
                    putU32(m, 20, random.nextBoolean() ? mid + random.nextInt(5) - 2 : random.nextLong() & 0xffffffffL);
                }
                what.append("header").append(f).append(' ');
                return m;
            }
            case 10: {
                // a next-payload field (the header's or a payload's) and the critical bit
                if (slots.isEmpty()) {
                    return m;
                }
                int idx = random.nextInt(slots.size() + 1);
                int at = idx == slots.size() ? 16 : slots.get(idx).offset();
                if (at == 16 && !headerMutable && random.nextBoolean()) {
                    return m;
                }
                m[at] = (byte) INTERESTING_TYPES[random.nextInt(INTERESTING_TYPES.length)];
                if (at != 16 && random.nextInt(3) == 0) {
                    m[at + 1] ^= (byte) 0x80;
                }
                what.append("type@").append(at).append(' ');
                return m;
            }
            case 11: {
                if (slots.isEmpty()) {
                    return m;
                }
                Slot s = slots.get(random.nextInt(slots.size()));
                m[s.offset() + 1] ^= (byte) 0x80;
                what.append("critical@").append(s.offset()).append(' ');
                return m;
            }
            case 12:
                return removePayload(m, slots, what);
            case 13:
                return duplicatePayload(m, slots, what);
            case 14:
                return swapPayloads(m, slots, what);
            default:
                return splicePayload(m, slots, donors, what);
        }
    }

    private int tweak(int v) {
        switch (random.nextInt(6)) {
            case 0: return Math.max(0, v + random.nextInt(9) - 4);
            case 1: return v + (random.nextBoolean() ? 4 : -4) & 0xffff;
            case 2: return INTERESTING_U16[random.nextInt(INTERESTING_U16.length)];
            case 3: return v ^ (1 << random.nextInt(16));
            case 4: return v * 2 & 0xffff;
            default: return v / 2;
        }
    }

    // ---------------------------------------------------------------------- payload-level edits

    private byte[] removePayload(byte[] m, List<Slot> slots, StringBuilder what) {
        List<Slot> whole = complete(slots);
        if (whole.isEmpty()) {
            return m;
        }
        int i = random.nextInt(whole.size());
        Slot s = whole.get(i);
        // the previous link now points at what followed the removed payload
        int prevAt = i == 0 ? 16 : whole.get(i - 1).offset();
        byte[] out = splice(m, s.offset(), s.length(), new byte[0]);
        out[prevAt] = m[s.offset()];
        what.append("remove#").append(i).append(' ');
        return fixLength(out);
    }

    private byte[] duplicatePayload(byte[] m, List<Slot> slots, StringBuilder what) {
        List<Slot> whole = complete(slots);
        if (whole.isEmpty()) {
            return m;
        }
        Slot s = whole.get(random.nextInt(whole.size()));
        if (s.type() == 46 || s.type() == 53) {
            return m;
        }
        byte[] copy = Arrays.copyOfRange(m, s.offset(), s.offset() + s.length());
        // copy keeps the original's next; the original now points at its copy
        byte[] out = splice(m, s.offset() + s.length(), 0, copy);
        out[s.offset()] = (byte) s.type();
        what.append("duplicate@").append(s.offset()).append(' ');
        return fixLength(out);
    }

    private byte[] swapPayloads(byte[] m, List<Slot> slots, StringBuilder what) {
        List<Slot> whole = complete(slots);
        if (whole.size() < 2) {
            return m;
        }
        int i = random.nextInt(whole.size() - 1);
        Slot a = whole.get(i);
        Slot b = whole.get(i + 1);
        if (b.type() == 46 || b.type() == 53) {
            return m;
        }
        byte[] pa = Arrays.copyOfRange(m, a.offset(), a.offset() + a.length());
        byte[] pb = Arrays.copyOfRange(m, b.offset(), b.offset() + b.length());
        int afterB = pb[0] & 0xff;
        pb[0] = (byte) a.type();
        pa[0] = (byte) afterB;
        int prevAt = i == 0 ? 16 : whole.get(i - 1).offset();
        ByteArrayOutputStream o = new ByteArrayOutputStream();
        o.write(m, 0, a.offset());
        o.writeBytes(pb);
        o.writeBytes(pa);
        o.write(m, b.offset() + b.length(), m.length - b.offset() - b.length());
        byte[] out = o.toByteArray();
        out[prevAt] = (byte) b.type();
        what.append("swap#").append(i).append(' ');
        return out;
    }

    private byte[] splicePayload(byte[] m, List<Slot> slots, List<byte[]> donors, StringBuilder what) {
        if (m.length < 28) {
            return m;
        }
        if (donors == null || donors.isEmpty()) {
            return duplicatePayload(m, slots, what);
        }
        byte[] d = donors.get(random.nextInt(donors.size()));
        List<Slot> ds = complete(walk(d));
        ds.removeIf(s -> s.type() == 46 || s.type() == 53);
        if (ds.isEmpty()) {
            return m;
        }
        Slot s = ds.get(random.nextInt(ds.size()));
        byte[] p = Arrays.copyOfRange(d, s.offset(), s.offset() + s.length());
        List<Slot> whole = complete(slots);
        // insert before payload i (or at the end of the walked chain)
        int i = random.nextInt(whole.size() + 1);
        int at = i < whole.size() ? whole.get(i).offset() : (whole.isEmpty() ? 28 : end(whole));
        int prevAt = i == 0 ? 16 : whole.get(i - 1).offset();
        if (prevAt == 16 && !headerMutable && m.length < 17) {
            return m;
        }
        p[0] = m[prevAt];
        byte[] out = splice(m, at, 0, p);
        out[prevAt] = (byte) s.type();
        what.append("splice(").append(s.type()).append(")#").append(i).append(' ');
        return fixLength(out);
    }

    private static int end(List<Slot> whole) {
        Slot s = whole.get(whole.size() - 1);
        return s.offset() + s.length();
    }

    /** Slots that were walked completely (their length was plausible). */
    private static List<Slot> complete(List<Slot> slots) {
        List<Slot> out = new ArrayList<>(slots);
        if (!out.isEmpty()) {
            Slot l = out.get(out.size() - 1);
            if (l.length() < 4) {
                out.remove(out.size() - 1);
            }
        }
        return out;
    }

    // ---------------------------------------------------------------------- octet helpers

    private byte[] fixLength(byte[] m) {
        if (m.length >= 28 && random.nextInt(8) != 0) {
            putU32(m, 24, m.length);
        }
        return m;
    }

    private static byte[] splice(byte[] m, int at, int remove, byte[] insert) {
        byte[] out = new byte[m.length - remove + insert.length];
        System.arraycopy(m, 0, out, 0, at);
        System.arraycopy(insert, 0, out, at, insert.length);
        System.arraycopy(m, at + remove, out, at + insert.length, m.length - at - remove);
        return out;
    }

    private static void putU16(byte[] m, int at, int v) {
        if (at + 1 < m.length) {
            m[at] = (byte) (v >>> 8);
            m[at + 1] = (byte) v;
        }
    }

    private static void putU32(byte[] m, int at, long v) {
        if (at + 3 < m.length) {
            m[at] = (byte) (v >>> 24);
            m[at + 1] = (byte) (v >>> 16);
            m[at + 2] = (byte) (v >>> 8);
            m[at + 3] = (byte) v;
        }
    }
}
