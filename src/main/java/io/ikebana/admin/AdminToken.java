package io.ikebana.admin;

import io.ikebana.crypto.Secret;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;

/**
 * The admin API's bearer token. Compared in constant time (over SHA-256 digests, so not even the
 * length leaks). When the configuration names none, {@link #generate} makes a random one and
 * writes it to a file only its owner can read; the gateway logs the file's path, never the token.
 */
public final class AdminToken {
    private final byte[] digest;
    private final Path file;

    private AdminToken(byte[] token, Path file) {
        this.digest = sha256(token);
        this.file = file;
    }

    /** A token from the configuration (value, file or environment variable). */
    public static AdminToken of(Secret token) {
        if (token == null || token.isEmpty()) {
            throw new IllegalArgumentException("empty admin token");
        }
        return new AdminToken(token.bytes(), null);
    }

    /**
     * A random token (256 bits, base64url) written to a new 0600 file in {@code dir} (created
     * 0700 if missing).
     */
    public static AdminToken generate(SecureRandom random, Path dir) {
        byte[] raw = new byte[32];
        random.nextBytes(raw);
        byte[] token = Base64.getUrlEncoder().withoutPadding().encode(raw);
        try {
            Files.createDirectories(dir);
            Path f = Files.createTempFile(dir, "ikebana-admin-", ".token",
                    PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            Files.write(f, token);
            return new AdminToken(token, f);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the admin token file in " + dir, e);
        } finally {
            java.util.Arrays.fill(raw, (byte) 0);
            java.util.Arrays.fill(token, (byte) 0);
        }
    }

    /** Where a generated token was written; null for a configured one. */
    public Path file() {
        return file;
    }

    /** Checks an {@code Authorization} header value: {@code Bearer <token>}. */
    public boolean accepts(String authorization) {
        if (authorization == null || authorization.length() < 7
                || !authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return false;
        }
        byte[] presented = authorization.substring(7).strip().getBytes(StandardCharsets.UTF_8);
        return MessageDigest.isEqual(digest, sha256(presented));
    }

    /** Deletes a generated token's file. */
    public void deleteFile() {
        if (file != null) {
            try {
                Files.deleteIfExists(file);
            } catch (IOException e) {
                // best effort at shutdown
            }
        }
    }

    private static byte[] sha256(byte[] b) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(b);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public String toString() {
        return "AdminToken[redacted" + (file != null ? ", file " + file : "") + "]";
    }
}
