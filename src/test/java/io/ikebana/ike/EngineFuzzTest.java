package io.ikebana.ike;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ikebana.crypto.DhGroup;
import io.ikebana.crypto.SkCipher;
import io.ikebana.ike.task.CreateChildExchange;
import io.ikebana.ike.task.DeleteChildExchange;
import io.ikebana.ike.task.DpdExchange;
import io.ikebana.ike.task.RekeyIkeExchange;
import io.ikebana.metrics.IkeMetrics;
import io.ikebana.wire.DecodeResult;
import io.ikebana.wire.DropReason;
import io.ikebana.wire.ExchangeType;
import io.ikebana.wire.IkeHeader;
import io.ikebana.wire.IkeMessage;
import io.ikebana.wire.MalformedException;
import io.ikebana.wire.NotifyType;
import io.ikebana.wire.ProtectedBytes;
import io.ikebana.wire.WireBytes;
import io.ikebana.wire.WireWriter;
import io.ikebana.wire.codec.FragmentAssembler;
import io.ikebana.wire.codec.MessageDecoder;
import io.ikebana.wire.codec.PayloadChain;
import io.ikebana.wire.fuzz.Mutator;
import io.ikebana.wire.payload.CpAttribute;
import io.ikebana.wire.payload.CpPayload;
import io.ikebana.wire.payload.DeletePayload;
import io.ikebana.wire.payload.KePayload;
import io.ikebana.wire.payload.NoncePayload;
import io.ikebana.wire.payload.NotifyPayload;
import io.ikebana.wire.payload.Payload;
import io.ikebana.wire.payload.Proposal;
import io.ikebana.wire.payload.SaPayload;
import io.ikebana.wire.payload.TrafficSelector;
import io.ikebana.wire.payload.TsPayload;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * Seeded mutation fuzzing of the IKE engine, bounded for CI (see docs/fuzz-notes.md).
 * <p>
 * The corpus is captured from the harness: IKE_SA_INIT request and response, IKE_AUTH request
 * unfragmented and fragmented (RFC 7383) with its responses, CREATE_CHILD_SA, INFORMATIONAL
 * (DPD, Child SA delete), an IKE SA rekey with the Delete of the old SA, and an IKE_AUTH left
 * unanswered so that a half-open SA is there to be hit.
 * <p>
 * {@link #rawMutantsChangeNothing()}: mutants of the captured datagrams go to the gateway (and
 * mutated responses also to the client they were for). Every input is checked on its own: no
 * exception reaches the engine's catch-all (its MALFORMED drop is counted as a failure here), a
 * message flagged as response is never answered, nothing but IKE_SA_INIT is answered (nothing
 * else authenticates), IKE_SA_INIT answers are well formed, the half-open table stays within its
 * bound. Afterwards both established SAs are untouched and the clients' DPDs are answered.
 * <p>
 * {@link #authenticatedMutantsGetTheRightAnswer()}: mutants of the decrypted contents of the
 * captured requests (and of a few more: IKE rekey, Delete, MOBIKE) are sealed with the keys of a
 * forged peer's SA, so they authenticate. Each gets exactly one protected answer; INVALID_SYNTAX
 * on CREATE_CHILD_SA or INFORMATIONAL ends the SA (RFC 7296 §2.21.3), nothing else does unless the
 * request was a well-formed Delete of the IKE SA.
 * <p>
 * {@code -Dikebana.fuzz.engine=N} (default 20000), {@code -Dikebana.fuzz.authenticated=N}
 * (default 5000), {@code -Dikebana.fuzz.seed=S}.
 */
class EngineFuzzTest {
    static final InetSocketAddress FUZZ = new InetSocketAddress("198.51.100.9", 61000);
    static final int MAX_HALF_OPEN = 256;

    static long seed() {
        return Long.getLong("ikebana.fuzz.seed", 0x1CEBA7AL);
    }

    /** A captured datagram and which engine it was for. */
    record Captured(Packet packet, boolean toGateway) {
        byte[] data() {
            return packet.data();
        }

        boolean response() {
            return (packet.data()[19] & IkeHeader.FLAG_RESPONSE) != 0;
        }
    }

    /** The captured traffic, and the SAs that must survive. */
    static final class Scene {
        final EngineHarness h;
        final List<Captured> corpus = new ArrayList<>();
        final long a;
        final long b;
        /** Decrypted contents of the client's requests: exchange type, and first type at octet 16 + chain. */
        final List<byte[]> inner = new ArrayList<>();
        final List<Integer> innerExchange = new ArrayList<>();

        Scene(EngineHarness h) {
            this.h = h;
            a = h.connect(h.client);
            b = h.connect(h.fragClient);
            IkeSa ca = h.client.store.peek(a);
            List<TrafficSelector> mine = List.of(TrafficSelector.ofAddress(ca.virtualIps().get(0)));
            List<TrafficSelector> theirs = List.of(TrafficSelector.ofSubnet(TestNodes.addr("10.99.200.0"), 24));
            h.client.engine.initiate(a, new CreateChildExchange(mine, theirs));
            h.settle();
            int child = ca.children().get(ca.children().size() - 1).inboundSpi();
            h.client.engine.initiate(a, new DpdExchange());
            h.client.engine.initiate(a, new DeleteChildExchange(List.of(child)));
            h.settle();
            h.fragClient.engine.initiate(b, new DpdExchange());
            h.settle();
            // a third SA, rekeyed by the client (CREATE_CHILD_SA for the IKE SA, then Delete)
            long c = h.connect(h.client);
            IkeSa gc = h.gatewaySa(h.client, c);
            h.client.engine.initiate(c, new RekeyIkeExchange());
            h.settle();
            // a fourth whose IKE_AUTH never arrives: a half-open SA to hit
            h.net.drop = p -> p.remote().equals(EngineHarness.GW) && p.data()[18] == 35 && (p.data()[19] & 0x20) == 0;
            h.client.engine.connect(h.settings(h.client));
            h.settle();
            for (Packet p : h.net.sent) {
                corpus.add(new Captured(p, p.remote().equals(EngineHarness.GW)));
            }
            decryptRequests(h.gatewaySa(h.client, a), h.gatewaySa(h.fragClient, b), gc);
        }

        private void decryptRequests(IkeSa... sas) {
            for (IkeSa sa : sas) {
                FragmentAssembler frags = new FragmentAssembler(64, 65536);
                for (Captured c : corpus) {
                    byte[] d = c.data();
                    IkeHeader hd = IkeHeader.decode(d, 0, d.length);
                    if (!c.toGateway() || c.response() || hd.exchange() == ExchangeType.IKE_SA_INIT
                            || hd.spiR() != sa.spiR()) {
                        continue;
                    }
                    DecodeResult r = MessageDecoder.protectedMessage(d, sa.inboundCipher(h.random), frags);
                    if (r instanceof DecodeResult.Ok ok) {
                        addInner(hd.exchangeType(), ok.message().payloads());
                    }
                }
            }
        }

        void addInner(int exchange, List<Payload> payloads) {
            WireWriter w = new WireWriter();
            PayloadChain.encode(w, payloads, 0);
            byte[] fake = new byte[28];
            fake[16] = (byte) PayloadChain.firstType(payloads, 0);
            inner.add(WireBytes.concat(fake, w.toByteArray()));
            innerExchange.add(exchange);
        }

        List<byte[]> datagrams() {
            List<byte[]> out = new ArrayList<>();
            for (Captured c : corpus) {
                out.add(c.data());
            }
            return out;
        }
    }

    static EngineHarness harness() {
        // no gateway DPD: in long runs idle forged SAs would otherwise be probed (traffic to PEER)
        EngineConfig.Timers t = EngineConfig.Timers.defaults();
        EngineConfig.Timers timers = new EngineConfig.Timers(t.ikeRekeyMillis(), t.childRekeyMillis(), 0,
                t.halfOpenMillis(), t.retransmitTimeoutMillis(), t.retransmitBase(), t.retransmitTries(),
                t.jitterPercent());
        return new EngineHarness(new EngineConfig.Limits(64, 64 * 1024, MAX_HALF_OPEN, 16, 8), "10.99.0.0/16", timers);
    }

    // ------------------------------------------------------------------------------ raw datagrams

    @Test
    void rawMutantsChangeNothing() {
        int n = Integer.getInteger("ikebana.fuzz.engine", 20_000);
        long seed = seed();
        try (EngineHarness h = harness()) {
            Scene s = new Scene(h);
            IkeSa ga = h.gatewaySa(h.client, s.a);
            IkeSa gb = h.gatewaySa(h.fragClient, s.b);
            long midA = ga.window().expectedRequestId();
            long midB = gb.window().expectedRequestId();
            assertTrue(s.corpus.stream().anyMatch(c -> c.data()[16] == 53), "corpus has SKF fragments");
            assertEquals(1, h.gateway().halfOpenCount(), "one half-open SA to hit");

            List<byte[]> donors = s.datagrams();
            Set<ByteBuffer> seen = new HashSet<>();
            donors.forEach(d -> seen.add(ByteBuffer.wrap(d)));
            Mutator mutator = new Mutator(seed, true);
            SplittableRandom pick = new SplittableRandom(seed + 7);
            Map<DropReason, Long> dropsBefore = drops(h.gw.metrics);
            int answered = 0;
            int halfOpens = 0;
            long start = System.nanoTime();
            for (int i = 0; i < n; i++) {
                Captured seedMsg = s.corpus.get(pick.nextInt(s.corpus.size()));
                byte[] m = mutator.mutate(seedMsg.data(), donors);
                if (seen.contains(ByteBuffer.wrap(m))) {
                    continue;
                }
                int mark = h.net.sent.size();
                long unexpected = h.gw.metrics.unexpected() + h.client.metrics.unexpected()
                        + h.fragClient.metrics.unexpected();
                int failures = h.failures.size();
                int halfBefore = h.gateway().halfOpenCount();
                h.inject(m, FUZZ);
                if (seedMsg.response()) {
                    EngineHarness.Node to = seedMsg.packet().remote().equals(EngineHarness.FRAG_CLIENT)
                            ? h.fragClient : h.client;
                    to.engine.receive(new Packet(to.address, EngineHarness.GW, m.clone(), seedMsg.packet().marker()));
                }
                h.settle();
                String where = "input " + i + " (seed " + seed + ", " + mutator.lastMutation() + ") "
                        + WireBytes.hex(m);
                assertEquals(unexpected, h.gw.metrics.unexpected() + h.client.metrics.unexpected()
                        + h.fragClient.metrics.unexpected(), () -> "unexpected exception at " + where + ": "
                        + (h.failures.isEmpty() ? "" : h.failures.get(h.failures.size() - 1).getThrown()));
                assertEquals(failures, h.failures.size(), () -> "logged failure at " + where + ": "
                        + h.failures.get(h.failures.size() - 1).getThrown());
                List<byte[]> answers = h.sentTo(FUZZ, mark);
                if (!answers.isEmpty()) {
                    answered++;
                    halfOpens += checkInitAnswer(m, answers, where);
                }
                assertTrue(h.gateway().halfOpenCount() <= MAX_HALF_OPEN, "half-open table bounded");
                assertTrue(h.gateway().halfOpenCount() <= halfBefore + 1, "at most one half-open SA per input");
            }
            long ms = (System.nanoTime() - start) / 1_000_000;

            // the established SAs are as they were, and their clients still get answers
            assertTrue(ga == h.gw.store.peek(ga.spiR()) && ga.state() == IkeSaState.ESTABLISHED, "SA A survives");
            assertTrue(gb == h.gw.store.peek(gb.spiR()) && gb.state() == IkeSaState.ESTABLISHED, "SA B survives");
            assertEquals(midA, ga.window().expectedRequestId());
            assertEquals(midB, gb.window().expectedRequestId());
            dpdSucceeds(h, h.client, s.a);
            dpdSucceeds(h, h.fragClient, s.b);
            System.out.printf("engine fuzz: %d mutants of %d captured datagrams, seed %d, %d ms, %d answered "
                    + "(IKE_SA_INIT), %d half-open created, half-open now %d, drops %s%n", n, s.corpus.size(), seed,
                    ms, answered, halfOpens,
                    h.gateway().halfOpenCount(), delta(dropsBefore, drops(h.gw.metrics)));
        }
    }

    /** The gateway answered a mutant: only an IKE_SA_INIT request may get an answer. Returns 1 for a new SA. */
    static int checkInitAnswer(byte[] m, List<byte[]> answers, String where) {
        IkeHeader rq = IkeHeader.decode(m, 0, m.length);
        assertNotNull(rq, where);
        assertEquals(34, rq.exchangeType(), () -> "answer to a non-IKE_SA_INIT at " + where);
        assertTrue(!rq.isResponse(), () -> "answered a response at " + where);
        assertEquals(1, answers.size(), () -> "more than one answer at " + where);
        IkeMessage a = ((DecodeResult.Ok) MessageDecoder.plain(answers.get(0))).message();
        assertEquals(IkeHeader.FLAG_RESPONSE, a.header().flags(), where);
        assertEquals(0, a.messageId(), where);
        assertEquals(rq.spiI(), a.header().spiI(), where);
        if (a.header().spiR() == 0) {
            NotifyPayload n = ForgedPeer.onlyNotify(a);
            assertTrue(Set.of(NotifyType.UNSUPPORTED_CRITICAL_PAYLOAD, NotifyType.NO_PROPOSAL_CHOSEN,
                    NotifyType.INVALID_KE_PAYLOAD).contains(n.kind()), () -> n.kind() + " at " + where);
            return 0;
        }
        assertNotNull(a.first(SaPayload.class), where);
        assertNotNull(a.first(KePayload.class), where);
        assertNotNull(a.first(NoncePayload.class), where);
        return 1;
    }

    static void dpdSucceeds(EngineHarness h, EngineHarness.Node node, long spi) {
        long ok = node.metrics.exchanges(ExchangeType.INFORMATIONAL, IkeMetrics.Role.INITIATOR, IkeMetrics.Outcome.OK);
        node.engine.initiate(spi, new DpdExchange());
        h.settle();
        assertEquals(ok + 1, node.metrics.exchanges(ExchangeType.INFORMATIONAL, IkeMetrics.Role.INITIATOR,
                IkeMetrics.Outcome.OK), "DPD answered");
    }

    static Map<DropReason, Long> drops(CountingMetrics m) {
        Map<DropReason, Long> out = new EnumMap<>(DropReason.class);
        for (DropReason r : DropReason.values()) {
            out.put(r, m.drops(r));
        }
        return out;
    }

    static Map<DropReason, Long> delta(Map<DropReason, Long> before, Map<DropReason, Long> after) {
        Map<DropReason, Long> out = new EnumMap<>(DropReason.class);
        after.forEach((r, v) -> {
            if (v - before.get(r) != 0) {
                out.put(r, v - before.get(r));
            }
        });
        return out;
    }

    // ------------------------------------------------------------------------------ authenticated

    @Test
    void authenticatedMutantsGetTheRightAnswer() {
        int n = Integer.getInteger("ikebana.fuzz.authenticated", 5_000);
        long seed = seed();
        try (EngineHarness h = harness()) {
            Scene s = new Scene(h);
            addSyntheticSeeds(s);
            Mutator mutator = new Mutator(seed ^ 0xA5A5A5A5L, false);
            SplittableRandom pick = new SplittableRandom(seed + 11);
            ForgedPeer target = newTarget(h);
            int targets = 1;
            Map<String, Integer> answers = new java.util.TreeMap<>();
            long start = System.nanoTime();
            for (int i = 0; i < n; i++) {
                int k = pick.nextInt(s.inner.size());
                byte[] m = mutator.mutate(s.inner.get(k), s.inner);
                int exchange = s.innerExchange.get(k);
                if (pick.nextInt(16) == 0) {
                    exchange = new int[] {35, 36, 37, 99, 0, 255}[pick.nextInt(6)];
                }
                int first = m[16] & 0xff;
                byte[] content = java.util.Arrays.copyOfRange(m, 28, m.length);
                IkeSa sa = h.gw.store.peek(target.spiR);
                long mid = sa.window().expectedRequestId();
                SkCipher in = target.fromGateway();
                byte[] hdr = WireBytes.header(target.spiI, target.spiR, 0, 0x20, exchange, IkeHeader.FLAG_INITIATOR,
                        mid, 0);
                byte[] request = ProtectedBytes.sk(hdr, new byte[0], first, content, target.toGateway());
                long unexpected = h.gw.metrics.unexpected();
                int failures = h.failures.size();
                String where = "input " + i + " (seed " + seed + ", " + mutator.lastMutation() + ") exchange "
                        + exchange + " first " + first + " content " + WireBytes.hex(content);

                // answers to this request (long runs also see the gateway's own DPDs of idle forged SAs)
                long spiI = target.spiI;
                List<byte[]> out = new ArrayList<>(h.exchange(request));
                out.removeIf(d -> (d[19] & IkeHeader.FLAG_RESPONSE) == 0 || IkeHeader.decode(d, 0, d.length).spiI() != spiI);

                assertEquals(unexpected, h.gw.metrics.unexpected(), () -> "unexpected exception at " + where + ": "
                        + (h.failures.isEmpty() ? "" : h.failures.get(h.failures.size() - 1).getThrown()));
                assertEquals(failures, h.failures.size(), () -> "logged failure at " + where);
                assertEquals(1, out.size(), () -> "answers " + out.size() + " at " + where);
                DecodeResult r = MessageDecoder.protectedMessage(out.get(0), in, null);
                assertTrue(r instanceof DecodeResult.Ok, () -> "answer does not decode (" + r + ") at " + where);
                IkeMessage a = ((DecodeResult.Ok) r).message();
                assertEquals(IkeHeader.FLAG_RESPONSE, a.header().flags(), where);
                assertEquals(mid, a.messageId(), where);
                boolean syntax = a.hasNotify(NotifyType.INVALID_SYNTAX);
                NotifyPayload err = a.firstError();
                answers.merge(err == null ? "ok" : err.kind().name(), 1, Integer::sum);
                IkeSa after = h.gw.store.peek(target.spiR);
                Content kind = classify(first, content);
                if (kind == Content.MALFORMED) {
                    // RFC 7296 §2.21.3: authenticated and malformed: INVALID_SYNTAX, the SA is gone
                    assertTrue(syntax && after == null, () -> "malformed: " + a.payloads() + " at " + where);
                } else if (kind == Content.CRITICAL) {
                    assertTrue(err != null && err.kind() == NotifyType.UNSUPPORTED_CRITICAL_PAYLOAD && after != null,
                            () -> "critical: " + a.payloads() + " at " + where);
                } else if (exchange == 36 || exchange == 37) {
                    if (syntax) {
                        assertTrue(after == null, () -> "INVALID_SYNTAX but the SA lives, at " + where);
                    } else if (after == null) {
                        assertTrue(kind == Content.DELETES_IKE_SA, () -> "SA gone without INVALID_SYNTAX at " + where);
                    }
                } else {
                    // other exchange types get INVALID_SYNTAX, fatal for the SA (RFC 7296 §2.21.3)
                    assertTrue(syntax && after == null, () -> "exchange " + a.payloads() + " at " + where);
                }
                if (after == null || after.state() != IkeSaState.ESTABLISHED || after.children().size() > 12) {
                    target = newTarget(h);
                    targets++;
                }
            }
            long ms = (System.nanoTime() - start) / 1_000_000;
            System.out.printf("authenticated engine fuzz: %d mutants of %d contents, seed %d, %d ms, %d target SAs, "
                    + "answers %s%n", n, s.inner.size(), seed, ms, targets, answers);
            // the real clients' SAs were never touched
            dpdSucceeds(h, h.client, s.a);
            dpdSucceeds(h, h.fragClient, s.b);
        }
    }

    static ForgedPeer newTarget(EngineHarness h) {
        ForgedPeer p = new ForgedPeer(h);
        p.requestAddress = false;
        p.mobike = true;
        p.establish();
        return p;
    }

    enum Content { MALFORMED, CRITICAL, DELETES_IKE_SA, WELL_FORMED }

    /** How the chain decoder sees authenticated content (what the answer must follow). */
    static Content classify(int first, byte[] content) {
        PayloadChain.Result r;
        try {
            r = PayloadChain.decode(content, 0, content.length, first);
        } catch (MalformedException e) {
            return Content.MALFORMED;
        }
        if (r.encrypted() != null) {
            return Content.MALFORMED;
        }
        if (r.payloads().stream().anyMatch(p -> p instanceof io.ikebana.wire.payload.UnknownPayload u && u.critical())) {
            return Content.CRITICAL;
        }
        return r.payloads().stream().anyMatch(p -> p instanceof DeletePayload d && d.protocolId() == Proposal.PROTO_IKE)
                ? Content.DELETES_IKE_SA : Content.WELL_FORMED;
    }

    /** Requests the captured traffic does not have: IKE rekey, Child rekey, Delete IKE, MOBIKE, CP. */
    static void addSyntheticSeeds(Scene s) {
        byte[] spi8 = WireBytes.u64(0x4e4e000000000002L);
        s.addInner(36, List.of(ForgedPeer.ikeSa(spi8), new NoncePayload(WireBytes.nonce(32)),
                new KePayload(31, DhGroup.CURVE25519.generate(new java.security.SecureRandom()).publicValue())));
        s.addInner(36, List.of(new NotifyPayload(Proposal.PROTO_ESP, WireBytes.u32(0x0e5b0001), 16393, null),
                ForgedPeer.espSa(0x0e5b0777), new NoncePayload(WireBytes.nonce(32)), ForgedPeer.tsi(),
                ForgedPeer.tsr()));
        s.addInner(36, List.of(ForgedPeer.espSa(0x0e5b0778), new NoncePayload(WireBytes.nonce(32)),
                new TsPayload(true, List.of(TrafficSelector.ofAddress(WireBytes.ipAddress("192.0.2.7")))),
                ForgedPeer.tsr()));
        s.addInner(37, List.of(DeletePayload.ike()));
        s.addInner(37, List.of(DeletePayload.esp(List.of(0x0e5b0001, 0x0e5b0002))));
        s.addInner(37, List.of(NotifyPayload.of(NotifyType.UPDATE_SA_ADDRESSES),
                NotifyPayload.of(NotifyType.NAT_DETECTION_SOURCE_IP, new byte[20]),
                NotifyPayload.of(NotifyType.NAT_DETECTION_DESTINATION_IP, new byte[20]),
                NotifyPayload.of(NotifyType.COOKIE2, WireBytes.nonce(16))));
        s.addInner(37, List.of(NotifyPayload.of(NotifyType.ADDITIONAL_IP4_ADDRESS, new byte[] {10, 1, 2, 3}),
                NotifyPayload.of(NotifyType.ADDITIONAL_IP6_ADDRESS, new byte[16]),
                NotifyPayload.of(NotifyType.NO_ADDITIONAL_ADDRESSES)));
        s.addInner(37, List.of(new CpPayload(CpPayload.CFG_REQUEST, List.of(new CpAttribute(1, new byte[0])))));
        s.addInner(37, List.of());
    }
}
