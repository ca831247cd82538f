package io.ikebana.wire.payload;

import io.ikebana.wire.MalformedException;
import io.ikebana.wire.WireReader;
import io.ikebana.wire.WireWriter;

/**
 * One transform substructure (RFC 7296 §3.3.2). {@code keyLength} is the Key Length attribute in
 * bits or -1 when absent. A transform with an attribute we do not know cannot be chosen
 * (§3.3.5), flagged by {@code unknownAttribute}.
 */
public record Transform(int type, int id, int keyLength, boolean unknownAttribute) {

    public static final int ENCR = 1;
    public static final int PRF = 2;
    public static final int INTEG = 3;
    public static final int KE = 4;
    public static final int ESN = 5;
    static final int ATTR_KEY_LENGTH = 14;

    public Transform(int type, int id, int keyLength) {
        this(type, id, keyLength, false);
    }

    public Transform(int type, int id) {
        this(type, id, -1, false);
    }

    /** Decodes one transform, {@code r} positioned at its first octet; returns it and its last-flag. */
    static Transform decode(WireReader r, boolean[] last) {
        int lastSub = r.u8();
        r.u8();
        int len = r.u16();
        // RFC 7296 §3.3.2: 0 = last, 3 = more
        if (lastSub != 0 && lastSub != 3) {
            throw new MalformedException("transform: bad last-substruc " + lastSub);
        }
        if (len < 8) {
            throw new MalformedException("transform: length " + len);
        }
        WireReader t = r.slice(len - 4);
        int type = t.u8();
        t.u8();
        int id = t.u16();
        int keyLength = -1;
        boolean unknown = false;
        while (t.remaining() > 0) {
            int af = t.u16();
            boolean tv = (af & 0x8000) != 0;
            int attrType = af & 0x7fff;
            if (tv) {
                int value = t.u16();
                if (attrType == ATTR_KEY_LENGTH) {
                    if (keyLength != -1) {
                        throw new MalformedException("transform: duplicate key length");
                    }
                    keyLength = value;
                } else {
                    unknown = true;
                }
            } else {
                int alen = t.u16();
                t.skip(alen);
                unknown = true;
            }
        }
        last[0] = lastSub == 0;
        return new Transform(type, id, keyLength, unknown);
    }

    void encode(WireWriter w, boolean last) {
        w.u8(last ? 0 : 3).u8(0);
        w.u16(keyLength >= 0 ? 12 : 8);
        w.u8(type).u8(0).u16(id);
        if (keyLength >= 0) {
            w.u16(0x8000 | ATTR_KEY_LENGTH).u16(keyLength);
        }
    }
}
