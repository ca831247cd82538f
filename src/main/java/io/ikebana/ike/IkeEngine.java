package io.ikebana.ike;

import io.ikebana.crypto.Jca;
import io.ikebana.crypto.SkCipher;
import io.ikebana.ike.auth.CertificateValidator;
import io.ikebana.metrics.IkeMetrics;
import io.ikebana.policy.AddressPools;
import io.ikebana.store.SaStore;
import io.ikebana.wire.DecodeResult;
import io.ikebana.wire.DropReason;
import io.ikebana.wire.ExchangeType;
import io.ikebana.wire.IkeHeader;
import io.ikebana.wire.IkeMessage;
import io.ikebana.wire.NotifyType;
import io.ikebana.wire.PayloadType;
import io.ikebana.wire.codec.MessageDecoder;
import io.ikebana.wire.codec.MessageEncoder;
import io.ikebana.wire.codec.PayloadChain;
import io.ikebana.wire.payload.NotifyPayload;
import io.ikebana.wire.payload.Payload;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The IKEv2 engine of one node, both roles (strongSwan's ike_sa_manager + task_manager): it
 * classifies datagrams, runs each SA's work on that SA's lane, checks SAs out of the store for
 * one message and back in, answers retransmissions from the cached response, and drives the
 * exchanges this side initiates with retransmission and back-off (RFC 7296 §2.1). Protocol
 * details live in the responder tasks and initiator exchanges; this class only sequences them.
 */
public final class IkeEngine implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger(IkeEngine.class.getName());

    private final EngineConfig config;
    private final PacketSender sender;
    private final SaStore store;
    private final ChildSaInstaller dataPlane;
    private final AddressPools pools;
    private final IkeMetrics metrics;
    private final Clock clock;
    private final SecureRandom random;
    private final Scheduler scheduler;
    private final Lanes lanes;
    private final CertificateValidator certificates;
    private final Responders responders;
    private volatile InitGuard initGuard = InitGuard.ACCEPT_ALL;
    private volatile ClusterHooks cluster = ClusterHooks.SINGLE_NODE;
    private volatile PuzzleSolving puzzles;

    private final Map<Long, HalfOpenSa> halfOpen = new ConcurrentHashMap<>();
    /** Digests of IKE_SA_INIT requests accepted and queued for their D-H (second stage), not yet half open. */
    private final java.util.Set<ByteBuffer> initsQueued = ConcurrentHashMap.newKeySet();
    private final Map<ByteBuffer, Long> halfOpenByDigest = new ConcurrentHashMap<>();
    private final Map<Long, LocalSa> locals = new ConcurrentHashMap<>();
    private final Map<Long, Handshake> handshakes = new ConcurrentHashMap<>();
    /** Inbound Child SA SPI -> local SPI of the IKE SA that owns it (this node's Child SAs). */
    private final ChildOwners childOwners = new ChildOwners();
    private final InitialContacts initialContacts = new InitialContacts(this);
    private final List<EngineListener> listeners = new CopyOnWriteArrayList<>();

    public IkeEngine(EngineConfig config, PacketSender sender, SaStore store, ChildSaInstaller dataPlane,
            AddressPools pools, IkeMetrics metrics, Clock clock, SecureRandom random, Scheduler scheduler,
            Lanes lanes) {
        this.config = config;
        this.sender = sender;
        this.store = store;
        this.dataPlane = dataPlane;
        this.pools = pools;
        this.metrics = metrics;
        this.clock = clock;
        this.random = random;
        this.scheduler = scheduler;
        this.lanes = lanes;
        this.certificates = new CertificateValidator(clock);
        this.responders = new Responders(this);
    }

    // ---------------------------------------------------------------- accessors for tasks

    public EngineConfig config() {
        return config;
    }

    public SaStore store() {
        return store;
    }

    public ChildSaInstaller dataPlane() {
        return dataPlane;
    }

    public AddressPools pools() {
        return pools;
    }

    AddressPools poolsForTests() {
        return pools;
    }

    public IkeMetrics metrics() {
        return metrics;
    }

    public Clock clock() {
        return clock;
    }

    public SecureRandom random() {
        return random;
    }

    public CertificateValidator certificates() {
        return certificates;
    }

    public InitGuard initGuard() {
        return initGuard;
    }

    public void initGuard(InitGuard guard) {
        this.initGuard = guard;
    }

    /** Our solver for RFC 8019 puzzles as initiator; null: we only return cookies. */
    public PuzzleSolving puzzles() {
        return puzzles;
    }

    public void puzzles(PuzzleSolving solver) {
        this.puzzles = solver;
    }

    public ClusterHooks cluster() {
        return cluster;
    }

    public void cluster(ClusterHooks hooks) {
        this.cluster = hooks;
    }

    public void addListener(EngineListener l) {
        listeners.add(l);
    }

    List<EngineListener> listeners() {
        return listeners;
    }

    public void fireChildInstalled(IkeSa sa, ChildSaState child) {
        for (EngineListener l : listeners) {
            l.childInstalled(sa, child);
        }
    }

    public void fireChildDeleted(IkeSa sa, ChildSaState child) {
        for (EngineListener l : listeners) {
            l.childDeleted(sa, child);
        }
    }

    public void fireRekeyed(IkeSa from, IkeSa to) {
        for (EngineListener l : listeners) {
            l.rekeyed(from, to);
        }
    }

    /**
     * Moves Child SAs and address leases from an IKE SA to its successor (IKE SA rekey, RFC 7296
     * §2.18: the new IKE SA inherits all Child SAs).
     */
    public void inherit(IkeSa from, IkeSa to) {
        to.children().addAll(from.children());
        from.children().clear();
        String oldOwner = leaseOwner(from.localSpi());
        String newOwner = leaseOwner(to.localSpi());
        for (java.net.InetAddress vip : from.virtualIps()) {
            for (String pool : pools.names()) {
                if (pools.transfer(pool, vip, oldOwner, newOwner)) {
                    break;
                }
            }
        }
        to.virtualIps().addAll(from.virtualIps());
        from.virtualIps().clear();
        for (ChildSaState c : to.children()) {
            if (childOwners.contains(c.inboundSpi())) {
                childOwners.put(c.inboundSpi(), to.localSpi());
                dataPlane.reown(c.inboundSpi(), to.localSpi());
            }
        }
    }

    /** Clients whose IKE_SA_INIT was accepted and waits for its key exchange here. */
    public int initsQueued() {
        return initsQueued.size();
    }

    /** Marks an accepted IKE_SA_INIT as queued; false if the same request is queued already. */
    boolean queueInit(byte[] digest) {
        return initsQueued.add(ByteBuffer.wrap(digest));
    }

    void initDone(byte[] digest) {
        initsQueued.remove(ByteBuffer.wrap(digest));
    }

    boolean initQueued(byte[] digest) {
        return initsQueued.contains(ByteBuffer.wrap(digest));
    }

    public int halfOpenCount() {
        return halfOpen.size();
    }

    /**
     * True while this node negotiates an IKE SA under this SPI (half-open as responder, or our
     * own IKE_SA_INIT/IKE_AUTH): lets a transport tell streams with IKE state from those without.
     */
    public boolean negotiating(long localSpi) {
        return halfOpen.containsKey(localSpi) || handshakes.containsKey(localSpi);
    }

    /**
     * RFC 9329 §6.2: the SA's TCP stream was re-established while a request of ours waits for its
     * response: send it again now, on the new stream, instead of at the next retransmission time.
     */
    public void retransmitNow(long localSpi) {
        lanes.submit(localSpi, Lanes.Priority.NORMAL, () -> {
            LocalSa l = locals.get(localSpi);
            IkeSa sa = store.peek(localSpi);
            if (l != null && l.pending != null && l.pendingPackets != null && sa != null) {
                sendToPeer(sa, l.pendingPackets);
            }
        });
    }

    public int localCount() {
        return locals.size();
    }

    public long now() {
        return clock.millis();
    }

    // ---------------------------------------------------------------- inbound

    /**
     * Entry point for an IKE datagram (any thread, typically an event loop): cheap header checks,
     * then the work goes to the SA's lane.
     */
    public void receive(Packet p) {
        IkeHeader h = IkeHeader.decode(p.data(), 0, p.data().length);
        DropReason bad = MessageDecoder.checkHeader(h, p.data().length);
        if (bad != null) {
            metrics.drop(bad);
            return;
        }
        if (!initGuard.screen(p)) {
            metrics.drop(DropReason.DOS_FILTER);
            return;
        }
        long key = ourSpi(h);
        if (h.isResponse() && LOG.isLoggable(java.util.logging.Level.FINER)) {
            LOG.finer(String.format("%016x response mid %d received", key, h.messageId()));
        }
        boolean init = h.exchange() == ExchangeType.IKE_SA_INIT && !h.isResponse();
        // under a flood, requests that return a cookie are judged before new ones (RFC 8019 §7)
        int prio = !init ? Lanes.Priority.HIGH
                : InitResponder.startsWithCookie(p.data()) ? Lanes.Priority.LOW : Lanes.Priority.BULK;
        if (!lanes.submit(key, prio, () -> process(p, h))) {
            metrics.drop(DropReason.DOS_FILTER);
        }
    }

    /** The SPI this side chose: SPIr in messages from the original initiator, else SPIi. */
    static long ourSpi(IkeHeader h) {
        return h.isFromOriginalInitiator() ? (h.spiR() != 0 ? h.spiR() : h.spiI()) : h.spiI();
    }

    private void process(Packet p, IkeHeader h) {
        try {
            if (h.isResponse()) {
                processResponse(p, h);
            } else if (h.exchange() == ExchangeType.IKE_SA_INIT) {
                if (h.spiR() == 0 && h.isFromOriginalInitiator()) {
                    responders.init().handle(p, h);
                } else {
                    metrics.drop(DropReason.STATE_MISMATCH);
                }
            } else if (h.spiR() == 0) {
                // RFC 7296 §2.6: only IKE_SA_INIT may carry a zero responder SPI
                metrics.drop(DropReason.UNKNOWN_SPI);
            } else {
                HalfOpenSa ho = h.isFromOriginalInitiator() ? halfOpen.get(h.spiR()) : null;
                if (ho != null && h.exchange() == ExchangeType.IKE_AUTH) {
                    responders.auth().handle(p, h, ho);
                } else {
                    processRequest(p, h);
                }
            }
        } catch (SaStore.UnavailableException e) {
            // no quorum or the grid is going away: drop, the peer retransmits
            metrics.drop(DropReason.STORE_UNAVAILABLE);
        } catch (RuntimeException e) {
            // bad input must never stop the node (STYLE.md); a bug here is not the peer's fault,
            // so it has its own counter and a log line without message content
            metrics.drop(DropReason.INTERNAL_ERROR);
            LOG.log(Level.WARNING, "failed to process " + h.exchange() + " from " + p.remote(), e);
        }
    }

    // ---------------------------------------------------------------- half-open table (responder)

    HalfOpenSa halfOpenByDigest(byte[] digest) {
        Long spi = halfOpenByDigest.get(ByteBuffer.wrap(digest));
        return spi == null ? null : halfOpen.get(spi);
    }

    boolean addHalfOpen(HalfOpenSa ho) {
        if (halfOpen.size() >= config.limits().maxHalfOpen()) {
            return false;
        }
        if (halfOpen.putIfAbsent(ho.spiR(), ho) != null) {
            return false;
        }
        halfOpenByDigest.put(ByteBuffer.wrap(ho.requestDigest()), ho.spiR());
        long timeout = initGuard.halfOpenTimeoutMillis(ho.remote(), config.timers().halfOpenMillis());
        ho.progress().timeout = scheduler.schedule(timeout, () -> lanes.submit(ho.spiR(), Lanes.Priority.NORMAL,
                () -> expireHalfOpen(ho)));
        return true;
    }

    private void expireHalfOpen(HalfOpenSa ho) {
        if (removeHalfOpen(ho)) {
            ho.destroy();
            metrics.exchange(ExchangeType.IKE_AUTH, IkeMetrics.Role.RESPONDER, IkeMetrics.Outcome.TIMEOUT);
        }
    }

    /** IKE_SA_INIT requests whose IKE_AUTH completed, kept as long as a half-open SA would be. */
    private final Map<ByteBuffer, Long> completedInits = java.util.Collections.synchronizedMap(
            new java.util.LinkedHashMap<>(1024, 0.75f, false) {
                @Override
                protected boolean removeEldestEntry(Map.Entry<ByteBuffer, Long> e) {
                    return size() > config.limits().maxHalfOpen()
                            || e.getValue() < now() - config.timers().halfOpenMillis();
                }
            });

    void initCompleted(byte[] digest) {
        completedInits.put(ByteBuffer.wrap(digest), now());
    }

    boolean completedInit(byte[] digest) {
        Long at = completedInits.get(ByteBuffer.wrap(digest));
        return at != null && at >= now() - config.timers().halfOpenMillis();
    }

    /** Removes it from the table; true if it was there. Keys are not destroyed. */
    boolean removeHalfOpen(HalfOpenSa ho) {
        if (halfOpen.remove(ho.spiR(), ho)) {
            halfOpenByDigest.remove(ByteBuffer.wrap(ho.requestDigest()), ho.spiR());
            initGuard.halfOpenRemoved(ho.remote());
            // an SA that went on to IKE_AUTH no longer waits in the timer queue (with its keys and
            // both IKE_SA_INIT messages) for a timeout that would find nothing to do
            Scheduler.Cancellable t = ho.progress().timeout;
            if (t != null) {
                t.cancel();
            }
            return true;
        }
        return false;
    }

    /** A fresh random SPI not in use on this node (DESIGN.md: SPIs from a CSPRNG). */
    public long newIkeSpi() {
        while (true) {
            long spi = random.nextLong();
            // a collision with an SA of another member is caught by the store's create (put-if-absent)
            if (spi != 0 && !halfOpen.containsKey(spi) && !locals.containsKey(spi) && !handshakes.containsKey(spi)) {
                return spi;
            }
        }
    }

    // ---------------------------------------------------------------- requests on established SAs

    private void processRequest(Packet p, IkeHeader h) {
        long spi = ourSpi(h);
        LOG.finer(() -> String.format("%016x request %s mid %d", spi, h.exchange(), h.messageId()));
        SaStore.Checkout co = store.checkout(spi);
        if (co instanceof SaStore.Checkout.NotFound) {
            metrics.drop(DropReason.UNKNOWN_SPI);
            return;
        }
        if (co instanceof SaStore.Checkout.Busy) {
            metrics.drop(DropReason.DUPLICATE_IN_PROGRESS);
            return;
        }
        IkeSa sa = ((SaStore.Checkout.Ok) co).sa();
        boolean released = false;
        try {
            if (h.isFromOriginalInitiator() == sa.originalInitiator()) {
                // RFC 7296 §2.6: the I flag must say the peer is the other side
                metrics.drop(DropReason.STATE_MISMATCH);
                return;
            }
            MessageWindow w = sa.window();
            if (h.messageId() == 0 && h.exchange() == ExchangeType.INFORMATIONAL && sa.has(IkeExtension.MESSAGE_ID_SYNC)) {
                SyncOutcome so = answerMessageIdSync(p, h, sa);
                if (so == SyncOutcome.COMMITTED) {
                    released = true;
                }
                if (so != SyncOutcome.NOT_SYNC) {
                    return;
                }
            }
            byte[] digest = digest(p.data());
            if (h.messageId() == w.expectedRequestId() - 1 && w.lastRequestDigest() != null) {
                resendIfRetransmit(p, h, sa, digest);
                return;
            }
            if (h.messageId() != w.expectedRequestId()) {
                // RFC 7296 §2.3: outside the window, no answer
                metrics.drop(DropReason.UNEXPECTED_MESSAGE_ID);
                return;
            }
            LocalSa local = local(sa.localSpi());
            byte[] work = p.data().clone();
            DecodeResult r = MessageDecoder.protectedMessage(work, sa.inboundCipher(random), local.requestFragments);
            if (isFragment(p.data())) {
                int num = fragmentNumber(p.data());
                if (num == 1 && !(r instanceof DecodeResult.UnprotectedError)) {
                    local.firstFragmentDigest = digest;
                }
                if (r instanceof DecodeResult.Ok) {
                    digest = local.firstFragmentDigest;
                    local.firstFragmentDigest = null;
                }
            }
            if (r instanceof DecodeResult.Partial) {
                return;
            }
            if (r instanceof DecodeResult.UnprotectedError u) {
                metrics.drop(u.reason());
                return;
            }
            List<Payload> response;
            ExchangeContext ctx;
            if (r instanceof DecodeResult.ProtectedError pe) {
                ctx = new ExchangeContext(this, sa, local, null, p);
                response = List.of(NotifyPayload.of(pe.error(), pe.data()));
                // RFC 7296 §2.21.3: INVALID_SYNTAX after authentication is fatal for the IKE SA
                if (pe.error() == NotifyType.INVALID_SYNTAX) {
                    ctx.destroyIkeSa("invalid syntax: " + pe.reason());
                }
                metrics.exchange(h.exchange(), IkeMetrics.Role.RESPONDER, IkeMetrics.Outcome.ERROR);
            } else {
                IkeMessage m = ((DecodeResult.Ok) r).message();
                ctx = new ExchangeContext(this, sa, local, m, p);
                TcpStreams.follow(this, ctx, p);
                response = responders.respond(ctx);
            }
            sa.lastInboundMillis(now());
            cluster.touched(sa, p);
            List<byte[]> out = encode(sa, IkeHeader.responseTo(h, sa.spiI(), sa.spiR(), sa.originalInitiator()),
                    response, p.tcp());
            w.responded(digest, out);
            LOG.finer(() -> String.format("%016x answered %s mid %d", sa.localSpi(), h.exchange(), h.messageId()));
            commit(ctx);
            released = true;
            for (byte[] o : out) {
                sender.send(p.reply(o));
            }
            runAfterCommit(ctx);
            if (!ctx.destroying() && sa.owner() != null && !config.member().equals(sa.owner())
                    && sa.children().stream().anyMatch(c -> config.member().equals(c.member()))) {
                cluster.strayChildren(sa);
            }
        } finally {
            if (!released) {
                store.release(sa);
            }
        }
    }

    /**
     * The peer side of RFC 6311 §5.1: a Message-ID-0 INFORMATIONAL holding only the sync notify.
     * NOT_SYNC when the message is something else (then it is handled as a normal request).
     * A request with M1 below what we expect is dropped; otherwise both counters move to the
     * maxima and the answer is not cached (a retransmission is answered again, the same way).
     */
    private SyncOutcome answerMessageIdSync(Packet p, IkeHeader h, IkeSa sa) {
        DecodeResult r = MessageDecoder.protectedMessage(p.data().clone(), sa.inboundCipher(random), null);
        if (!(r instanceof DecodeResult.Ok ok)) {
            return SyncOutcome.NOT_SYNC;
        }
        IkeMessage m = ok.message();
        NotifyPayload sync = m.notify(NotifyType.IKEV2_MESSAGE_ID_SYNC);
        for (Payload pl : m.payloads()) {
            if (!(pl instanceof NotifyPayload n) || (n.notifyType() != NotifyType.IKEV2_MESSAGE_ID_SYNC.code()
                    && n.notifyType() != NotifyType.IPSEC_REPLAY_COUNTER_SYNC.code())) {
                return SyncOutcome.NOT_SYNC;
            }
        }
        if (sync == null || sync.data().length != 12) {
            return SyncOutcome.NOT_SYNC;
        }
        ByteBuffer b = ByteBuffer.wrap(sync.data());
        byte[] nonce = new byte[4];
        b.get(nonce);
        long m1 = b.getInt() & 0xffffffffL;
        long p1 = b.getInt() & 0xffffffffL;
        MessageWindow w = sa.window();
        if (m1 < w.expectedRequestId()) {
            // RFC 6311 §5.1: a stale sync request is dropped silently
            metrics.drop(DropReason.UNEXPECTED_MESSAGE_ID);
            return SyncOutcome.DROPPED;
        }
        LocalSa local = local(sa.localSpi());
        w.expectedRequestId(m1);
        w.nextRequestId(Math.max(p1, w.nextRequestId()));
        ExchangeContext ctx = new ExchangeContext(this, sa, local, m, p);
        if (local.pending != null) {
            // our request in flight used an ID the other side never saw: issue it again after the sync
            InitiatorExchange again = local.pending;
            local.pending = null;
            local.pendingMid = -1;
            if (local.retransmitTimer != null) {
                local.retransmitTimer.cancel();
                local.retransmitTimer = null;
            }
            local.queue.addFirst(again);
        }
        ByteBuffer out = ByteBuffer.allocate(12).put(nonce).putInt((int) w.nextRequestId()).putInt((int) w.expectedRequestId());
        IkeHeader rh = IkeHeader.of(sa.spiI(), sa.spiR(), ExchangeType.INFORMATIONAL, true, sa.originalInitiator(), 0);
        byte[] resp = MessageEncoder.protect(rh, List.of(),
                List.of(NotifyPayload.of(NotifyType.IKEV2_MESSAGE_ID_SYNC, out.array())), sa.outboundCipher(random));
        sa.lastInboundMillis(now());
        startNext(ctx);
        commit(ctx);
        sender.send(p.reply(resp));
        runAfterCommit(ctx);
        return SyncOutcome.COMMITTED;
    }

    private enum SyncOutcome { NOT_SYNC, DROPPED, COMMITTED }

    private void resendIfRetransmit(Packet p, IkeHeader h, IkeSa sa, byte[] digest) {
        // RFC 7383 §2.6.1: of a fragmented request only fragment 1 triggers the retransmission
        if (isFragment(p.data()) && fragmentNumber(p.data()) != 1) {
            return;
        }
        if (!MessageDigest.isEqual(digest, sa.window().lastRequestDigest())) {
            metrics.drop(DropReason.UNEXPECTED_MESSAGE_ID);
            return;
        }
        for (byte[] o : sa.window().lastResponse()) {
            sender.send(p.reply(o));
        }
    }

    private static boolean isFragment(byte[] msg) {
        return (msg[16] & 0xff) == PayloadType.SKF.code();
    }

    private static int fragmentNumber(byte[] msg) {
        // the SKF payload is the first after the header when nothing precedes it
        return msg.length >= 34 ? ((msg[32] & 0xff) << 8) | (msg[33] & 0xff) : 0;
    }

    /** Writes the SA (and created SAs) back, or destroys it; cleans up node-local state. */
    private void commit(ExchangeContext ctx) {
        IkeSa sa = ctx.sa();
        for (IkeSa created : ctx.created()) {
            created.owner(config.member());
            store.create(created);
            scheduleTimer(created);
        }
        if (ctx.destroying()) {
            store.checkinAndDestroy(sa);
            cleanup(sa, ctx.destroyReason());
        } else {
            store.checkin(sa);
            scheduleTimer(sa);
        }
    }

    private void runAfterCommit(ExchangeContext ctx) {
        for (Runnable r : ctx.afterCommit()) {
            try {
                r.run();
            } catch (RuntimeException e) {
                LOG.log(Level.WARNING, "after-commit action failed", e);
            }
        }
    }

    /** Removes everything this node holds for a deleted IKE SA. */
    void cleanup(IkeSa sa, String reason) {
        for (ChildSaState c : sa.children()) {
            if (config.member().equals(c.member())) {
                dataPlane.remove(c.inboundSpi());
            }
            childOwners.remove(c.inboundSpi());
        }
        String owner = leaseOwner(sa.localSpi());
        for (java.net.InetAddress vip : sa.virtualIps()) {
            // a clone of this SA that uses the address keeps the lease (RFC 7791 §8: the session
            // lives until the last of the original and its clones is gone)
            String heir = null;
            for (long other : store.findByRemoteIdentity(sa.remoteId())) {
                IkeSa o = other == sa.localSpi() ? null : store.peek(other);
                if (o != null && o.virtualIps().contains(vip)) {
                    heir = leaseOwner(other);
                    break;
                }
            }
            for (String pool : pools.names()) {
                if (heir != null ? pools.transfer(pool, vip, owner, heir) : false) {
                    break;
                }
                if (heir == null) {
                    pools.release(pool, vip, owner);
                }
            }
        }
        LocalSa local = locals.remove(sa.localSpi());
        if (local != null) {
            local.cancelTimers();
        }
        metrics.saEvent(IkeMetrics.SaEvent.DELETED);
        for (EngineListener l : listeners) {
            l.deleted(sa, reason);
        }
        LOG.info(() -> "IKE SA " + spis(sa.spiI(), sa.spiR()) + " with " + sa.remoteId() + " deleted: " + reason);
    }

    public static String leaseOwner(long localSpi) {
        return HEX.toHexDigits(localSpi);
    }

    private static final java.util.HexFormat HEX = java.util.HexFormat.of();

    LocalSa local(long spi) {
        return locals.computeIfAbsent(spi, s -> new LocalSa(s, config.limits()));
    }

    /** Registers a Child SA of this node under its IKE SA (for data-plane events). */
    public void childOwned(int inboundSpi, long ikeLocalSpi) {
        childOwners.put(inboundSpi, ikeLocalSpi);
    }

    public void childGone(int inboundSpi) {
        childOwners.remove(inboundSpi);
    }

    /** The data plane asks for a rekey of a Child SA (soft lifetime, sequence numbers). */
    public void childRekeyNeeded(int inboundSpi) {
        long ike = ikeSpiOfChild(inboundSpi);
        if (ike == 0) {
            return;
        }
        onSa(ike, ctx -> {
            ChildSaState c = ctx.sa().childByInbound(inboundSpi);
            if (c == null || c.status() != ChildSaState.Status.INSTALLED) {
                return false;
            }
            c.status(ChildSaState.Status.REKEYING);
            ctx.local().enqueue(new io.ikebana.ike.task.CreateChildExchange(inboundSpi));
            return true;
        });
    }

    /** A Child SA reached a hard limit: delete it (RFC 7296 §1.4.1). */
    public void childExpired(int inboundSpi) {
        long ike = ikeSpiOfChild(inboundSpi);
        if (ike != 0) {
            initiate(ike, new io.ikebana.ike.task.DeleteChildExchange(java.util.List.of(inboundSpi)));
        }
    }

    /** The IKE SA of a Child SA of this node, or 0. */
    public long ikeSpiOfChild(int inboundSpi) {
        Long v = childOwners.get(inboundSpi);
        return v == null ? 0 : v;
    }

    // ---------------------------------------------------------------- encoding and sending

    /** Encodes a protected message, fragmented when RFC 7383 was negotiated and it is too big. */
    public List<byte[]> encode(IkeSa sa, IkeHeader header, List<Payload> inner, boolean tcp) {
        SkCipher out = sa.outboundCipher(random);
        byte[] whole = MessageEncoder.protect(header, List.of(), inner, out);
        // RFC 9329 §6.2: no fragmentation over TCP
        if (!tcp && sa.has(IkeExtension.FRAGMENTATION) && whole.length > config.features().fragmentSize()) {
            return MessageEncoder.fragment(header, List.of(), inner, out, config.features().fragmentSize());
        }
        return List.of(whole);
    }

    /** Sends to the peer from the SA's current endpoints. */
    void sendToPeer(IkeSa sa, List<byte[]> packets) {
        boolean marker = sa.has(IkeExtension.NAT_T);
        for (byte[] b : packets) {
            sender.send(new Packet(sa.local(), sa.remote(), b, marker, cluster.isTcp(sa)));
        }
    }

    /** Sends an unprotected message (IKE_SA_INIT answers) back where a request came from. */
    void reply(Packet request, IkeHeader header, List<Payload> payloads) {
        sender.send(request.reply(MessageEncoder.plain(header, payloads)));
    }

    void send(Packet p) {
        sender.send(p);
    }

    static byte[] digest(byte[] data) {
        return SHA256.get().digest(data);
    }

    /** This thread's SHA-256 (each use ends with {@code digest()}, which resets it). */
    static MessageDigest sha256() {
        return SHA256.get();
    }

    /** One SHA-256 per thread: a provider look-up per message is measurable at handshake rates. */
    private static final ThreadLocal<MessageDigest> SHA256 = Jca.digestPerThread("SHA-256");

    // ---------------------------------------------------------------- exchanges we initiate

    /** Queues an exchange on an IKE SA; it starts as soon as the window is free. */
    public void initiate(long localSpi, InitiatorExchange ex) {
        lanes.submit(localSpi, Lanes.Priority.NORMAL, () -> withSa(localSpi, ctx -> {
            ctx.local().queue.add(ex);
            return true;
        }));
    }

    /**
     * Runs {@code action} on the checked-out SA on its lane, then starts queued exchanges and
     * commits. The action returns false when it changed nothing.
     */
    public void onSa(long localSpi, SaAction action) {
        lanes.submit(localSpi, Lanes.Priority.NORMAL, () -> withSa(localSpi, action));
    }

    /** Runs {@code action} on the SA after {@code delayMillis}, on its lane. */
    public void later(long delayMillis, long localSpi, SaAction action) {
        scheduler.schedule(delayMillis, () -> onSa(localSpi, action));
    }

    /** Work on a checked-out SA, on its lane. Returns false when it changed nothing. */
    @FunctionalInterface
    public interface SaAction {
        boolean apply(ExchangeContext ctx);
    }

    private void withSa(long spi, SaAction action) {
        SaStore.Checkout co = store.checkout(spi);
        if (!(co instanceof SaStore.Checkout.Ok ok)) {
            if (co instanceof SaStore.Checkout.Busy) {
                // retry shortly: another member or message holds the lease
                scheduler.schedule(50, () -> lanes.submit(spi, Lanes.Priority.NORMAL, () -> withSa(spi, action)));
            }
            return;
        }
        IkeSa sa = ok.sa();
        LocalSa local = local(spi);
        ExchangeContext ctx = new ExchangeContext(this, sa, local, null, null);
        boolean changed;
        try {
            changed = action.apply(ctx);
            changed |= startNext(ctx);
        } catch (RuntimeException e) {
            store.release(sa);
            throw e;
        }
        if (changed || ctx.destroying() || !ctx.created().isEmpty()) {
            commit(ctx);
        } else {
            store.release(sa);
        }
        runAfterCommit(ctx);
    }

    /** Starts the next queued exchange if the window is free; true if the SA changed. */
    private boolean startNext(ExchangeContext ctx) {
        IkeSa sa = ctx.sa();
        LocalSa local = ctx.local();
        boolean changed = false;
        while (local.pending == null && !local.queue.isEmpty() && !ctx.destroying()) {
            InitiatorExchange ex = local.queue.poll();
            List<Payload> payloads = ex.request(ctx);
            if (payloads == null) {
                continue;
            }
            long mid = ex.messageIdZero() ? 0 : sa.window().takeRequestId();
            IkeHeader hdr = IkeHeader.of(sa.spiI(), sa.spiR(), ex.type(), false, sa.originalInitiator(), mid);
            List<byte[]> packets = ex.allowFragmentation() ? encode(sa, hdr, payloads, cluster.isTcp(sa))
                    : List.of(MessageEncoder.protect(hdr, List.of(), payloads, sa.outboundCipher(random)));
            local.pending = ex;
            LOG.finer(() -> String.format("%016x sent %s mid %d", sa.localSpi(), ex.getClass().getSimpleName(),
                    mid));
            local.pendingMid = mid;
            local.pendingPackets = packets;
            local.tries = 0;
            local.pendingSentNanos = System.nanoTime();
            armRetransmit(sa.localSpi(), local, mid);
            List<byte[]> toSend = packets;
            ctx.afterCommit(() -> sendToPeer(sa, toSend));
            changed = true;
        }
        return changed;
    }

    private void armRetransmit(long spi, LocalSa local, long mid) {
        EngineConfig.Timers t = config.timers();
        long delay = (long) (t.retransmitTimeoutMillis() * Math.pow(t.retransmitBase(), local.tries));
        local.retransmitTimer = scheduler.schedule(delay,
                () -> lanes.submit(spi, Lanes.Priority.NORMAL, () -> retransmit(spi, mid)));
    }

    private void retransmit(long spi, long mid) {
        LocalSa local = locals.get(spi);
        if (local == null || local.pending == null || local.pendingMid != mid) {
            return;
        }
        if (local.tries >= config.timers().retransmitTries()) {
            InitiatorExchange ex = local.pending;
            metrics.exchange(ex.type(), IkeMetrics.Role.INITIATOR, IkeMetrics.Outcome.TIMEOUT);
            withSa(spi, ctx -> {
                LocalSa l = ctx.local();
                l.pending = null;
                l.pendingMid = -1;
                ex.timeout(ctx);
                if (ctx.destroying()) {
                    metrics.saEvent(IkeMetrics.SaEvent.DEAD_PEER);
                    l.queue.clear();
                }
                return true;
            });
            return;
        }
        local.tries++;
        LOG.finer(() -> String.format("%016x retransmit mid %d", spi, mid));
        IkeSa sa = store.peek(spi);
        if (sa == null) {
            return;
        }
        sendToPeer(sa, local.pendingPackets);
        armRetransmit(spi, local, mid);
    }

    private void processResponse(Packet p, IkeHeader h) {
        long spi = ourSpi(h);
        Handshake hs = handshakes.get(spi);
        if (hs != null) {
            hs.onResponse(p, h);
            return;
        }
        LocalSa local = locals.get(spi);
        if (local == null || local.pending == null || local.pendingMid != h.messageId()) {
            metrics.drop(DropReason.UNEXPECTED_RESPONSE);
            return;
        }
        LOG.finer(() -> String.format("%016x response mid %d in lane", spi, h.messageId()));
        SaStore.Checkout co = store.checkout(spi);
        if (!(co instanceof SaStore.Checkout.Ok ok)) {
            metrics.drop(co instanceof SaStore.Checkout.Busy ? DropReason.DUPLICATE_IN_PROGRESS : DropReason.UNKNOWN_SPI);
            return;
        }
        IkeSa sa = ok.sa();
        boolean committed = false;
        try {
            if (h.isFromOriginalInitiator() == sa.originalInitiator()) {
                metrics.drop(DropReason.STATE_MISMATCH);
                return;
            }
            DecodeResult r = MessageDecoder.protectedMessage(p.data().clone(), sa.inboundCipher(random),
                    local.responseFragments);
            if (r instanceof DecodeResult.Partial) {
                return;
            }
            if (!(r instanceof DecodeResult.Ok okm)) {
                // errors in responses are not answered (RFC 7296 §2.21)
                metrics.drop(r instanceof DecodeResult.UnprotectedError u ? u.reason() : DropReason.MALFORMED);
                return;
            }
            InitiatorExchange ex = local.pending;
            LOG.finer(() -> String.format("%016x answer %s mid %d", sa.localSpi(), ex.getClass().getSimpleName(),
                    h.messageId()));
            local.pending = null;
            local.pendingMid = -1;
            if (local.retransmitTimer != null) {
                local.retransmitTimer.cancel();
                local.retransmitTimer = null;
            }
            sa.lastInboundMillis(now());
            sa.window().peerAnswered();
            ExchangeContext ctx = new ExchangeContext(this, sa, local, okm.message(), p);
            TcpStreams.follow(this, ctx, p);
            ex.response(ctx);
            metrics.exchange(ex.type(), IkeMetrics.Role.INITIATOR,
                    okm.message().firstError() == null ? IkeMetrics.Outcome.OK : IkeMetrics.Outcome.ERROR);
            startNext(ctx);
            commit(ctx);
            committed = true;
            runAfterCommit(ctx);
        } finally {
            if (!committed) {
                store.release(sa);
            }
        }
    }

    // ---------------------------------------------------------------- timers of established SAs

    /** (Re)arms the SA's timer for its next deadline: DPD, IKE rekey or a Child SA rekey. */
    void scheduleTimer(IkeSa sa) {
        if (!config.member().equals(sa.owner())) {
            return;
        }
        long due = nextDeadline(sa);
        LocalSa local = local(sa.localSpi());
        if (due == local.timerDue && local.timer != null) {
            return;
        }
        if (local.timer != null) {
            local.timer.cancel();
        }
        local.timerDue = due;
        if (due == Long.MAX_VALUE) {
            local.timer = null;
            return;
        }
        long spi = sa.localSpi();
        local.timer = scheduler.schedule(Math.max(0, due - now()),
                () -> lanes.submit(spi, Lanes.Priority.NORMAL, () -> onTimer(spi)));
    }

    private long nextDeadline(IkeSa sa) {
        long due = Long.MAX_VALUE;
        if (config.timers().dpdMillis() > 0) {
            due = sa.lastInboundMillis() + config.timers().dpdMillis();
        }
        if (sa.rekeyAtMillis() > 0 && sa.state() == IkeSaState.ESTABLISHED) {
            due = Math.min(due, sa.rekeyAtMillis());
        }
        for (ChildSaState c : sa.children()) {
            if (c.rekeyAtMillis() > 0 && c.status() == ChildSaState.Status.INSTALLED) {
                due = Math.min(due, c.rekeyAtMillis());
            }
        }
        if (sa.expireAtMillis() > 0) {
            due = Math.min(due, sa.expireAtMillis());
        }
        return due;
    }

    private void onTimer(long spi) {
        LocalSa l0 = locals.get(spi);
        if (l0 != null) {
            l0.timer = null;
            l0.timerDue = Long.MAX_VALUE;
        }
        withSa(spi, ctx -> {
            IkeSa sa = ctx.sa();
            LocalSa local = ctx.local();
            if (!config.member().equals(sa.owner())) {
                // moved away meanwhile: its timers are the new owner's business
                local.cancelTimers();
                return false;
            }
            long now = now();
            boolean queued = false;
            if (sa.expireAtMillis() > 0 && sa.expireAtMillis() <= now) {
                // a rekeyed IKE SA the peer never deleted (RFC 7296 §2.8), or a hard lifetime
                ctx.destroyIkeSa("expired");
                return true;
            }
            if (sa.rekeyAtMillis() > 0 && sa.rekeyAtMillis() <= now && sa.state() == IkeSaState.ESTABLISHED
                    && !local.hasExchange(io.ikebana.ike.task.RekeyIkeExchange.class)) {
                local.queue.add(new io.ikebana.ike.task.RekeyIkeExchange());
                queued = true;
            }
            for (ChildSaState c : sa.children()) {
                if (c.rekeyAtMillis() > 0 && c.rekeyAtMillis() <= now && c.status() == ChildSaState.Status.INSTALLED
                        && config.member().equals(c.member())) {
                    local.queue.add(new io.ikebana.ike.task.CreateChildExchange(c.inboundSpi()));
                    c.status(ChildSaState.Status.REKEYING);
                    queued = true;
                }
            }
            if (!queued && local.pending == null && local.queue.isEmpty() && config.timers().dpdMillis() > 0
                    && sa.lastInboundMillis() + config.timers().dpdMillis() <= now) {
                local.queue.add(new io.ikebana.ike.task.DpdExchange());
                queued = true;
            }
            if (!queued) {
                scheduleTimer(sa);
            }
            return queued;
        });
    }

    /** Rekey deadline with jitter (RFC 7296 §2.8: avoid both sides rekeying at once). */
    public long rekeyDeadline(long periodMillis) {
        if (periodMillis <= 0) {
            return 0;
        }
        long jitter = periodMillis * config.timers().jitterPercent() / 100;
        return now() + periodMillis - (jitter > 0 ? (long) (random.nextDouble() * jitter) : 0);
    }

    // ---------------------------------------------------------------- initiator handshakes (client)

    /** Our handshakes in progress, for diagnostics. */
    public List<String> handshakesInProgress() {
        List<String> out = new ArrayList<>();
        for (Handshake h : handshakes.values()) {
            out.add(h.toString());
        }
        return out;
    }

    void addHandshake(Handshake h) {
        handshakes.put(h.localSpi(), h);
    }

    void removeHandshake(Handshake h) {
        handshakes.remove(h.localSpi(), h);
    }

    public Lanes lanes() {
        return lanes;
    }

    Scheduler scheduler() {
        return scheduler;
    }

    /** Makes an established SA known to the store and this node (after IKE_AUTH, either role). */
    boolean establish(IkeSa sa, List<Runnable> afterCommit) {
        sa.owner(config.member());
        if (!store.create(sa)) {
            return false;
        }
        scheduleTimer(sa);
        metrics.saEvent(IkeMetrics.SaEvent.ESTABLISHED);
        LOG.info(() -> "IKE SA " + spis(sa.spiI(), sa.spiR()) + " established with " + sa.remoteId() + " at "
                + sa.remote() + " " + sa.suite() + (sa.virtualIps().isEmpty() ? "" : " vip " + sa.virtualIps()));
        for (Runnable r : afterCommit) {
            r.run();
        }
        for (EngineListener l : listeners) {
            l.established(sa);
        }
        return true;
    }

    /**
     * Starts an IKE SA towards a gateway as initiator (the client role). Events arrive at the
     * listeners; the returned SPI identifies the SA.
     */
    public long connect(InitiatorSettings settings) {
        long spi = newIkeSpi();
        connect(settings, spi);
        return spi;
    }

    /** {@link #connect(InitiatorSettings)} with an SPI the caller took from {@link #newIkeSpi()}. */
    public void connect(InitiatorSettings settings, long spi) {
        Handshake hs = new Handshake(this, spi, settings);
        addHandshake(hs);
        lanes.submit(spi, Lanes.Priority.HIGH, hs::start);
    }

    /** Why an IKE SA comes to this member. */
    public enum Adoption {
        /** its owner died: fence its lease, resynchronise message IDs (RFC 6311) */
        TAKEOVER,
        /** a planned move (drain, rebalance, operator): the grid state is exact */
        MOVE
    }

    /**
     * Makes this member the owner of an IKE SA: it takes the lease, points the SA at its own
     * address (MOBIKE address update, or a redirect of the established SA for clients without
     * MOBIKE, RFC 5685 §5), synchronises message IDs after a failover (RFC 6311) and re-creates
     * the Child SAs here, since ESP state never moves (DESIGN.md).
     */
    public void adopt(long spi, String previousOwner, Adoption why) {
        lanes.submit(spi, Lanes.Priority.NORMAL, () -> adoptNow(spi, previousOwner, why, 0));
    }

    private void adoptNow(long spi, String previousOwner, Adoption why, int attempt) {
        SaStore.Checkout co = why == Adoption.TAKEOVER ? store.checkoutForTakeover(spi, previousOwner)
                : store.checkout(spi);
        if (co instanceof SaStore.Checkout.Busy && attempt < 50) {
            scheduler.schedule(100, () -> lanes.submit(spi, Lanes.Priority.NORMAL,
                    () -> adoptNow(spi, previousOwner, why, attempt + 1)));
            return;
        }
        if (!(co instanceof SaStore.Checkout.Ok ok)) {
            return;
        }
        IkeSa sa = ok.sa();
        // adopted again by its owner (Child SAs that landed on another member come home): keep the
        // exchanges in flight and queue only what is missing
        boolean again = config.member().equals(sa.owner()) && locals.containsKey(spi);
        if (!again) {
            LocalSa stale = locals.remove(spi);
            if (stale != null) {
                stale.cancelTimers();
            }
        }
        LocalSa local = local(spi);
        ExchangeContext ctx = new ExchangeContext(this, sa, local, null, null);
        try {
            sa.owner(config.member());
            InetSocketAddress here = cluster.localEndpoint(sa);
            boolean moved = !here.equals(sa.local());
            sa.endpoints(here, sa.remote());
            if (why == Adoption.TAKEOVER && sa.has(IkeExtension.MESSAGE_ID_SYNC)) {
                local.queue.add(new io.ikebana.ike.task.MidSyncExchange());
            }
            boolean recreate = true;
            if (moved) {
                if (sa.has(IkeExtension.MOBIKE)) {
                    local.queue.add(new io.ikebana.ike.task.AddressUpdateExchange());
                } else if (sa.has(IkeExtension.REDIRECT)) {
                    // the client builds a new IKE SA with us; nothing to re-create on this one
                    local.queue.add(new io.ikebana.ike.task.RedirectExchange(here.getAddress(),
                            config.timers().halfOpenMillis()));
                    recreate = false;
                }
            }
            if (recreate && sa.clonedFrom() != 0 && sa.originalInitiator() && sa.children().isEmpty()) {
                // a clone this gateway made to spread the client's traffic: give it Child SAs like the
                // original's (a peer that cloned creates its own on the clone)
                IkeSa original = store.peek(sa.clonedFrom());
                if (original != null && !original.children().isEmpty()) {
                    ChildSaState c = original.children().get(0);
                    local.queue.add(new io.ikebana.ike.task.CreateChildExchange(c.localTs(), c.remoteTs()));
                }
            }
            if (recreate) {
                for (ChildSaState c : sa.children()) {
                    if (!config.member().equals(c.member()) && c.status() != ChildSaState.Status.DELETING
                            && !(again && c.status() == ChildSaState.Status.REKEYING)) {
                        c.status(ChildSaState.Status.REKEYING);
                        local.queue.add(new io.ikebana.ike.task.CreateChildExchange(c.inboundSpi()));
                    }
                }
            }
            metrics.saEvent(why == Adoption.TAKEOVER ? IkeMetrics.SaEvent.TAKEOVER : IkeMetrics.SaEvent.MOVED_IN);
            startNext(ctx);
        } catch (RuntimeException e) {
            store.release(sa);
            throw e;
        }
        commit(ctx);
        runAfterCommit(ctx);
        LOG.info(() -> "IKE SA " + spis(sa.spiI(), sa.spiR()) + " adopted from " + previousOwner + " (" + why + ")");
    }

    /** Deletes an IKE SA with an INFORMATIONAL Delete (RFC 7296 §1.4.1). */
    public void delete(long localSpi) {
        initiate(localSpi, new io.ikebana.ike.task.DeleteIkeExchange());
    }

    /** RFC 7296 §2.4: {@code sa}, just established, carried INITIAL_CONTACT (see {@link InitialContacts}). */
    void initialContact(IkeSa sa) {
        initialContacts.add(sa);
    }

    /**
     * Deletes an IKE SA without telling the peer if it was created before the SA of its peer's
     * identity in {@code carriers} that carried INITIAL_CONTACT (an SA set up since then stays).
     */
    void deleteIfCreatedBefore(long localSpi, Map<Identity, InitialContacts.Carrier> carriers, String reason) {
        deleteSilentlyIf(localSpi, sa -> {
            InitialContacts.Carrier c = carriers.get(sa.remoteId());
            return c != null && sa.createdMillis() < c.createdMillis();
        }, reason);
    }

    /** Deletes an IKE SA without telling the peer (INITIAL_CONTACT, admin, lost peer). */
    public void deleteSilently(long localSpi, String reason) {
        deleteSilentlyIf(localSpi, sa -> true, reason);
    }

    /** {@link #deleteSilently} if the checked-out SA satisfies {@code condition}; else left as it is. */
    private void deleteSilentlyIf(long localSpi, java.util.function.Predicate<IkeSa> condition, String reason) {
        lanes.submit(localSpi, Lanes.Priority.NORMAL, () -> {
            SaStore.Checkout co = store.checkout(localSpi);
            if (co instanceof SaStore.Checkout.Ok ok) {
                if (condition.test(ok.sa())) {
                    store.checkinAndDestroy(ok.sa());
                    cleanup(ok.sa(), reason);
                } else {
                    store.release(ok.sa());
                }
            } else if (co instanceof SaStore.Checkout.Busy) {
                scheduler.schedule(100, () -> deleteSilentlyIf(localSpi, condition, reason));
            }
        });
    }

    /**
     * The SA moved to another member: stop its timers and pending work here, and remove this
     * node's Child SAs from the data plane after {@code graceMillis} (packets still in flight to
     * the old address are decrypted until then; the new owner deletes them from the SA record).
     */
    public void release(long localSpi, long graceMillis) {
        lanes.submit(localSpi, Lanes.Priority.NORMAL, () -> {
            LocalSa l = locals.remove(localSpi);
            if (l != null) {
                l.cancelTimers();
            }
        });
        List<Integer> mine = childOwners.of(localSpi);
        scheduler.schedule(graceMillis, () -> {
            for (int spi : mine) {
                if (childOwners.remove(spi, localSpi)) {
                    dataPlane.remove(spi);
                }
            }
        });
        metrics.saEvent(IkeMetrics.SaEvent.MOVED_OUT);
    }

    @Override
    public void close() {
        for (LocalSa l : locals.values()) {
            l.cancelTimers();
        }
        lanes.close();
    }

    /** Known identities for logs without key material. */
    static String spis(long spiI, long spiR) {
        return HEX.toHexDigits(spiI) + "_i " + HEX.toHexDigits(spiR) + "_r";
    }

    static boolean sameBytes(byte[] a, byte[] b) {
        return Arrays.equals(a, b);
    }

    static List<Payload> list(Payload... ps) {
        return new ArrayList<>(Arrays.asList(ps));
    }

    static InetSocketAddress endpoint(InetSocketAddress a) {
        return a;
    }

    static int firstPayloadType(List<Payload> ps) {
        return PayloadChain.firstType(ps, 0);
    }
}
