package io.ikebana.metrics;

import io.ikebana.dos.DosMetrics;
import io.ikebana.store.SaStore;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.jvm.ClassLoaderMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.FileDescriptorMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.prometheus.PrometheusConfig;
import io.micrometer.prometheus.PrometheusMeterRegistry;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.micrometer.Label;
import io.vertx.micrometer.MicrometerMetricsFactory;
import io.vertx.micrometer.MicrometerMetricsOptions;
import java.util.EnumSet;

/**
 * The metrics of one gateway process: a Prometheus registry with the JVM binders, the Micrometer
 * implementations of the engine's, the DoS guard's and the data plane's metric interfaces, and a
 * Vert.x instance whose own metrics ({@code vertx_*}) land in the same registry.
 *
 * <p>Our series are named {@code ikebana_<area>_<measure>} with labels from enums only; the JVM's
 * are {@code jvm_*}, {@code process_*}, {@code system_*}, Vert.x's {@code vertx_*} (with only the
 * method/code/pool labels: never a remote or local address).
 */
@SuppressWarnings("deprecation") // the simpleclient Prometheus registry: the one this project depends on
public final class GatewayMetrics implements AutoCloseable {
    /** Prometheus text exposition format 0.0.4. */
    public static final String CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";

    private final PrometheusMeterRegistry registry;
    private final JvmGcMetrics gc;
    private final IkeMetrics ike;
    private final DosMetrics dos;
    private final EspMeters esp;

    public GatewayMetrics() {
        registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        new ClassLoaderMetrics().bindTo(registry);
        new JvmMemoryMetrics().bindTo(registry);
        gc = new JvmGcMetrics();
        gc.bindTo(registry);
        new JvmThreadMetrics().bindTo(registry);
        new ProcessorMetrics().bindTo(registry);
        new UptimeMetrics().bindTo(registry);
        new FileDescriptorMetrics().bindTo(registry);
        ike = new MicrometerIkeMetrics(registry);
        dos = new MicrometerDosMetrics(registry);
        esp = new EspMeters(registry);
    }

    public MeterRegistry registry() {
        return registry;
    }

    public IkeMetrics ike() {
        return ike;
    }

    public DosMetrics dos() {
        return dos;
    }

    /** The data plane's meters ({@code ikebana_esp_*}). */
    public EspMeters esp() {
        return esp;
    }

    /** {@code store} with its calls timed into this registry. */
    public SaStore timed(SaStore store) {
        return new TimedSaStore(store, registry);
    }

    /** The whole registry in the Prometheus text format. */
    public String scrape() {
        return registry.scrape();
    }

    /** Vert.x options whose metrics go to this registry (JVM metrics are bound here already). */
    public VertxOptions vertxOptions() {
        return new VertxOptions().setMetricsOptions(new MicrometerMetricsOptions().setEnabled(true)
                .setJvmMetricsEnabled(false)
                .setLabels(EnumSet.of(Label.HTTP_METHOD, Label.HTTP_CODE, Label.POOL_TYPE, Label.POOL_NAME)));
    }

    /** A Vert.x instance reporting to this registry. */
    public Vertx newVertx() {
        return Vertx.builder().with(vertxOptions()).withMetrics(new MicrometerMetricsFactory(registry)).build();
    }

    @Override
    public void close() {
        gc.close();
        registry.close();
    }
}
