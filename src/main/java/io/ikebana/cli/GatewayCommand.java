package io.ikebana.cli;

import io.ikebana.Gateway;
import io.ikebana.config.ConfigException;
import io.ikebana.config.ConfigLoader;
import io.ikebana.config.GatewayConfig;
import io.ikebana.metrics.GatewayMetrics;
import io.vertx.core.Vertx;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code ikebana gateway}: runs one gateway node until interrupted. */
@Command(name = "gateway", mixinStandardHelpOptions = true,
        description = "Run a gateway node (default: the embedded one-node configuration).")
public final class GatewayCommand implements Callable<Integer> {

    @Option(names = {"-c", "--config"}, paramLabel = "FILE",
            description = "gateway configuration (YAML); default: the embedded gateway/gateway.yaml")
    Path config;

    @Override
    public Integer call() throws Exception {
        GatewayConfig cfg;
        try {
            cfg = config == null ? new ConfigLoader().loadEmbedded() : new ConfigLoader().load(config);
        } catch (ConfigException e) {
            System.err.println("configuration error: " + e.getMessage());
            return 2;
        }
        // Vert.x reports its own metrics (vertx_*) to the gateway's registry
        GatewayMetrics metrics = new GatewayMetrics();
        Vertx vertx = metrics.newVertx();
        Gateway gw = new Gateway(cfg, vertx, metrics);
        try {
            gw.start().toCompletionStage().toCompletableFuture().join();
        } catch (RuntimeException e) {
            System.err.println("cannot start: " + (e.getCause() != null ? e.getCause().getMessage() : e.getMessage()));
            vertx.close();
            return 1;
        }
        CountDownLatch stop = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            gw.close();
            vertx.close().toCompletionStage().toCompletableFuture().join();
            stop.countDown();
        }, "shutdown"));
        stop.await();
        return 0;
    }
}
