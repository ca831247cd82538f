package io.ikebana.wire.payload;

import io.ikebana.wire.MalformedException;
import io.ikebana.wire.WireReader;
import io.ikebana.wire.WireWriter;
import java.util.ArrayList;
import java.util.List;

/** A proposal substructure (RFC 7296 §3.3.1). */
public record Proposal(int number, int protocolId, byte[] spi, List<Transform> transforms) {

    public static final int PROTO_IKE = 1;
    public static final int PROTO_AH = 2;
    public static final int PROTO_ESP = 3;

    public Proposal {
        transforms = List.copyOf(transforms);
        spi = spi == null ? new byte[0] : spi;
    }

    static Proposal decode(WireReader r, boolean[] last) {
        int lastSub = r.u8();
        r.u8();
        int len = r.u16();
        // RFC 7296 §3.3.1: 0 = last, 2 = more
        if (lastSub != 0 && lastSub != 2) {
            throw new MalformedException("proposal: bad last-substruc " + lastSub);
        }
        if (len < 8) {
            throw new MalformedException("proposal: length " + len);
        }
        WireReader p = r.slice(len - 4);
        int num = p.u8();
        int proto = p.u8();
        int spiSize = p.u8();
        int numTransforms = p.u8();
        byte[] spi = p.bytes(spiSize);
        List<Transform> transforms = new ArrayList<>(numTransforms);
        boolean[] lastT = {false};
        for (int i = 0; i < numTransforms; i++) {
            if (lastT[0]) {
                throw new MalformedException("proposal: transform after last");
            }
            transforms.add(Transform.decode(p, lastT));
        }
        if (numTransforms > 0 && !lastT[0]) {
            throw new MalformedException("proposal: last transform not marked");
        }
        p.expectEnd("proposal");
        last[0] = lastSub == 0;
        return new Proposal(num, proto, spi, transforms);
    }

    void encode(WireWriter w, boolean last) {
        int start = w.position();
        w.u8(last ? 0 : 2).u8(0).u16(0);
        w.u8(number).u8(protocolId).u8(spi.length).u8(transforms.size());
        w.bytes(spi);
        for (int i = 0; i < transforms.size(); i++) {
            transforms.get(i).encode(w, i == transforms.size() - 1);
        }
        w.patchU16(start + 2, w.position() - start);
    }

    /** All transforms of one type, in order. */
    public List<Transform> ofType(int type) {
        List<Transform> out = new ArrayList<>();
        for (Transform t : transforms) {
            if (t.type() == type) {
                out.add(t);
            }
        }
        return out;
    }

    public long spiAsLong() {
        long v = 0;
        for (byte b : spi) {
            v = (v << 8) | (b & 0xff);
        }
        return v;
    }
}
