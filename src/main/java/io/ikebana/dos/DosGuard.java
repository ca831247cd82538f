package io.ikebana.dos;

import io.ikebana.dos.cookie.CookieSecretStore;
import io.ikebana.dos.cookie.LocalCookieSecretStore;
import io.ikebana.dos.cookie.StatelessCookies;
import io.ikebana.dos.filter.DatagramSizeFilter;
import io.ikebana.dos.filter.HeaderLengthFilter;
import io.ikebana.dos.filter.InboundFilterChain;
import io.ikebana.dos.filter.InitRequestHeaderFilter;
import io.ikebana.dos.filter.InitRequestSizeFilter;
import io.ikebana.dos.filter.MajorVersionFilter;
import io.ikebana.dos.filter.PrefixRateFilter;
import io.ikebana.dos.filter.SourceAddressFilter;
import io.ikebana.dos.puzzle.PuzzleChallenge;
import io.ikebana.dos.puzzle.PuzzlePrf;
import io.ikebana.dos.puzzle.PuzzleVerifier;
import io.ikebana.dos.queue.PriorityAdmission;
import io.ikebana.dos.table.SlidingWindowCounter;
import io.ikebana.dos.table.SpentCookieCache;
import java.net.InetAddress;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * The DoS guard: everything the engine asks before it creates IKE state. Pure logic, no I/O, no
 * threads, thread-safe, fixed memory.
 *
 * <pre>
 * every inbound message:   screen(datagram)            DROP -> discard silently
 * IKE_SA_INIT request      (after the engine found no half-open SA for (IPi, SPIi): that would be a
 *                          retransmission, answered from its cache, RFC 7296 §2.1):
 *                          admitInit(request) -> Accept(priority)      queue, then create the SA
 *                                             -> RequireCookie(c)      send N(COOKIE), keep nothing
 *                                             -> RequirePuzzle(c, p)   send N(COOKIE), N(PUZZLE)
 *                                             -> Drop(reason)          send nothing
 * half-open SA created:    halfOpenCreated(request); expire it after halfOpenTimeout(source)
 *                          optionally authPuzzleFor(accept, prfs) -> add N(PUZZLE) to the response
 * half-open SA gone:       halfOpenRemoved(source)   (IKE_AUTH done, failed, deleted or timed out)
 * first IKE_AUTH request:  checkAuthPuzzle(...) before DH if a puzzle was given;
 *                          ikeAuthFailed(source) when its integrity check fails
 * </pre>
 */
public final class DosGuard {
    private final DosConfig config;
    private final Clock clock;
    private final CookieSecretStore secrets;
    private final DosCounters counters;
    private final PrefixTables tables;
    private final SpentCookieCache spent;
    private final HalfOpenTracker halfOpen;
    private final LoadModel load;
    private final DifficultyPolicy difficulty;
    private final InboundFilterChain chain;
    private final InitAdmissionPolicy initPolicy;
    private final AuthPuzzlePolicy authPolicy;

    public DosGuard(DosConfig config, Clock clock, SecureRandom random, CookieSecretStore secrets,
            DosMetrics metrics) {
        this.config = config;
        this.clock = clock;
        this.secrets = secrets;
        this.counters = new DosCounters(metrics);
        long now = clock.millis();
        Lottery lottery = new Lottery(random);
        this.tables = new PrefixTables(config, random, now);
        this.spent = new SpentCookieCache(config.tables().spentCookieCapacity());
        this.halfOpen = new HalfOpenTracker(tables, counters);
        this.load = new LoadModel(config.halfOpen(), counters);
        this.difficulty = new DifficultyPolicy(config.puzzles());
        PuzzleVerifier verifier = new PuzzleVerifier(new PuzzlePrf());
        StatelessCookies cookies = new StatelessCookies(secrets, clock, random, config.cookies().lifetime(),
                config.cookies().bindUdpPort());
        this.chain = new InboundFilterChain(List.of(
                new SourceAddressFilter(config.allowLoopbackSources()),
                new DatagramSizeFilter(config.sizes().maxMessage()),
                new HeaderLengthFilter(),
                new MajorVersionFilter(),
                new InitRequestSizeFilter(config.sizes().initMinimum(), config.sizes().initMaximum()),
                new InitRequestHeaderFilter(),
                new PrefixRateFilter(tables, lottery, clock, config.enabled())), counters);
        this.initPolicy = new InitAdmissionPolicy(config, clock, lottery, cookies, verifier, spent, tables,
                halfOpen, load, difficulty, counters);
        this.authPolicy = new AuthPuzzlePolicy(config.puzzles(), clock, verifier, difficulty,
                new SlidingWindowCounter(config.tables().window().toMillis(), now), counters);
    }

    /** A guard with secrets local to this JVM (one member, or tests). */
    public static DosGuard local(DosConfig config, Clock clock, SecureRandom random, DosMetrics metrics) {
        return new DosGuard(config, clock, random,
                new LocalCookieSecretStore(clock, random, config.cookies().secretRotation()), metrics);
    }

    /** Raw checks on any inbound IKE message, before parsing. */
    public Verdict screen(InboundDatagram datagram) {
        return chain.screen(datagram);
    }

    /** The decision for a parsed IKE_SA_INIT request that is not a retransmission. */
    public InitDecision admitInit(InitRequest request) {
        return initPolicy.decide(request);
    }

    /** The engine created a half-open SA for this source (prefer {@link #halfOpenCreated(InitRequest)}). */
    public void halfOpenCreated(InetAddress source) {
        halfOpen.created(tables.prefixes(source));
    }

    /**
     * The engine created a half-open SA for this request: counts it and marks its cookie spent, so
     * the same cookie and puzzle solution cannot create another one later (RFC 8019 §10). Marking
     * here rather than at admission lets a client keep its cookie across an INVALID_KE_PAYLOAD
     * retry (RFC 7296 §2.6.1).
     */
    public void halfOpenCreated(InitRequest request) {
        if (request.cookie() != null) {
            spent.markSpent(StatelessCookies.tagOf(request.cookie()));
        }
        halfOpenCreated(request.source());
    }

    /**
     * Whether the half-open table has room now; asked again right before the expensive work of an
     * accepted request, since requests accepted together may have queued past the cap (RFC 8019
     * §4.1: no state beyond it). A refusal counts as a {@code HALF_OPEN_CAPACITY} drop.
     */
    public boolean halfOpenRoom() {
        if (halfOpen.count() < config.halfOpen().capacity()) {
            return true;
        }
        counters.dropped(DropReason.HALF_OPEN_CAPACITY);
        return false;
    }

    /** A half-open SA of this source completed IKE_AUTH, failed, was deleted or timed out. */
    public void halfOpenRemoved(InetAddress source) {
        halfOpen.removed(tables.prefixes(source));
    }

    /** How long to keep a new half-open SA now (RFC 8019 §4.1): 30 s when calm, down to 2 s at capacity. */
    public Duration halfOpenTimeout() {
        return load.halfOpenTimeout(halfOpen.count());
    }

    /** Retention for a half-open SA of this source: halved for a prefix past its puzzle limits (RFC 8019 §4.1). */
    public Duration halfOpenTimeout(InetAddress source) {
        Duration global = halfOpenTimeout();
        if (!config.enabled()) {
            return global;
        }
        SourceAssessment a = tables.assess(tables.prefixes(source), clock.millis());
        if (a.requirement().compareTo(Requirement.PUZZLE) < 0) {
            return global;
        }
        Duration halved = Duration.ofMillis(global.toMillis() / 2); // Duration#dividedBy goes through BigDecimal
        return halved.compareTo(config.halfOpen().minTimeout()) < 0 ? config.halfOpen().minTimeout() : halved;
    }

    /**
     * The IKE_AUTH puzzle to put in the regular IKE_SA_INIT response, if any (RFC 8019 §7.2.1): only
     * while IKE_AUTH integrity failures indicate an attack and only for a request that solved an
     * IKE_SA_INIT puzzle. The engine keeps the challenge with the half-open SA.
     */
    public Optional<PuzzleChallenge> authPuzzleFor(InitDecision.Accept accepted, List<Integer> offeredPrfs) {
        return authPolicy.challengeFor(accepted, offeredPrfs);
    }

    /**
     * Checks the PS payload of an IKE_AUTH request whose SA was given an IKE_AUTH puzzle, before
     * computing DH and SK_* (RFC 8019 §7.2.4). A drop means: discard silently.
     *
     * @param responderNonce Nr, our IKE_SA_INIT nonce
     * @param responderSpi   SPIr of the SA
     * @param psData         PS payload body, null if absent
     */
    public Verdict checkAuthPuzzle(PuzzleChallenge challenge, byte[] responderNonce, long responderSpi,
            byte[] psData) {
        return authPolicy.check(challenge, responderNonce, responderSpi, psData);
    }

    /** An IKE_AUTH request failed its integrity check: an attack indicator (RFC 8019 §6, §7.2). */
    public void ikeAuthFailed(InetAddress source) {
        authPolicy.integrityFailure();
        tables.recordPressure(tables.prefixes(source), config.tables().authFailureWeight(), clock.millis());
    }

    /** A work queue that reports its drops to this guard's counters. */
    public <T> PriorityAdmission<T> newAdmissionQueue(int capacity) {
        return new PriorityAdmission<>(capacity, counters);
    }

    public DosConfig config() {
        return config;
    }

    public InboundFilterChain filterChain() {
        return chain;
    }

    public DosState state() {
        int h = halfOpen.count();
        DosLevel level = config.enabled() ? load.level(h, clock.millis()) : DosLevel.NORMAL;
        int d = level == DosLevel.PUZZLES && config.puzzles().enabled() ? difficulty.forInit(load.load(h), 0) : 0;
        return new DosState(config.enabled(), level, h, config.halfOpen().capacity(), halfOpenTimeout(), d,
                authPolicy.active(), secrets.current().version(), tables.cells(), spent.capacity(),
                counters.snapshot());
    }
}
