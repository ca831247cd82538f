package io.ikebana.admin;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.net.PemKeyCertOptions;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.nio.file.Path;
import java.util.Map;
import java.util.function.Supplier;
import java.util.logging.Logger;

/**
 * The admin HTTP server of a node: {@code /healthz}, {@code /readyz} and {@code /metrics} without
 * authentication (no secrets, no peer data: labels are enums), and the REST API under
 * {@code /api/v1} behind the bearer token. Optionally TLS (PEM certificate chain and key).
 */
public final class AdminServer {
    private static final Logger LOG = Logger.getLogger(AdminServer.class.getName());

    /** Where and how to listen. {@code port} 0 picks a free port. */
    public record Listen(String address, int port, Path tlsCertificate, Path tlsPrivateKey) {
        boolean tls() {
            return tlsCertificate != null;
        }
    }

    private final Vertx vertx;
    private final Listen listen;
    private final AdminToken token;
    private final AdminApi api;
    private final ClusterControl cluster;
    private final Supplier<String> scrape;
    private HttpServer server;

    /**
     * @param scrape the Prometheus text of the node's registry; may block (runs on a worker)
     */
    public AdminServer(Vertx vertx, Listen listen, AdminToken token, AdminApi api, ClusterControl cluster,
            Supplier<String> scrape) {
        this.vertx = vertx;
        this.listen = listen;
        this.token = token;
        this.api = api;
        this.cluster = cluster;
        this.scrape = scrape;
    }

    public Router router() {
        Router router = Router.router(vertx);
        router.get("/healthz").handler(ctx -> AdminApi.json(ctx, 200, Map.of("status", "up")));
        router.get("/readyz").handler(this::ready);
        router.get("/metrics").handler(ctx -> ctx.vertx().executeBlocking(scrape::get, false).onComplete(ar -> {
            if (ar.succeeded()) {
                ctx.response().putHeader("Content-Type", io.ikebana.metrics.GatewayMetrics.CONTENT_TYPE)
                        .end(ar.result());
            } else {
                AdminApi.fail(ctx, ar.cause());
            }
        }));
        router.route(AdminApi.BASE + "/*").handler(this::authenticate);
        router.route(AdminApi.BASE).handler(this::authenticate);
        api.mount(router);
        router.route().failureHandler(ctx -> {
            if (ctx.failure() != null) {
                AdminApi.fail(ctx, ctx.failure());
            } else {
                AdminApi.problem(ctx, Problem.of(ctx.statusCode() > 0 ? ctx.statusCode() : 500, null)
                        .at(ctx.request().path()));
            }
        });
        for (int status : new int[] {400, 404, 405, 413, 415, 500}) {
            router.errorHandler(status, ctx -> AdminApi.problem(ctx,
                    Problem.of(status, status == 404 ? "no such resource" : null).at(ctx.request().path())));
        }
        return router;
    }

    private void authenticate(RoutingContext ctx) {
        String auth = ctx.request().getHeader("Authorization");
        if (token.accepts(auth)) {
            ctx.next();
            return;
        }
        // RFC 6750 §3: a challenge; error=invalid_token only when a token was presented
        ctx.response().putHeader("WWW-Authenticate",
                auth == null ? "Bearer realm=\"ikebana\"" : "Bearer realm=\"ikebana\", error=\"invalid_token\"");
        AdminApi.problem(ctx, Problem.typed(401, "unauthorized", "Unauthorized",
                "send Authorization: Bearer <admin token>").at(ctx.request().path()));
    }

    private void ready(RoutingContext ctx) {
        Future.fromCompletionStage(cluster.ready(), ctx.vertx().getOrCreateContext())
                .timeout(5, java.util.concurrent.TimeUnit.SECONDS).onComplete(ar -> {
                    Map<String, Object> body = new java.util.LinkedHashMap<>();
                    boolean ok = ar.succeeded() && ar.result().ready();
                    body.put("status", ok ? "ready" : "not-ready");
                    if (ar.succeeded()) {
                        body.put("members", ar.result().members());
                        body.put("minimumMembers", ar.result().minimumMembers());
                        if (ar.result().reason() != null) {
                            body.put("reason", ar.result().reason());
                        }
                    } else {
                        body.put("reason", "the cluster does not answer");
                    }
                    AdminApi.json(ctx, ok ? 200 : 503, body);
                });
    }

    /** Binds; the future holds the port. */
    public Future<Integer> start() {
        HttpServerOptions opts = new HttpServerOptions().setHost(listen.address()).setPort(listen.port())
                .setCompressionSupported(false).setIdleTimeout(60);
        if (listen.tls()) {
            opts.setSsl(true).setKeyCertOptions(new PemKeyCertOptions()
                    .setCertPath(listen.tlsCertificate().toString()).setKeyPath(listen.tlsPrivateKey().toString()));
        }
        Router router = router();
        return vertx.createHttpServer(opts).requestHandler(router).listen().map(s -> {
            server = s;
            LOG.info("admin API on " + (listen.tls() ? "https" : "http") + "://" + listen.address() + ":"
                    + s.actualPort() + " (/api/v1, /metrics, /healthz, /readyz)"
                    + (token.file() != null ? "; generated bearer token in " + token.file() : ""));
            return s.actualPort();
        }).recover(e -> Future.failedFuture(new IllegalStateException("admin API cannot listen on "
                + listen.address() + ":" + listen.port() + ": " + e.getMessage()
                + " (set admin.port, or admin.enabled: false)", e)));
    }

    public int port() {
        return server == null ? -1 : server.actualPort();
    }

    public Future<Void> stop() {
        token.deleteFile();
        return server == null ? Future.succeededFuture() : server.close();
    }
}
