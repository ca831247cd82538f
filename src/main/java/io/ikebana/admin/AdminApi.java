package io.ikebana.admin;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.ikebana.ike.IkeSa;
import io.ikebana.ike.IkeSaState;
import io.ikebana.policy.AddressPools;
import io.ikebana.store.SaStore;
import io.vertx.core.Future;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Predicate;
import java.util.logging.Level;
import java.util.logging.Logger;
import java.util.regex.Pattern;

/**
 * The REST API under {@code /api/v1} (see {@code docs/openapi.json}). Handlers never block an
 * event loop: store and pool calls run on workers, cluster and DoS calls return stages. Errors
 * are RFC 9457 problem details. Authentication is the caller's business ({@link AdminServer}
 * puts the bearer check in front).
 */
public final class AdminApi {
    private static final Logger LOG = Logger.getLogger(AdminApi.class.getName());
    public static final String BASE = "/api/v1";
    public static final String OPENAPI_RESOURCE = "/io/ikebana/admin/openapi.json";
    static final int DEFAULT_LIMIT = 100;
    static final int MAX_LIMIT = 1000;
    static final long TIMEOUT_SECONDS = 30;
    private static final Pattern SPI = Pattern.compile("[0-9a-fA-F]{16}");

    /** Deletes IKE SAs: with an INFORMATIONAL Delete to the peer, or silently. */
    public interface SaDeleter {
        void delete(long localSpi, boolean notifyPeer);
    }

    static final ObjectMapper JSON = new ObjectMapper()
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES);

    private final SaStore store;
    private final AddressPools pools;
    private final ClusterControl cluster;
    private final DosControl dos;
    private final SaDeleter deleter;
    private final byte[] openApi;

    public AdminApi(SaStore store, AddressPools pools, ClusterControl cluster, DosControl dos, SaDeleter deleter) {
        this.store = store;
        this.pools = pools;
        this.cluster = cluster;
        this.dos = dos;
        this.deleter = deleter;
        this.openApi = openApiDocument();
    }

    public static byte[] openApiDocument() {
        try (InputStream in = AdminApi.class.getResourceAsStream(OPENAPI_RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException(OPENAPI_RESOURCE + " missing from the jar");
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Adds the API's routes to {@code router} (under {@link #BASE}). */
    public void mount(Router router) {
        router.route(BASE + "/*").handler(BodyHandler.create(false).setBodyLimit(64 * 1024));
        router.get(BASE + "/openapi.json").handler(ctx -> ctx.response()
                .putHeader("Content-Type", "application/json").end(io.vertx.core.buffer.Buffer.buffer(openApi)));

        router.get(BASE + "/members").handler(ctx -> reply(ctx, 200, cluster.members()));
        router.get(BASE + "/members/:name").handler(ctx -> reply(ctx, 200,
                cluster.member(ctx.pathParam("name")).thenApply(m -> m.orElseThrow(() -> Problem.notFound(
                        "unknown-member", "No such member", "no member named '" + ctx.pathParam("name") + "'")))));
        router.post(BASE + "/members/:name/drain").handler(ctx -> reply(ctx, 202,
                cluster.drain(ctx.pathParam("name"))));
        router.post(BASE + "/rebalance").handler(ctx -> reply(ctx, 202, cluster.rebalance()));

        router.get(BASE + "/sas").handler(this::listSas);
        router.get(BASE + "/sas/:spi").handler(ctx -> {
            long spi = spi(ctx);
            blocking(ctx, 200, () -> SaViews.detail(found(spi)));
        });
        router.delete(BASE + "/sas/:spi").handler(ctx -> {
            long spi = spi(ctx);
            String mode = ctx.queryParams().get("mode");
            if (mode != null && !mode.equals("notify") && !mode.equals("silent")) {
                throw Problem.badRequest("mode must be notify or silent");
            }
            boolean notify = !"silent".equals(mode);
            blocking(ctx, 202, () -> {
                found(spi);
                deleter.delete(spi, notify);
                return Map.of("spi", SaViews.spi(spi), "status", "deleting", "mode", notify ? "notify" : "silent");
            });
        });
        router.post(BASE + "/sas/:spi/move").handler(ctx -> {
            long spi = spi(ctx);
            JsonNode body = body(ctx);
            JsonNode member = body.get("member");
            if (member == null || !member.isTextual() || member.asText().isBlank() || body.size() != 1) {
                throw new Problem.Failure(Problem.typed(422, "invalid-request", "Invalid request",
                        "expected {\"member\": \"<member name>\"}"));
            }
            reply(ctx, 202, cluster.move(spi, member.asText()));
        });
        router.post(BASE + "/sas/:spi/clone").handler(ctx -> reply(ctx, 202, cluster.cloneSa(spi(ctx))));

        router.get(BASE + "/dos").handler(ctx -> reply(ctx, 200, dos.state()));
        router.get(BASE + "/dos/settings").handler(ctx -> reply(ctx, 200, dos.settings()));
        router.patch(BASE + "/dos/settings").handler(ctx -> {
            DosControl.SettingsPatch patch;
            try {
                patch = JSON.treeToValue(body(ctx), DosControl.SettingsPatch.class);
            } catch (JsonProcessingException e) {
                throw new Problem.Failure(Problem.typed(422, "invalid-request", "Invalid request",
                        "not a DoS settings patch: " + e.getOriginalMessage()));
            }
            reply(ctx, 200, dos.update(patch));
        });

        router.get(BASE + "/pools").handler(ctx -> blocking(ctx, 200, () -> {
            List<SaViews.PoolView> out = new ArrayList<>();
            for (AddressPools.PoolUsage u : pools.usage()) {
                out.add(SaViews.pool(u, pools.isIpv6(u.name())));
            }
            return out;
        }));
        router.get(BASE + "/pools/:name").handler(ctx -> blocking(ctx, 200, () -> pool(ctx.pathParam("name"))));
        router.get(BASE + "/pools/:name/leases").handler(ctx -> {
            String name = ctx.pathParam("name");
            int limit = limit(ctx);
            int offset = offset(ctx);
            blocking(ctx, 200, () -> {
                pool(name);
                List<AddressPools.Lease> all = pools.leases(name);
                List<SaViews.LeaseView> items = new ArrayList<>();
                for (int i = offset; i < all.size() && items.size() < limit; i++) {
                    items.add(SaViews.lease(all.get(i)));
                }
                String next = offset + items.size() < all.size()
                        ? BASE + "/pools/" + enc(name) + "/leases?limit=" + limit + "&offset=" + (offset + limit) : null;
                return new SaViews.Page<>(items, offset, limit, all.size(), next);
            });
        });
    }

    private SaViews.PoolView pool(String name) {
        for (AddressPools.PoolUsage u : pools.usage()) {
            if (u.name().equals(name)) {
                return SaViews.pool(u, pools.isIpv6(name));
            }
        }
        throw Problem.notFound("unknown-pool", "No such pool", "no pool named '" + name + "'");
    }

    private IkeSa found(long spi) {
        IkeSa sa = store.peek(spi);
        if (sa == null) {
            throw Problem.notFound("unknown-sa", "No such IKE SA", "no IKE SA with local SPI " + SaViews.spi(spi));
        }
        return sa;
    }

    private void listSas(RoutingContext ctx) {
        int limit = limit(ctx);
        int offset = offset(ctx);
        String member = ctx.queryParams().get("member");
        String identity = ctx.queryParams().get("identity");
        String address = ctx.queryParams().get("address");
        String state = ctx.queryParams().get("state");
        List<Predicate<IkeSa>> tests = new ArrayList<>();
        StringBuilder q = new StringBuilder();
        if (member != null) {
            tests.add(sa -> member.equals(sa.owner()));
            q.append("&member=").append(enc(member));
        }
        if (identity != null) {
            tests.add(sa -> sa.remoteId() != null && identity.equals(sa.remoteId().toString()));
            q.append("&identity=").append(enc(identity));
        }
        if (address != null) {
            InetAddress a = address(address);
            tests.add(sa -> (sa.remote() != null && a.equals(sa.remote().getAddress()))
                    || sa.virtualIps().contains(a));
            q.append("&address=").append(enc(address));
        }
        if (state != null) {
            IkeSaState s;
            try {
                s = IkeSaState.valueOf(state.toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw Problem.badRequest("state must be one of established, rekeying, rekeyed, deleting");
            }
            tests.add(sa -> sa.state() == s);
            q.append("&state=").append(enc(state));
        }
        Predicate<IkeSa> filter = sa -> {
            for (Predicate<IkeSa> t : tests) {
                if (!t.test(sa)) {
                    return false;
                }
            }
            return true;
        };
        blocking(ctx, 200, () -> {
            List<IkeSa> found = store.list(filter, offset, limit + 1);
            List<SaViews.SaSummary> items = new ArrayList<>();
            for (int i = 0; i < Math.min(limit, found.size()); i++) {
                items.add(SaViews.summary(found.get(i)));
            }
            String next = found.size() > limit
                    ? BASE + "/sas?limit=" + limit + "&offset=" + (offset + limit) + q : null;
            return new SaViews.Page<>(items, offset, limit, tests.isEmpty() ? store.size() : null, next);
        });
    }

    // ---------------------------------------------------------------- helpers

    static long spi(RoutingContext ctx) {
        String s = ctx.pathParam("spi");
        if (s == null || !SPI.matcher(s).matches()) {
            throw Problem.badRequest("an IKE SA is named by its local SPI in 16 hex digits");
        }
        return Long.parseUnsignedLong(s, 16);
    }

    static int limit(RoutingContext ctx) {
        int v = intParam(ctx, "limit", DEFAULT_LIMIT);
        if (v < 1 || v > MAX_LIMIT) {
            throw Problem.badRequest("limit must be in 1.." + MAX_LIMIT);
        }
        return v;
    }

    static int offset(RoutingContext ctx) {
        int v = intParam(ctx, "offset", 0);
        if (v < 0) {
            throw Problem.badRequest("offset must be >= 0");
        }
        return v;
    }

    private static int intParam(RoutingContext ctx, String name, int def) {
        String s = ctx.queryParams().get(name);
        if (s == null) {
            return def;
        }
        try {
            return Integer.parseInt(s);
        } catch (NumberFormatException e) {
            throw Problem.badRequest(name + " must be an integer");
        }
    }

    static InetAddress address(String s) {
        // literals only: a dotted quad or something with a colon (IPv6), so no name is ever resolved
        if (!s.matches("\\d{1,3}(\\.\\d{1,3}){3}") && !s.matches("[0-9a-fA-F:.]*:[0-9a-fA-F:.]*")) {
            throw Problem.badRequest("address must be an IP address");
        }
        try {
            return InetAddress.getByName(s);
        } catch (IOException e) {
            throw Problem.badRequest("address must be an IP address");
        }
    }

    static JsonNode body(RoutingContext ctx) {
        String ct = ctx.request().getHeader("Content-Type");
        if (ct == null || !ct.toLowerCase(Locale.ROOT).startsWith("application/json")
                && !ct.toLowerCase(Locale.ROOT).startsWith("application/merge-patch+json")) {
            throw new Problem.Failure(Problem.of(415, "send application/json"));
        }
        if (ctx.body() == null || ctx.body().buffer() == null || ctx.body().length() == 0) {
            throw Problem.badRequest("a JSON body is required");
        }
        try {
            JsonNode n = JSON.readTree(ctx.body().buffer().getBytes());
            if (n == null || !n.isObject()) {
                throw Problem.badRequest("the body must be a JSON object");
            }
            return n;
        } catch (IOException e) {
            throw Problem.badRequest("the body is not valid JSON");
        }
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    /** Runs blocking work on a worker and answers with its result. */
    static <T> void blocking(RoutingContext ctx, int status, java.util.concurrent.Callable<T> work) {
        respond(ctx, status, ctx.vertx().executeBlocking(work, false));
    }

    static <T> void reply(RoutingContext ctx, int status, CompletionStage<T> stage) {
        respond(ctx, status, Future.fromCompletionStage(stage, ctx.vertx().getOrCreateContext()));
    }

    private static <T> void respond(RoutingContext ctx, int status, Future<T> f) {
        f.timeout(TIMEOUT_SECONDS, TimeUnit.SECONDS).onComplete(ar -> {
            if (ar.succeeded()) {
                json(ctx, status, ar.result());
            } else {
                fail(ctx, ar.cause());
            }
        });
    }

    static void json(RoutingContext ctx, int status, Object body) {
        if (ctx.response().ended()) {
            return;
        }
        byte[] bytes;
        try {
            bytes = JSON.writeValueAsBytes(body);
        } catch (JsonProcessingException e) {
            fail(ctx, e);
            return;
        }
        ctx.response().setStatusCode(status).putHeader("Content-Type", "application/json")
                .putHeader("Cache-Control", "no-store").end(io.vertx.core.buffer.Buffer.buffer(bytes));
    }

    /** Answers with the problem a failure stands for. */
    public static void fail(RoutingContext ctx, Throwable t) {
        Throwable c = t;
        while ((c instanceof java.util.concurrent.CompletionException
                || c instanceof java.util.concurrent.ExecutionException) && c.getCause() != null) {
            c = c.getCause();
        }
        Problem p;
        if (c instanceof Problem.Failure f) {
            p = f.problem();
        } else if (c instanceof ClusterException ce) {
            p = new Problem(ce.kind().type(), ce.kind().title(), ce.kind().status(), ce.getMessage(), null);
        } else if (c instanceof IllegalArgumentException) {
            p = Problem.typed(422, "invalid-request", "Invalid request", c.getMessage());
        } else if (c instanceof TimeoutException) {
            p = Problem.typed(504, "timeout", "Timed out", "no answer within " + TIMEOUT_SECONDS + " s");
        } else {
            LOG.log(Level.WARNING, "admin request " + ctx.request().method() + " " + ctx.request().path() + " failed", c);
            p = Problem.of(500, "internal error; see the gateway log");
        }
        problem(ctx, p.at(ctx.request().path()));
    }

    static void problem(RoutingContext ctx, Problem p) {
        if (ctx.response().ended()) {
            return;
        }
        try {
            ctx.response().setStatusCode(p.status()).putHeader("Content-Type", Problem.MEDIA_TYPE)
                    .putHeader("Cache-Control", "no-store").end(JSON.writeValueAsString(p));
        } catch (JsonProcessingException e) {
            ctx.response().setStatusCode(500).end();
        }
    }
}
