package io.rescind.store.embedded;

import io.zonky.test.db.postgres.embedded.DefaultPostgresBinaryResolver;
import io.zonky.test.db.postgres.embedded.PgBinaryResolver;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Optional;

/**
 * Hands zonky the bundled PostgreSQL archive and remembers its digest, which names the folder zonky unpacks it to
 * ({@code PG-<md5>}), so Rescind can run the same binaries itself (single-user mode, to set the password).
 */
final class RecordingBinaryResolver implements PgBinaryResolver {
    private volatile String digest;

    @Override
    public InputStream getPgBinary(String system, String machineHardware) throws IOException {
        byte[] archive;
        try (InputStream in = DefaultPostgresBinaryResolver.INSTANCE.getPgBinary(system, machineHardware)) {
            archive = in.readAllBytes();
        }
        try {
            // MD5 only because zonky names the folder by it; it protects nothing here.
            digest = HexFormat.of().formatHex(MessageDigest.getInstance("MD5").digest(archive));
        } catch (NoSuchAlgorithmException e) {
            throw new IOException("MD5 unavailable", e);
        }
        return new ByteArrayInputStream(archive);
    }

    /** The {@code bin} folder of the unpacked binaries, once zonky asked for them. */
    Optional<Path> binDirectory(Path workingDirectory) {
        return Optional.ofNullable(digest)
                .map(d -> workingDirectory.resolve("PG-" + d).resolve("bin"));
    }
}
