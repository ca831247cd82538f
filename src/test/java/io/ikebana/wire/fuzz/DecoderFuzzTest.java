package io.ikebana.wire.fuzz;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ikebana.wire.ExchangeType;
import io.ikebana.wire.IkeHeader;
import io.ikebana.wire.ProtectedBytes;
import io.ikebana.wire.Vectors;
import io.ikebana.wire.WireBytes;
import io.ikebana.wire.WireWriter;
import io.ikebana.wire.codec.FragmentAssembler;
import io.ikebana.wire.codec.MessageEncoder;
import io.ikebana.wire.codec.PayloadChain;
import io.ikebana.wire.payload.AuthPayload;
import io.ikebana.wire.payload.CertPayload;
import io.ikebana.wire.payload.CertReqPayload;
import io.ikebana.wire.payload.CpAttribute;
import io.ikebana.wire.payload.CpPayload;
import io.ikebana.wire.payload.DeletePayload;
import io.ikebana.wire.payload.EapPayload;
import io.ikebana.wire.payload.IdPayload;
import io.ikebana.wire.payload.KePayload;
import io.ikebana.wire.payload.NoncePayload;
import io.ikebana.wire.payload.NotifyPayload;
import io.ikebana.wire.payload.Payload;
import io.ikebana.wire.payload.Proposal;
import io.ikebana.wire.payload.PsPayload;
import io.ikebana.wire.payload.SaPayload;
import io.ikebana.wire.payload.TrafficSelector;
import io.ikebana.wire.payload.Transform;
import io.ikebana.wire.payload.TsPayload;
import io.ikebana.wire.payload.UnknownPayload;
import io.ikebana.wire.payload.VendorPayload;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Seeded mutation fuzzing of the decoders, bounded for CI. Corpus: the vectors (IKE_SA_INIT,
 * SK with AES-GCM and AES-CBC+HMAC, two SKF fragments) and a message with one payload of every
 * type. Each mutant goes through the unprotected decoder, the protected decoder (both ciphers,
 * with a fragment assembler that keeps state across inputs), and, as authenticated content, is
 * sealed and decoded again (see {@link DecoderFuzzTarget} for the invariants).
 * <p>
 * {@code -Dikebana.fuzz.decoder=N} sets the number of mutants (default 20000),
 * {@code -Dikebana.fuzz.seed=S} the seed.
 */
class DecoderFuzzTest {

    static long seed() {
        return Long.getLong("ikebana.fuzz.seed", 0x1CEBA7AL);
    }

    /** One payload of every type we decode, and an unknown one. */
    static List<Payload> everyPayload() {
        byte[] spi = WireBytes.u32(0x01020304);
        List<Payload> ps = new ArrayList<>();
        ps.add(new SaPayload(List.of(
                new Proposal(1, Proposal.PROTO_IKE, new byte[0], List.of(new Transform(Transform.ENCR, 20, 256),
                        new Transform(Transform.PRF, 5), new Transform(Transform.KE, 31))),
                new Proposal(2, Proposal.PROTO_ESP, spi, List.of(new Transform(Transform.ENCR, 12, 128),
                        new Transform(Transform.INTEG, 12), new Transform(Transform.ESN, 0))))));
        ps.add(new KePayload(31, WireBytes.nonce(32)));
        ps.add(new IdPayload(true, 2, "client.example.org".getBytes(java.nio.charset.StandardCharsets.US_ASCII)));
        ps.add(new IdPayload(false, 1, new byte[] {10, 0, 0, 1}));
        ps.add(new CertPayload(4, WireBytes.hex("3003020100")));
        ps.add(new CertReqPayload(4, new byte[20]));
        ps.add(new AuthPayload(2, WireBytes.nonce(32)));
        ps.add(new NoncePayload(WireBytes.nonce(32)));
        ps.add(new NotifyPayload(3, spi, 16393, null));
        ps.add(NotifyPayload.of(io.ikebana.wire.NotifyType.COOKIE, WireBytes.nonce(16)));
        ps.add(DeletePayload.esp(List.of(0xc001, 0xc002)));
        ps.add(DeletePayload.ike());
        ps.add(new VendorPayload(WireBytes.nonce(16)));
        ps.add(new TsPayload(true, List.of(TrafficSelector.any(false), TrafficSelector.any(true),
                new TrafficSelector(9, 0, 0, 0, new byte[0], new byte[0]))));
        ps.add(new TsPayload(false, List.of(TrafficSelector.ofSubnet(WireBytes.ipAddress("10.0.0.0"), 8))));
        ps.add(new CpPayload(1, List.of(new CpAttribute(1, new byte[0]), new CpAttribute(3, new byte[0]),
                new CpAttribute(8, new byte[17]))));
        ps.add(new EapPayload(WireBytes.hex("01010004")));
        ps.add(new PsPayload(new byte[32]));
        ps.add(new UnknownPayload(49, false, WireBytes.nonce(8)));
        return ps;
    }

    static byte[] chain(List<Payload> ps) {
        WireWriter w = new WireWriter();
        PayloadChain.encode(w, ps, 0);
        return w.toByteArray();
    }

    static List<byte[]> messageCorpus() {
        List<byte[]> c = new ArrayList<>();
        for (String v : List.of("ike_sa_init_request_x25519", "sk_gcm256_informational_empty",
                "sk_gcm256_informational_delete_esp", "sk_cbc128_informational_delete_esp",
                "skf_gcm256_fragment_1_of_2", "skf_gcm256_fragment_2_of_2")) {
            c.add(Vectors.load(v));
        }
        c.add(MessageEncoder.plain(IkeHeader.of(0x0102030405060708L, 0, ExchangeType.IKE_SA_INIT, false, true, 0),
                everyPayload()));
        c.add(MessageEncoder.protect(IkeHeader.of(0x0011223344556677L, 0x8899aabbccddeeffL, ExchangeType.IKE_AUTH,
                false, true, 1), List.of(), everyPayload(), DecoderFuzzTarget.gcm()));
        c.addAll(MessageEncoder.fragment(IkeHeader.of(0x0011223344556677L, 0x8899aabbccddeeffL,
                ExchangeType.IKE_AUTH, false, true, 1), List.of(), everyPayload(), DecoderFuzzTarget.gcm(), 200));
        return c;
    }

    /** Inner contents: a stand-in 28-octet header (first type at octet 16) and the chain. */
    static List<byte[]> innerCorpus() {
        List<byte[]> c = new ArrayList<>();
        List<Payload> all = everyPayload();
        c.add(inner(all));
        c.add(inner(all.subList(10, 12)));
        c.add(inner(all.subList(0, 1)));
        c.add(inner(List.of(all.get(13), all.get(14))));
        c.add(inner(List.of()));
        return c;
    }

    static byte[] inner(List<Payload> ps) {
        byte[] h = new byte[28];
        h[16] = (byte) PayloadChain.firstType(ps, 0);
        return WireBytes.concat(h, chain(ps));
    }

    @Test
    void decodersSurviveMutants() {
        int n = Integer.getInteger("ikebana.fuzz.decoder", 20_000);
        long seed = seed();
        List<byte[]> corpus = messageCorpus();
        List<byte[]> inners = innerCorpus();
        Mutator outer = new Mutator(seed, true);
        Mutator in = new Mutator(seed ^ 0x5DEECE66DL, false);
        java.util.SplittableRandom pick = new java.util.SplittableRandom(seed + 1);
        FragmentAssembler shared = new FragmentAssembler(64, 65536);
        long start = System.nanoTime();
        int i = 0;
        try {
            for (; i < n; i++) {
                if (i % 4 == 3) {
                    byte[] s = inners.get(pick.nextInt(inners.size()));
                    byte[] m = in.mutate(s, inners);
                    DecoderFuzzTarget.checkInner(m[16] & 0xff, Arrays.copyOfRange(m, 28, m.length));
                    continue;
                }
                byte[] s = corpus.get(pick.nextInt(corpus.size()));
                byte[] m = outer.mutate(s, corpus);
                DecoderFuzzTarget.checkPlain(m);
                DecoderFuzzTarget.checkProtected(m, DecoderFuzzTarget.gcm(), shared);
                DecoderFuzzTarget.checkProtected(m, DecoderFuzzTarget.cbc(), new FragmentAssembler(4, 4096));
            }
        } catch (AssertionError e) {
            throw new AssertionError("input " + i + " (seed " + seed + ", mutation " + outer.lastMutation() + " / "
                    + in.lastMutation() + "): " + e.getMessage(), e);
        }
        long ms = (System.nanoTime() - start) / 1_000_000;
        System.out.printf("decoder fuzz: %d mutants, seed %d, %d ms%n", n, seed, ms);
        assertTrue(i == n);
    }

    @Test
    void jazzerStyleEntryPointTakesAnyOctets() {
        for (byte[] m : messageCorpus()) {
            DecoderFuzzTarget.fuzzerTestOneInput(m);
        }
        DecoderFuzzTarget.fuzzerTestOneInput(new byte[0]);
        DecoderFuzzTarget.fuzzerTestOneInput(new byte[] {46});
        DecoderFuzzTarget.fuzzerTestOneInput(new byte[64]);
    }

    @Test
    void sealHelperRoundTrips() {
        byte[] hdr = WireBytes.header(1, 2, 0, 0x20, 37, 8, 3, 0);
        byte[] m = ProtectedBytes.sk(hdr, new byte[0], 42, chain(List.of(DeletePayload.ike())), DecoderFuzzTarget.gcm());
        DecoderFuzzTarget.checkProtected(m, DecoderFuzzTarget.gcm(), null);
    }
}
