package io.rescind.bench.load;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;

/**
 * The disk's fsync latency, the floor of a durable revocation (issue 5: a global revocation's p99 is held to the
 * fsync p99 + 2 ms): {@code count} writes of one 8 KiB page (PostgreSQL's WAL block) at the start of a file in
 * {@code dir}, each followed by {@code fdatasync}, as a commit's WAL flush does.
 */
final class FsyncProbe {
    static final int PAGE = 8192;

    /** Latency percentiles, in microseconds. */
    record Latency(int count, long p50Micros, long p99Micros, long maxMicros) {
        String describe() {
            return "%d writes of 8 KiB + fdatasync: p50 %.2f ms, p99 %.2f ms, max %.2f ms"
                    .formatted(count, p50Micros / 1000.0, p99Micros / 1000.0, maxMicros / 1000.0);
        }
    }

    private FsyncProbe() {}

    static Latency measure(Path dir, int count) {
        if (count < 1) {
            throw new IllegalArgumentException("at least one write");
        }
        Path file = dir.resolve("rescind-fsync-probe");
        long[] micros = new long[count];
        try (var channel = FileChannel.open(
                file, StandardOpenOption.CREATE, StandardOpenOption.WRITE, StandardOpenOption.DELETE_ON_CLOSE)) {
            ByteBuffer page = ByteBuffer.allocateDirect(PAGE);
            for (int i = 0; i < count; i++) {
                page.clear();
                page.putLong(0, i);
                long start = System.nanoTime();
                channel.write(page, 0);
                channel.force(false);
                micros[i] = (System.nanoTime() - start) / 1_000;
            }
        } catch (IOException e) {
            throw new LoadException("cannot measure fsync in " + dir + ": " + e.getMessage(), e);
        } finally {
            try {
                Files.deleteIfExists(file);
            } catch (IOException e) {
                // DELETE_ON_CLOSE removed it, or the folder is gone
            }
        }
        Arrays.sort(micros);
        return new Latency(count, percentile(micros, 50), percentile(micros, 99), micros[count - 1]);
    }

    /** The nearest-rank percentile of sorted values. */
    static long percentile(long[] sorted, int percent) {
        int rank = (int) Math.ceil(percent / 100.0 * sorted.length);
        return sorted[Math.max(0, rank - 1)];
    }
}
