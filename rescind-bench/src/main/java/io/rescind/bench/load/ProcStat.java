package io.rescind.bench.load;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * One line of {@code /proc/<pid>/stat} (proc(5)): the parent, and the CPU time in clock ticks the process spent in
 * user and kernel mode, itself and its children it waited for.
 */
record ProcStat(long pid, long ppid, long utime, long stime, long cutime, long cstime) {
    /** Fields after the command name, which may hold spaces and parentheses: it ends at the last ')'. */
    private static final int PPID = 1;

    private static final int UTIME = 11;
    private static final int STIME = 12;
    private static final int CUTIME = 13;
    private static final int CSTIME = 14;

    static ProcStat parse(String line) {
        int open = line.indexOf(" (");
        int close = line.lastIndexOf(')');
        if (open < 0 || close < open) {
            throw new IllegalArgumentException("not a /proc/<pid>/stat line: " + line);
        }
        String[] fields = line.substring(close + 2).strip().split(" +");
        if (fields.length <= CSTIME) {
            throw new IllegalArgumentException("too few fields in /proc/<pid>/stat: " + line);
        }
        return new ProcStat(
                Long.parseLong(line.substring(0, open).strip()),
                Long.parseLong(fields[PPID]),
                Long.parseLong(fields[UTIME]),
                Long.parseLong(fields[STIME]),
                Long.parseLong(fields[CUTIME]),
                Long.parseLong(fields[CSTIME]));
    }

    /** The process's stat, or empty when it is gone (or was never there). */
    static Optional<ProcStat> read(Path proc, long pid) {
        try {
            return Optional.of(
                    parse(Files.readString(proc.resolve(Long.toString(pid)).resolve("stat"))));
        } catch (IOException | IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    /** Its own CPU time (user + kernel), in clock ticks. */
    long ownTicks() {
        return utime + stime;
    }

    /** Its own CPU time and that of the children it has waited for, in clock ticks. */
    long ticksWithWaitedChildren() {
        return utime + stime + cutime + cstime;
    }
}
