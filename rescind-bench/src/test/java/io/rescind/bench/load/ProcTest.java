package io.rescind.bench.load;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Reading the server's processes in /proc (proc(5)): CPU ticks, parents, memory. */
class ProcTest {
    /** A stat line: pid, comm, state, ppid, then fields up to cstime (utime 14, stime 15, cutime 16, cstime 17). */
    static String stat(long pid, String comm, long ppid, long utime, long stime, long cutime, long cstime) {
        return "%d (%s) S %d %d %d 0 -1 4194560 1000 0 0 0 %d %d %d %d 20 0 1 0 100 8000000 2000 18446744073709551615"
                .formatted(pid, comm, ppid, pid, pid, utime, stime, cutime, cstime);
    }

    @Nested
    class Stat {
        @Test
        void readsParentAndCpuTicks() {
            ProcStat s = ProcStat.parse(stat(42, "java", 7, 300, 20, 5, 1));

            assertThat(s).isEqualTo(new ProcStat(42, 7, 300, 20, 5, 1));
            assertThat(s.ownTicks()).isEqualTo(320);
            assertThat(s.ticksWithWaitedChildren()).isEqualTo(326);
        }

        @Test
        void aCommandNameWithSpacesAndParenthesesEndsAtTheLastParenthesis() {
            ProcStat s = ProcStat.parse(stat(43, "postgres: walwriter (x) ", 42, 11, 12, 13, 14));

            assertThat(s).isEqualTo(new ProcStat(43, 42, 11, 12, 13, 14));
        }

        @Test
        void aLineThatIsNotAStatLine() {
            assertThatThrownBy(() -> ProcStat.parse("VmRSS: 12 kB")).isInstanceOf(IllegalArgumentException.class);
        }
    }

    @Nested
    class Memory {
        @Test
        void readsAKibField() {
            String status = "Name:\tjava\nVmPeak:\t 9000 kB\nVmRSS:\t  301234 kB\nThreads:\t40\n";

            assertThat(ProcMemory.kibField(status, "VmRSS")).hasValue(301_234);
            assertThat(ProcMemory.kibField(status, "VmSwap")).isEmpty();
        }

        @Test
        void pssIsNotPssDirtyOrPssAnon() {
            String rollup = "55c9-7ffc ---p 00000000 00:00 0   [rollup]\nRss:  31724 kB\nPss:  13639 kB\n"
                    + "Pss_Dirty:  13313 kB\nPss_Anon:  257 kB\n";

            assertThat(ProcMemory.kibField(rollup, "Pss")).hasValue(13_639);
            assertThat(ProcMemory.kibField(rollup, "Rss")).hasValue(31_724);
        }
    }

    /** A fake /proc: a JVM (pid 100), a postmaster (200) with two children, and an unrelated process. */
    @Nested
    class ServerTree {
        @TempDir
        Path proc;

        Path pidFile;

        ServerProcesses tree() throws IOException {
            process(100, "java", 1, 500, 100, 7, 3, 400_000, 0);
            process(200, "postgres", 1, 40, 10, 30, 20, 30_000, 12_000);
            process(201, "postgres", 200, 100, 50, 0, 0, 20_000, 5_000);
            process(202, "postgres", 200, 7, 3, 0, 0, 15_000, 3_000);
            process(300, "bash", 1, 9_999, 9_999, 0, 0, 9_999, 9_999);
            Files.createDirectories(proc.resolve("self"));
            pidFile = Files.writeString(proc.resolve("postmaster.pid"), "200\n/data/pg\n1700000000\n5432\n");
            return new ServerProcesses(proc, 100, Optional.of(pidFile));
        }

        void process(
                long pid, String comm, long ppid, long utime, long stime, long cutime, long cstime, long rss, long pss)
                throws IOException {
            Path dir = Files.createDirectories(proc.resolve(Long.toString(pid)));
            Files.writeString(dir.resolve("stat"), stat(pid, comm, ppid, utime, stime, cutime, cstime));
            Files.writeString(dir.resolve("status"), "Name:\t" + comm + "\nVmRSS:\t" + rss + " kB\n");
            Files.writeString(dir.resolve("smaps_rollup"), "Rss: " + rss + " kB\nPss: " + pss + " kB\n");
        }

        @Test
        void theJvmCountsItsOwnTicks() throws IOException {
            assertThat(tree().cpu().jvm()).isEqualTo(600);
        }

        @Test
        void theDatabaseIsThePostmasterWithItsWaitedChildrenAndItsLiveChildren() throws IOException {
            // postmaster 40 + 10 + 30 + 20, children 150 and 10; the bash process is not the database's
            assertThat(tree().cpu().database()).isEqualTo(260);
        }

        @Test
        void aBackendThatExitsMidWindowStillCounts() throws IOException {
            ServerProcesses tree = tree();
            long before = tree.cpu().database();
            // backend 202 spends 5 more ticks and exits; the postmaster waits for it: its ticks move to cutime/cstime
            Files.walk(proc.resolve("202"))
                    .sorted(java.util.Comparator.reverseOrder())
                    .forEach(p -> p.toFile().delete());
            Files.writeString(proc.resolve("200/stat"), stat(200, "postgres", 1, 40, 10, 30 + 12, 20 + 3));

            assertThat(tree.cpu().database() - before).isEqualTo(5);
        }

        @Test
        void memoryAddsUpTheDatabasesPssAndRssAndTakesTheJvmsRss() throws IOException {
            ServerProcesses.Memory m = tree().memory();

            assertThat(m).isEqualTo(new ServerProcesses.Memory(400_000, 20_000, 65_000, 3));
        }

        @Test
        void withoutAPostmasterPidFileThereIsNoDatabase() throws IOException {
            ServerProcesses tree = tree();
            Files.delete(pidFile);

            assertThat(tree.cpu().database()).isZero();
            assertThat(tree.memory().databaseProcesses()).isZero();
        }

        @Test
        void anExternalDatabaseIsNotCountedEvenWithAPostgresRunningHere() throws IOException {
            tree();
            var external = new ServerProcesses(proc, 100, Optional.empty());

            assertThat(external.countsDatabase()).isFalse();
            assertThat(external.cpu()).isEqualTo(new ServerProcesses.CpuTicks(600, 0));
            assertThat(external.memory()).isEqualTo(new ServerProcesses.Memory(400_000, 0, 0, 0));
        }

        @Test
        void aProcessThatIsGoneCountsNothing() throws IOException {
            tree();
            var gone = new ServerProcesses(proc, 999, Optional.of(pidFile));

            assertThat(gone.cpu().jvm()).isZero();
            assertThat(gone.memory().jvmRssKib()).isZero();
        }
    }
}
