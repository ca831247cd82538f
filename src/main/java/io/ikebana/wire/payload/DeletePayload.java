package io.ikebana.wire.payload;

import io.ikebana.wire.MalformedException;
import io.ikebana.wire.PayloadType;
import io.ikebana.wire.WireReader;
import io.ikebana.wire.WireWriter;
import java.util.ArrayList;
import java.util.List;

/** Delete payload (RFC 7296 §3.11). SPIs of Child SAs are 4 octets; an IKE SA delete has none. */
public record DeletePayload(int protocolId, int spiSize, List<byte[]> spis) implements Payload {

    public DeletePayload {
        spis = List.copyOf(spis);
    }

    public static DeletePayload ike() {
        return new DeletePayload(Proposal.PROTO_IKE, 0, List.of());
    }

    public static DeletePayload esp(List<Integer> spis) {
        List<byte[]> raw = new ArrayList<>();
        for (int spi : spis) {
            raw.add(new byte[] {(byte) (spi >>> 24), (byte) (spi >>> 16), (byte) (spi >>> 8), (byte) spi});
        }
        return new DeletePayload(Proposal.PROTO_ESP, 4, raw);
    }

    @Override
    public PayloadType type() {
        return PayloadType.DELETE;
    }

    public List<Integer> espSpis() {
        List<Integer> out = new ArrayList<>();
        for (byte[] s : spis) {
            out.add(((s[0] & 0xff) << 24) | ((s[1] & 0xff) << 16) | ((s[2] & 0xff) << 8) | (s[3] & 0xff));
        }
        return out;
    }

    public static DeletePayload decode(WireReader r) {
        int proto = r.u8();
        int spiSize = r.u8();
        int num = r.u16();
        // RFC 7296 §3.11: SPI size 0 for IKE, 4 for AH/ESP
        if (proto == Proposal.PROTO_IKE ? spiSize != 0 : spiSize != 4) {
            throw new MalformedException("Delete: SPI size " + spiSize + " for protocol " + proto);
        }
        if (proto == Proposal.PROTO_IKE && num != 0) {
            throw new MalformedException("Delete: IKE with SPIs");
        }
        List<byte[]> spis = new ArrayList<>(num);
        for (int i = 0; i < num; i++) {
            spis.add(r.bytes(spiSize));
        }
        r.expectEnd("Delete");
        return new DeletePayload(proto, spiSize, spis);
    }

    @Override
    public void encodeBody(WireWriter w) {
        w.u8(protocolId).u8(spiSize).u16(spis.size());
        for (byte[] s : spis) {
            w.bytes(s);
        }
    }
}
