package io.ikebana.esp;

import io.ikebana.esp.crypto.EspCipher;
import io.ikebana.esp.crypto.EspCiphers;
import io.ikebana.esp.crypto.EspTransform;
import io.ikebana.esp.crypto.SecretKeys;
import io.ikebana.esp.io.MemoryPacketIo;
import java.net.InetSocketAddress;
import java.security.SecureRandom;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Two data planes back to back: A is the gateway (any IPv4/IPv6 behind it), B the client with
 * virtual IP 10.0.0.2 / fd00::2. Each sender records a copy of every ESP payload and, while
 * {@link #deliver} is set, hands it to the other side's {@code onInbound}.
 */
final class Peers implements AutoCloseable {

    static final int SPI_A = 0x1000_0001; // A's inbound SPI (B sends with it)
    static final int SPI_B = 0x2000_0002; // B's inbound SPI (A sends with it)
    static final InetSocketAddress ADDR_A = new InetSocketAddress(TestPackets.addr("192.0.2.1"), 4500);
    static final InetSocketAddress ADDR_B = new InetSocketAddress(TestPackets.addr("198.51.100.7"), 4500);
    static final String CLIENT_VIP = "10.0.0.2";
    static final String CLIENT_VIP6 = "fd00::2";

    final EspTransform transform;
    final boolean esn;
    final AtomicLong clock = new AtomicLong(1_000_000_000L);
    final MemoryPacketIo ioA = new MemoryPacketIo();
    final MemoryPacketIo ioB = new MemoryPacketIo();
    final List<byte[]> wireAtoB = new CopyOnWriteArrayList<>();
    final List<byte[]> wireBtoA = new CopyOnWriteArrayList<>();
    final List<String> endpointsFromA = new CopyOnWriteArrayList<>();
    final RecordingListener listenerA = new RecordingListener();
    final RecordingListener listenerB = new RecordingListener();
    final CountingMetrics metricsA = new CountingMetrics();
    final CountingMetrics metricsB = new CountingMetrics();
    final SecretKeys keysAtoB;
    final SecretKeys keysBtoA;
    final EspDataPlane a;
    final EspDataPlane b;
    volatile boolean deliver = true;

    Peers(EspTransform transform, boolean esn) {
        this(transform, esn, Lifetimes.UNLIMITED, 0, EspConfig.defaults());
    }

    Peers(EspTransform transform, boolean esn, Lifetimes lifetimesA, long firstSequenceA, EspConfig configA) {
        this.transform = transform;
        this.esn = esn;
        keysAtoB = keys(transform, 1);
        keysBtoA = keys(transform, 2);
        a = new EspDataPlane(configA, ioA, (l, r, buf, off, len) -> {
                    endpointsFromA.add(l + " -> " + r);
                    carry(wireAtoB, buf, off, len, true);
                },
                listenerA, metricsA, clock::get, new SecureRandom(), spec -> firstSequenceA);
        b = new EspDataPlane(EspConfig.defaults(), ioB, (l, r, buf, off, len) -> carry(wireBtoA, buf, off, len, false),
                listenerB, metricsB, clock::get, new SecureRandom());
        a.start();
        b.start();
        a.install(specA().lifetimes(lifetimesA).build());
        b.install(specB().build());
    }

    ChildSaSpec.Builder specA() {
        return ChildSaSpec.builder().owner(1).spis(SPI_A, SPI_B).transform(transform).keys(keysBtoA, keysAtoB).esn(esn)
                .selectors(List.of(Selector.anyIpv4(), Selector.anyIpv6()),
                        List.of(Selector.host(TestPackets.addr(CLIENT_VIP)), Selector.host(TestPackets.addr(CLIENT_VIP6))))
                .endpoints(ADDR_A, ADDR_B);
    }

    ChildSaSpec.Builder specB() {
        return ChildSaSpec.builder().owner(2).spis(SPI_B, SPI_A).transform(transform).keys(keysAtoB, keysBtoA).esn(esn)
                .selectors(List.of(Selector.host(TestPackets.addr(CLIENT_VIP)), Selector.host(TestPackets.addr(CLIENT_VIP6))),
                        List.of(Selector.anyIpv4(), Selector.anyIpv6()))
                .endpoints(ADDR_B, ADDR_A);
    }

    private void carry(List<byte[]> wire, byte[] buf, int off, int len, boolean toB) {
        byte[] copy = java.util.Arrays.copyOfRange(buf, off, off + len);
        wire.add(copy);
        if (deliver) {
            byte[] work = copy.clone();
            (toB ? b : a).onInbound(toB ? ADDR_A : ADDR_B, toB ? ADDR_B : ADDR_A, work, 0, work.length);
        }
    }

    static SecretKeys keys(EspTransform t, int seed) {
        return SecretKeys.of(TestPackets.pattern(t.encryptionKeyLength(), seed),
                TestPackets.pattern(t.integrityKeyLength(), seed + 100));
    }

    /** A cipher sealing with A's outbound keys, for hand-made packets to B. */
    EspCipher forgeToB() {
        return EspCiphers.outbound(transform, keysAtoB, esn, new SecureRandom());
    }

    /**
     * A hand-made ESP packet to B: {@code payload} followed by {@code extra} (e.g. TFC padding),
     * padding bytes as given, pad length and next header.
     */
    byte[] craftToB(long seq, byte[] payload, byte[] extra, byte[] padding, int nextHeader) {
        EspCipher c = forgeToB();
        int plain = payload.length + extra.length + padding.length + 2;
        if (plain % c.padAlignment() != 0) {
            throw new IllegalArgumentException("unaligned plaintext " + plain);
        }
        byte[] pkt = new byte[8 + c.ivLength() + plain + c.icvLength()];
        io.ikebana.esp.crypto.BigEndian.putInt(pkt, 0, SPI_B);
        io.ikebana.esp.crypto.BigEndian.putInt(pkt, 4, (int) seq);
        int p = 8 + c.ivLength();
        System.arraycopy(payload, 0, pkt, p, payload.length);
        p += payload.length;
        System.arraycopy(extra, 0, pkt, p, extra.length);
        p += extra.length;
        System.arraycopy(padding, 0, pkt, p, padding.length);
        p += padding.length;
        pkt[p++] = (byte) padding.length;
        pkt[p] = (byte) nextHeader;
        c.seal(seq, pkt, 0, plain);
        return pkt;
    }

    /** Seals a complete plaintext (payload, padding, pad length, next header) as given. */
    byte[] sealToB(long seq, byte[] plaintext) {
        EspCipher c = forgeToB();
        byte[] pkt = new byte[8 + c.ivLength() + plaintext.length + c.icvLength()];
        io.ikebana.esp.crypto.BigEndian.putInt(pkt, 0, SPI_B);
        io.ikebana.esp.crypto.BigEndian.putInt(pkt, 4, (int) seq);
        System.arraycopy(plaintext, 0, pkt, 8 + c.ivLength(), plaintext.length);
        c.seal(seq, pkt, 0, plaintext.length);
        return pkt;
    }

    /** Standard padding 1, 2, 3, ... so that payload + padding + 2 is aligned. */
    byte[] standardPadding(int payloadLength) {
        int align = transform.padAlignment();
        int n = (align - (payloadLength + 2) % align) % align;
        byte[] pad = new byte[n];
        for (int i = 0; i < n; i++) {
            pad[i] = (byte) (i + 1);
        }
        return pad;
    }

    /** A well-formed packet from A to B carrying {@code inner}, with sequence number {@code seq}. */
    byte[] craftToB(long seq, byte[] inner) {
        return craftToB(seq, inner, new byte[0], standardPadding(inner.length), inner[0] >> 4 == 6 ? 41 : 4);
    }

    void toB(byte[] esp) {
        byte[] work = esp.clone();
        b.onInbound(ADDR_A, ADDR_B, work, 0, work.length);
    }

    SaStats statsA() {
        return a.stats(SPI_A).orElseThrow();
    }

    SaStats statsB() {
        return b.stats(SPI_B).orElseThrow();
    }

    @Override
    public void close() {
        a.close();
        b.close();
    }
}
