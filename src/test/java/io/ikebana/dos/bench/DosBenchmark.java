package io.ikebana.dos.bench;

import io.ikebana.dos.DosConfig;
import io.ikebana.dos.DosGuard;
import io.ikebana.dos.DosMetrics;
import io.ikebana.dos.HalfOpenConfig;
import io.ikebana.dos.InboundDatagram;
import io.ikebana.dos.InitDecision;
import io.ikebana.dos.InitRequest;
import io.ikebana.dos.Transport;
import io.ikebana.dos.Verdict;
import io.ikebana.dos.cookie.CookieBinding;
import io.ikebana.dos.cookie.CookieCheck;
import io.ikebana.dos.cookie.LocalCookieSecretStore;
import io.ikebana.dos.cookie.StatelessCookies;
import io.ikebana.dos.puzzle.PrfAlgorithm;
import io.ikebana.dos.puzzle.PuzzleChallenge;
import io.ikebana.dos.puzzle.PuzzleInputs;
import io.ikebana.dos.puzzle.PuzzlePrf;
import io.ikebana.dos.puzzle.PuzzleSolver;
import io.ikebana.dos.puzzle.PuzzleVerification;
import io.ikebana.dos.puzzle.PuzzleVerifier;
import io.ikebana.dos.puzzle.SolveBudget;
import java.net.InetAddress;
import java.nio.ByteBuffer;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.Options;
import org.openjdk.jmh.runner.options.OptionsBuilder;

/**
 * Cost of the guard's hot paths. Run (short, for a 2-core machine):
 *
 * <pre>
 * mvn -B -q -o test-compile dependency:build-classpath -Dmdep.outputFile=target/cp.txt -Dmdep.includeScope=test
 * java -cp target/test-classes:target/classes:$(cat target/cp.txt) io.ikebana.dos.bench.DosBenchmark
 * </pre>
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class DosBenchmark {
    private StatelessCookies cookies;
    private CookieBinding binding;
    private byte[] cookie;
    private PuzzleVerifier verifier;
    private byte[] puzzleCookie;
    private byte[] solution;
    private DosGuard guard;
    private InboundDatagram datagram;
    private InitRequest withCookie;
    private long spi;

    @Setup
    public void setup() throws Exception {
        Clock clock = Clock.systemUTC();
        SecureRandom random = new SecureRandom();
        cookies = new StatelessCookies(new LocalCookieSecretStore(clock, random, Duration.ofSeconds(60)), clock, random,
                Duration.ofSeconds(30), false);
        byte[] ni = new byte[32];
        random.nextBytes(ni);
        InetAddress ip = InetAddress.getByName("198.51.100.7");
        binding = new CookieBinding(ni, ip, 0x1122334455667788L, 500, Transport.UDP);
        cookie = cookies.issue(binding, null, 1, null);

        PuzzlePrf prf = new PuzzlePrf();
        verifier = new PuzzleVerifier(prf);
        PuzzleChallenge p = new PuzzleChallenge(PrfAlgorithm.HMAC_SHA2_256, 12);
        puzzleCookie = cookies.issue(binding, p, 1, null);
        solution = new PuzzleSolver(prf, clock).solve(p, PuzzleInputs.forInit(puzzleCookie), SolveBudget.defaults())
                .solution().encode();

        // cookie level everywhere: every request below has to bring a valid cookie
        DosConfig cfg = DosConfig.defaults().withHalfOpen(HalfOpenConfig.defaults().withThresholds(1, 200, 20_000));
        guard = DosGuard.local(cfg, clock, random, DosMetrics.noop());
        guard.halfOpenCreated(InetAddress.getByName("192.0.2.99"));
        byte[] msg = ByteBuffer.allocate(300).putLong(0x1122334455667788L).putLong(0).put((byte) 33).put((byte) 0x20)
                .put((byte) 34).put((byte) 0x08).putInt(0).putInt(300).array();
        datagram = new InboundDatagram(ip, 500, null, Transport.UDP, msg);
        InitRequest first = new InitRequest(ip, 500, null, Transport.UDP, 0x1122334455667788L, ni, null, null,
                List.of(5));
        byte[] c = ((InitDecision.RequireCookie) guard.admitInit(first)).cookie();
        withCookie = first.withCookie(c, null);
    }

    @Benchmark
    public byte[] cookieIssue() {
        return cookies.issue(binding, null, 1, null);
    }

    @Benchmark
    public CookieCheck cookieVerify() {
        return cookies.verify(binding, cookie);
    }

    /** Four HMAC-SHA-256 calls: the responder's whole cost of checking an IKE_SA_INIT solution. */
    @Benchmark
    public PuzzleVerification puzzleVerify() {
        return verifier.verify(PrfAlgorithm.HMAC_SHA2_256, puzzleCookie, solution);
    }

    /** The whole filter chain on a well-formed IKE_SA_INIT request, incl. per-prefix rate accounting. */
    @Benchmark
    public Verdict screenInitRequest() {
        return guard.screen(datagram);
    }

    /**
     * A request without cookie at cookie level: assess prefixes, issue a cookie. Each source is in
     * its own IPv6 /48, so no prefix runs out of its cookie budget (includes building the address).
     */
    @Benchmark
    public InitDecision admitChallenge() throws java.net.UnknownHostException {
        long n = io.ikebana.dos.table.PrefixHasher.mix(++spi);
        byte[] a = new byte[16];
        a[0] = 0x20;
        a[1] = 0x01;
        for (int i = 2; i < 10; i++) {
            a[i] = (byte) (n >>> (8 * (i - 2)));
        }
        a[15] = 1;
        InitRequest r = new InitRequest(InetAddress.getByAddress(a), 500, null, Transport.UDP, spi,
                withCookie.nonceI(), null, null, withCookie.offeredPrfs());
        return guard.admitInit(r);
    }

    /** A request returning a valid cookie: verify it, assess prefixes, accept. */
    @Benchmark
    public InitDecision admitWithCookie() {
        return guard.admitInit(withCookie);
    }

    public static void main(String[] args) throws RunnerException {
        Options opt = new OptionsBuilder()
                .include(DosBenchmark.class.getName())
                .forks(1)
                .threads(1)
                .warmupIterations(2)
                .warmupTime(org.openjdk.jmh.runner.options.TimeValue.seconds(1))
                .measurementIterations(5)
                .measurementTime(org.openjdk.jmh.runner.options.TimeValue.seconds(2))
                .build();
        new Runner(opt).run();
    }
}
