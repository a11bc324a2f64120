package io.rescind.bench.load;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.stream.Stream;

/**
 * The processes of a server under load, read from {@code /proc}: its JVM, and its embedded PostgreSQL (the postmaster
 * named by the first line of {@code <data-dir>/pg/postmaster.pid} and the postmaster's children, found by their
 * parent pid). An external PostgreSQL is not counted: no pid file, database figures of zero, and the reports say so.
 */
final class ServerProcesses {
    private final Path proc;
    private final long jvmPid;
    private final Optional<Path> postmasterPidFile;

    ServerProcesses(Path proc, long jvmPid, Optional<Path> postmasterPidFile) {
        this.proc = proc;
        this.jvmPid = jvmPid;
        this.postmasterPidFile = postmasterPidFile;
    }

    /** CPU time so far, in clock ticks, of the JVM and of the database. */
    record CpuTicks(long jvm, long database) {}

    /** Memory now, in KiB: the JVM's RSS, and the database's processes' PSS and RSS added up. */
    record Memory(long jvmRssKib, long databasePssKib, long databaseRssKib, int databaseProcesses) {
        Memory max(Memory other) {
            return new Memory(
                    Math.max(jvmRssKib, other.jvmRssKib),
                    Math.max(databasePssKib, other.databasePssKib),
                    Math.max(databaseRssKib, other.databaseRssKib),
                    Math.max(databaseProcesses, other.databaseProcesses));
        }
    }

    /**
     * The JVM's own ticks; the database's are the postmaster's, those of its children it has waited for (so a backend
     * that exits within a window still counts: its ticks move from the live sum to the postmaster's), and those of
     * its live children.
     */
    CpuTicks cpu() {
        long jvm = ProcStat.read(proc, jvmPid).map(ProcStat::ownTicks).orElse(0L);
        long database = 0;
        OptionalLong postmaster = postmasterPid();
        if (postmaster.isPresent()) {
            database += ProcStat.read(proc, postmaster.getAsLong())
                    .map(ProcStat::ticksWithWaitedChildren)
                    .orElse(0L);
            for (ProcStat child : children(postmaster.getAsLong())) {
                database += child.ownTicks();
            }
        }
        return new CpuTicks(jvm, database);
    }

    Memory memory() {
        long jvmRss = ProcMemory.rssKib(proc, jvmPid).orElse(0);
        long pss = 0;
        long rss = 0;
        List<Long> database = databasePids();
        for (long pid : database) {
            pss += ProcMemory.pssKib(proc, pid).orElse(0);
            rss += ProcMemory.rssKib(proc, pid).orElse(0);
        }
        return new Memory(jvmRss, pss, rss, database.size());
    }

    /** The postmaster and its children. */
    List<Long> databasePids() {
        List<Long> pids = new ArrayList<>();
        postmasterPid().ifPresent(postmaster -> {
            pids.add(postmaster);
            children(postmaster).forEach(child -> pids.add(child.pid()));
        });
        return pids;
    }

    /** Whether the database's processes are counted (the embedded PostgreSQL), or not (an external one). */
    boolean countsDatabase() {
        return postmasterPidFile.isPresent();
    }

    OptionalLong postmasterPid() {
        if (postmasterPidFile.isEmpty()) {
            return OptionalLong.empty();
        }
        try {
            List<String> lines = Files.readAllLines(postmasterPidFile.get());
            return lines.isEmpty()
                    ? OptionalLong.empty()
                    : OptionalLong.of(Long.parseLong(lines.getFirst().strip()));
        } catch (IOException | NumberFormatException e) {
            return OptionalLong.empty();
        }
    }

    private List<ProcStat> children(long parent) {
        try (Stream<Path> entries = Files.list(proc)) {
            return entries.map(p -> p.getFileName().toString())
                    .filter(name -> name.chars().allMatch(Character::isDigit))
                    .map(name -> ProcStat.read(proc, Long.parseLong(name)))
                    .flatMap(Optional::stream)
                    .filter(stat -> stat.ppid() == parent)
                    .toList();
        } catch (IOException e) {
            return List.of();
        }
    }
}
