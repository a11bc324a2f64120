package io.rescind.bench.load;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.OptionalLong;

/**
 * Memory of a process from {@code /proc}: {@code VmRSS} of {@code status}, and {@code Rss} and {@code Pss} of
 * {@code smaps_rollup} (PSS divides each shared page between the processes that map it, so the PSS of PostgreSQL's
 * processes add up to what they use together, shared buffers counted once; their RSS would count them in each).
 */
final class ProcMemory {
    private ProcMemory() {}

    /** A {@code kB} field of a {@code /proc} file ({@code "Name:   1234 kB"}), in KiB. */
    static OptionalLong kibField(String text, String name) {
        for (String line : text.split("\n")) {
            if (line.startsWith(name + ":")) {
                String value = line.substring(name.length() + 1).strip();
                int space = value.indexOf(' ');
                return OptionalLong.of(Long.parseLong(space < 0 ? value : value.substring(0, space)));
            }
        }
        return OptionalLong.empty();
    }

    /** {@code VmRSS} of {@code /proc/<pid>/status}, in KiB; empty when the process is gone. */
    static OptionalLong rssKib(Path proc, long pid) {
        return field(proc.resolve(Long.toString(pid)).resolve("status"), "VmRSS");
    }

    /** {@code Pss} of {@code /proc/<pid>/smaps_rollup}, in KiB; empty when the process is gone. */
    static OptionalLong pssKib(Path proc, long pid) {
        return field(proc.resolve(Long.toString(pid)).resolve("smaps_rollup"), "Pss");
    }

    private static OptionalLong field(Path file, String name) {
        try {
            return kibField(Files.readString(file), name);
        } catch (IOException | NumberFormatException e) {
            return OptionalLong.empty();
        }
    }
}
