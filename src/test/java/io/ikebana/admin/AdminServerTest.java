package io.ikebana.admin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ikebana.crypto.Secret;
import io.ikebana.store.InMemorySaStore;
import io.vertx.core.Vertx;
import java.io.StringWriter;
import java.math.BigInteger;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.Date;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.openssl.jcajce.JcaPKCS8Generator;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.junit.jupiter.api.Test;

/** The generated token file, constant-time checks, and the API over TLS. */
class AdminServerTest {

    @Test
    void generatedTokenGoesToAPrivateFileAndOnlyItsPathIsLogged() throws Exception {
        Path dir = Path.of("target", "tmp", "admin-token-test");
        AdminToken t = AdminToken.generate(new SecureRandom(), dir);
        Path f = t.file();
        assertTrue(Files.exists(f));
        assertEquals(Set.of(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE),
                Files.getPosixFilePermissions(f));
        String token = Files.readString(f);
        assertEquals(43, token.length());
        assertTrue(t.accepts("Bearer " + token));
        assertTrue(t.accepts("bearer " + token));
        assertFalse(t.accepts(token));
        assertFalse(t.accepts("Bearer " + token.substring(1)));
        assertFalse(t.accepts("Basic " + token));
        assertFalse(t.accepts(null));
        assertFalse(t.toString().contains(token));

        // the server's start log names the file, never the token
        StringBuilder logged = new StringBuilder();
        Handler h = new Handler() {
            @Override
            public void publish(LogRecord r) {
                logged.append(r.getMessage()).append('\n');
            }

            @Override
            public void flush() {
            }

            @Override
            public void close() {
            }
        };
        Logger log = Logger.getLogger(AdminServer.class.getName());   // a strong reference: loggers are weakly held
        java.util.logging.Level before = log.getLevel();
        log.setLevel(java.util.logging.Level.INFO);   // the test logging configuration may be quieter
        log.addHandler(h);
        Vertx vertx = Vertx.vertx();
        try {
            AdminServer s = new AdminServer(vertx, new AdminServer.Listen("127.0.0.1", 0, null, null), t,
                    api(), new FakeClusterControl(), () -> "");
            s.start().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
            s.stop().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        } finally {
            log.removeHandler(h);
            log.setLevel(before);
            vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        }
        assertTrue(logged.toString().contains(f.toString()), logged.toString());
        assertFalse(logged.toString().contains(token));
        assertFalse(Files.exists(f), "the generated token's file is removed at stop");
        assertThrows(IllegalArgumentException.class, () -> AdminToken.of(Secret.empty()));
    }

    @Test
    void aBusyPortFailsTheStartWithTheReason() throws Exception {
        Vertx vertx = Vertx.vertx();
        try (java.net.ServerSocket busy = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            AdminServer s = new AdminServer(vertx, new AdminServer.Listen("127.0.0.1", busy.getLocalPort(), null, null),
                    AdminToken.of(Secret.wrap("busy-token-0123456789".getBytes(StandardCharsets.UTF_8))), api(),
                    new FakeClusterControl(), () -> "");
            var e = assertThrows(java.util.concurrent.ExecutionException.class,
                    () -> s.start().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS));
            assertTrue(e.getCause().getMessage().contains("admin.port"), e.getCause().getMessage());
        } finally {
            vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        }
    }

    static AdminApi api() {
        return new AdminApi(new InMemorySaStore(), new io.ikebana.policy.InMemoryAddressPools(Map.of()),
                new FakeClusterControl(), DosControl.unwired(() -> 3), (spi, n) -> { });
    }

    @Test
    void servesOverTls() throws Exception {
        Path dir = Path.of("target", "tmp", "admin-tls-test");
        Files.createDirectories(dir);
        KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
        g.initialize(256);
        KeyPair kp = g.generateKeyPair();
        X500Name cn = new X500Name("CN=localhost");
        long now = System.currentTimeMillis();
        JcaX509v3CertificateBuilder b = new JcaX509v3CertificateBuilder(cn, BigInteger.ONE, new Date(now - 60_000),
                new Date(now + 3_600_000), cn, kp.getPublic());
        b.addExtension(Extension.subjectAlternativeName, false,
                new GeneralNames(new GeneralName(GeneralName.iPAddress, "127.0.0.1")));
        X509Certificate cert = new JcaX509CertificateConverter().getCertificate(
                b.build(new JcaContentSignerBuilder("SHA256withECDSA").build(kp.getPrivate())));
        Path certFile = dir.resolve("admin.crt");
        Path keyFile = dir.resolve("admin.key");
        Files.writeString(certFile, pem(cert));
        Files.writeString(keyFile, pem(new JcaPKCS8Generator(kp.getPrivate(), null)));

        KeyStore trust = KeyStore.getInstance("PKCS12");
        trust.load(null, null);
        trust.setCertificateEntry("admin", cert);
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(trust);
        SSLContext ssl = SSLContext.getInstance("TLS");
        ssl.init(null, tmf.getTrustManagers(), null);
        HttpClient client = HttpClient.newBuilder().sslContext(ssl).connectTimeout(Duration.ofSeconds(5)).build();

        Vertx vertx = Vertx.vertx();
        try {
            AdminServer s = new AdminServer(vertx, new AdminServer.Listen("127.0.0.1", 0, certFile, keyFile),
                    AdminToken.of(Secret.wrap("tls-token-0123456789".getBytes(StandardCharsets.UTF_8))), api(),
                    new FakeClusterControl(), () -> "ikebana_x 1\n");
            int port = s.start().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
            HttpResponse<String> dos = client.send(HttpRequest.newBuilder(URI.create("https://127.0.0.1:" + port
                    + "/api/v1/dos")).header("Authorization", "Bearer tls-token-0123456789").build(),
                    HttpResponse.BodyHandlers.ofString());
            assertEquals(200, dos.statusCode());
            assertTrue(dos.body().contains("\"active\":false"), dos.body());
            assertTrue(dos.body().contains("\"halfOpen\":3"), dos.body());
            HttpResponse<String> settings = client.send(HttpRequest.newBuilder(URI.create("https://127.0.0.1:" + port
                    + "/api/v1/dos/settings")).header("Authorization", "Bearer tls-token-0123456789").build(),
                    HttpResponse.BodyHandlers.ofString());
            assertEquals(503, settings.statusCode(), "no guard: settings unavailable");
            HttpResponse<String> metrics = client.send(HttpRequest.newBuilder(URI.create("https://127.0.0.1:" + port
                    + "/metrics")).build(), HttpResponse.BodyHandlers.ofString());
            assertEquals("ikebana_x 1\n", metrics.body());
            // plain HTTP to the TLS port gets no API answer
            HttpClient plain = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
            assertThrows(Exception.class, () -> {
                HttpResponse<String> r = plain.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port
                        + "/healthz")).timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.ofString());
                if (r.statusCode() == 200) {
                    return;
                }
                throw new IllegalStateException("status " + r.statusCode());
            });
            s.stop().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        } finally {
            vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        }
    }

    private static String pem(Object o) throws Exception {
        StringWriter w = new StringWriter();
        try (JcaPEMWriter p = new JcaPEMWriter(w)) {
            p.writeObject(o);
        }
        return w.toString();
    }
}
