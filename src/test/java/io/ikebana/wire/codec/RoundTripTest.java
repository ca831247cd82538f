package io.ikebana.wire.codec;

import static io.ikebana.wire.WireBytes.concat;
import static io.ikebana.wire.WireBytes.payload;
import static io.ikebana.wire.WireBytes.u8;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ikebana.wire.DecodeResult;
import io.ikebana.wire.IkeHeader;
import io.ikebana.wire.IkeMessage;
import io.ikebana.wire.Vectors;
import io.ikebana.wire.WireWriter;
import io.ikebana.wire.payload.UnknownPayload;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Decoding then encoding gives back the octets (for canonical input). */
class RoundTripTest {

    @Test
    void unknownCriticalPayloadKeepsItsBit() {
        byte[] chain = concat(payload(200, true, u8(1, 2)), payload(0, false, u8(3)));
        PayloadChain.Result r = PayloadChain.decode(chain, 0, chain.length, 49);
        assertTrue(((UnknownPayload) r.payloads().get(0)).critical());
        WireWriter w = new WireWriter();
        PayloadChain.encode(w, r.payloads(), 0);
        assertArrayEquals(chain, w.toByteArray());
    }

    @Test
    void initRequestVectorRoundTrips() {
        byte[] v = Vectors.load("ike_sa_init_request_x25519");
        IkeMessage m = assertInstanceOf(DecodeResult.Ok.class, MessageDecoder.plain(v)).message();
        byte[] again = MessageEncoder.plain(m.header(), m.payloads());
        assertArrayEquals(v, again);
        assertEquals(IkeHeader.SIZE + 194, again.length);
    }

    @Test
    void protectedVectorContentRoundTrips() {
        byte[] v = Vectors.load("sk_gcm256_informational_delete_esp");
        IkeMessage m = assertInstanceOf(DecodeResult.Ok.class, MessageDecoder.protectedMessage(v,
                ProtectedTableTest.gcm(), null)).message();
        WireWriter w = new WireWriter();
        PayloadChain.encode(w, m.payloads(), 0);
        assertArrayEquals(payload(0, concat(u8(3, 4, 0, 1), u8(0, 0, 0xc0, 1))), w.toByteArray());
        assertEquals(List.of(0xc001), ((io.ikebana.wire.payload.DeletePayload) m.payloads().get(0)).espSpis());
    }
}
