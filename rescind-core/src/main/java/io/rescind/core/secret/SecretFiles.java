package io.rescind.core.secret;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;

/** Files that hold secrets: written atomically with mode 0600, in folders with mode 0700. */
public final class SecretFiles {
    private SecretFiles() {}

    /** Creates {@code dir} (and parents) if needed and restricts it to its owner. */
    public static Path privateDirectory(Path dir) {
        try {
            Files.createDirectories(dir);
            if (supportsPosix(dir)) {
                Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwx------"));
            }
            return dir;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create private folder " + dir, e);
        }
    }

    /** Writes {@code content} to {@code file} with mode 0600; the file never exists with wider permissions. */
    public static void write(Path file, String content) {
        Path dir = file.toAbsolutePath().getParent();
        try {
            Files.createDirectories(dir);
            Path temp = temporary(dir);
            Files.writeString(temp, content, StandardCharsets.UTF_8);
            Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
    }

    /**
     * Writes the file only if it does not exist yet, atomically (a hard link of a complete temporary file), so two
     * processes racing to create it agree on one content; answers whether this call wrote it.
     */
    public static boolean writeNew(Path file, String content) {
        Path dir = file.toAbsolutePath().getParent();
        try {
            Files.createDirectories(dir);
            Path temp = temporary(dir);
            try {
                Files.writeString(temp, content, StandardCharsets.UTF_8);
                Files.createLink(file, temp);
                return true;
            } catch (FileAlreadyExistsException e) {
                return false;
            } finally {
                Files.deleteIfExists(temp);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
    }

    /** The file's content without the trailing line break (a secret file may end with one). */
    public static String read(Path file) {
        try {
            return Files.readString(file, StandardCharsets.UTF_8).strip();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
    }

    private static Path temporary(Path dir) throws IOException {
        return supportsPosix(dir)
                ? Files.createTempFile(
                        dir,
                        ".tmp-",
                        "",
                        PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")))
                : Files.createTempFile(dir, ".tmp-", "");
    }

    private static boolean supportsPosix(Path path) {
        Set<String> views = path.getFileSystem().supportedFileAttributeViews();
        return views.contains("posix");
    }
}
