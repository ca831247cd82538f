package io.ikebana.client;

import io.ikebana.crypto.DhGroup;
import io.ikebana.policy.CryptoProposal;
import io.ikebana.wire.ExchangeType;
import io.ikebana.wire.IkeHeader;
import io.ikebana.wire.NotifyType;
import io.ikebana.wire.codec.MessageEncoder;
import io.ikebana.wire.payload.KePayload;
import io.ikebana.wire.payload.NoncePayload;
import io.ikebana.wire.payload.NotifyPayload;
import io.ikebana.wire.payload.Payload;
import io.ikebana.wire.payload.Proposal;
import io.ikebana.wire.payload.SaPayload;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A bounded IKE_SA_INIT flood (for tests and benchmarks of the DoS guard): well-formed requests
 * with a fresh SPIi and Ni each, from many source addresses, at a given rate, for at most a
 * given count and time. It reads what comes back and counts cookies, puzzles and real answers;
 * in {@code answerCookies} mode it returns cookies like an attacker that owns its addresses.
 */
public final class InitFlood {

    /** @param difficulties PUZZLE answers by the difficulty they asked */
    public record Result(long sent, long cookies, long puzzles, long answers, long other, double seconds,
            java.util.SortedMap<Integer, Long> difficulties) {
        /** The hardest puzzle asked of the flood, 0 if none. */
        public int maxDifficulty() {
            return difficulties.isEmpty() ? 0 : difficulties.lastKey();
        }

        @Override
        public String toString() {
            return String.format("flood sent=%d cookie=%d puzzle=%d sa_init=%d other=%d seconds=%.1f rate=%.0f/s%s",
                    sent, cookies, puzzles, answers, other, seconds, sent / Math.max(seconds, 1e-9),
                    difficulties.isEmpty() ? "" : " puzzle_difficulty=" + difficulties);
        }
    }

    private final InetSocketAddress target;
    private final List<InetAddress> sources;
    private final boolean answerCookies;
    private final AtomicLong sent = new AtomicLong();
    private long cookies;
    private long puzzles;
    private long answers;
    private long other;
    private final java.util.TreeMap<Integer, Long> difficulties = new java.util.TreeMap<>();

    public InitFlood(InetSocketAddress target, List<InetAddress> sources, boolean answerCookies) {
        TargetGuard.check(target.getAddress());
        this.target = target;
        this.sources = List.copyOf(sources);
        this.answerCookies = answerCookies;
    }

    /** Floods at {@code rate} packets/s until {@code count} packets or {@code maxMillis} elapsed. */
    public Result run(double rate, long count, long maxMillis) throws IOException {
        List<DatagramChannel> chans = new ArrayList<>();
        // answers are read only from the sockets that have some: polling every one of thousands of
        // source sockets (a receive call each) every 64 packets bounded the flood rate, not the send
        try (java.nio.channels.Selector readable = java.nio.channels.Selector.open()) {
            for (InetAddress s : sources) {
                DatagramChannel ch = DatagramChannel.open();
                chans.add(ch);
                ch.bind(new InetSocketAddress(s, 0));
                ch.configureBlocking(false);
                ch.register(readable, java.nio.channels.SelectionKey.OP_READ);
            }
            byte[] template = template();
            SplittableRandom r = new SplittableRandom();
            ByteBuffer rx = ByteBuffer.allocate(2048);
            long start = System.nanoTime();
            long end = start + maxMillis * 1_000_000L;
            long i = 0;
            while (i < count && System.nanoTime() < end) {
                long due = start + (long) (i * 1e9 / rate);
                while (System.nanoTime() < due) {
                    drain(readable, rx);
                    long ahead = due - System.nanoTime();
                    if (ahead > 200_000) {
                        // ahead of schedule: leave the CPU to others (legitimate clients on the same core)
                        java.util.concurrent.locks.LockSupport.parkNanos(Math.min(ahead, 1_000_000));
                    } else {
                        Thread.onSpinWait();
                    }
                }
                byte[] m = template.clone();
                long spi = r.nextLong() | 1;
                ByteBuffer.wrap(m).putLong(0, spi);
                // a fresh nonce: the last 32 octets of the template are Ni's data
                for (int k = m.length - 32; k < m.length; k++) {
                    m[k] = (byte) r.nextInt();
                }
                DatagramChannel ch = chans.get((int) (i % chans.size()));
                if (answerCookies) {
                    recent.put(spi, m);
                }
                ch.send(ByteBuffer.wrap(m), target);
                sent.incrementAndGet();
                i++;
                if ((i & 63) == 0) {
                    drain(readable, rx);
                }
            }
            long settle = System.nanoTime() + 300_000_000L;
            while (System.nanoTime() < settle) {
                drain(readable, rx);
                Thread.onSpinWait();
            }
            return new Result(sent.get(), cookies, puzzles, answers, other, (System.nanoTime() - start) / 1e9,
                    java.util.Collections.unmodifiableSortedMap(new java.util.TreeMap<>(difficulties)));
        } finally {
            for (DatagramChannel c : chans) {
                c.close();
            }
        }
    }

    private void drain(java.nio.channels.Selector readable, ByteBuffer rx) throws IOException {
        if (readable.selectNow() == 0) {
            return;
        }
        java.util.Iterator<java.nio.channels.SelectionKey> it = readable.selectedKeys().iterator();
        while (it.hasNext()) {
            DatagramChannel ch = (DatagramChannel) it.next().channel();
            it.remove();
            rx.clear();
            InetSocketAddress from;
            while ((from = (InetSocketAddress) ch.receive(rx)) != null) {
                rx.flip();
                classify(ch, rx, from);
                rx.clear();
            }
        }
    }

    private void classify(DatagramChannel ch, ByteBuffer rx, InetSocketAddress from) throws IOException {
        byte[] b = new byte[rx.remaining()];
        rx.get(b);
        if (b.length < 28 || (b[18] & 0xff) != ExchangeType.IKE_SA_INIT.code()) {
            other++;
            return;
        }
        io.ikebana.wire.DecodeResult d = io.ikebana.wire.codec.MessageDecoder.plain(b);
        if (!(d instanceof io.ikebana.wire.DecodeResult.Ok ok)) {
            other++;
            return;
        }
        NotifyPayload c = ok.message().notify(NotifyType.COOKIE);
        NotifyPayload puzzle = ok.message().notify(NotifyType.PUZZLE);
        if (puzzle != null) {
            puzzles++;
            // PUZZLE data: PRF transform ID (2), difficulty (1) (RFC 8019 §8.1)
            if (puzzle.data().length >= 3) {
                difficulties.merge(puzzle.data()[2] & 0xff, 1L, Long::sum);
            }
        } else if (c != null) {
            cookies++;
        } else if (ok.message().first(SaPayload.class) != null) {
            answers++;
            return;
        } else {
            other++;
            return;
        }
        byte[] original = answerCookies && c != null ? recent.remove(ok.message().header().spiI()) : null;
        if (original != null) {
            // a cookie is bound to SPIi, Ni and the source: resend the same request with it first
            io.ikebana.wire.DecodeResult o = io.ikebana.wire.codec.MessageDecoder.plain(original);
            List<Payload> ps = new ArrayList<>();
            ps.add(NotifyPayload.of(NotifyType.COOKIE, c.data()));
            ps.addAll(((io.ikebana.wire.DecodeResult.Ok) o).message().payloads());
            IkeHeader h = ((io.ikebana.wire.DecodeResult.Ok) o).message().header();
            ch.send(ByteBuffer.wrap(MessageEncoder.plain(h, ps)), target);
            sent.incrementAndGet();
        }
    }

    /** Requests kept to answer their cookies, bounded. */
    private final java.util.Map<Long, byte[]> recent = new java.util.LinkedHashMap<>(1024, 0.75f, false) {
        @Override
        protected boolean removeEldestEntry(java.util.Map.Entry<Long, byte[]> e) {
            return size() > 65536;
        }
    };

    static byte[] template() {
        CryptoProposal p = CryptoProposal.parse("aes256gcm16-prfsha256-x25519", false);
        byte[] ke = new byte[32];
        new java.security.SecureRandom().nextBytes(ke);
        List<Payload> ps = new ArrayList<>();
        ps.add(new SaPayload(List.of(p.toWire(1, Proposal.PROTO_IKE, null))));
        ps.add(new KePayload(DhGroup.CURVE25519.id(), ke));
        ps.add(new NoncePayload(new byte[32]));
        return MessageEncoder.plain(IkeHeader.of(1, 0, ExchangeType.IKE_SA_INIT, false, true, 0), ps);
    }
}
