package io.rescind.server.process;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The launcher's AOT cache ({@code .ci/aot-cache.sh}, sourced by {@code ./rescind}): which cache a start uses, when it
 * trains one, and that nothing about the cache ever fails a start. Runs the script's functions in bash against a fake
 * JDK and a fake jar.
 */
class AotCacheScriptTest {
    static final Path SCRIPT =
            Path.of("..", ".ci", "aot-cache.sh").toAbsolutePath().normalize();

    @TempDir
    Path dir;

    Path jdk;
    Path jar;

    @BeforeEach
    void fakeJdkAndJar() throws IOException {
        jdk = dir.resolve("jdk");
        Files.createDirectories(jdk.resolve("lib/server"));
        Files.writeString(jdk.resolve("release"), "JAVA_RUNTIME_VERSION=\"25.0.3+9-LTS\"\n");
        Files.writeString(jdk.resolve("lib/server/libjvm.so"), "jvm");
        Path target = Files.createDirectories(dir.resolve("target/lib"));
        Files.writeString(target.resolve("dependency.jar"), "lib");
        jar = Files.writeString(dir.resolve("target/rescind-server.jar"), "server");
    }

    /** Runs {@code rescind_aot_prepare JAR COMMAND} and answers what it decided: options, then the training file. */
    Decision prepare(String command, Map<String, String> environment) throws Exception {
        String out = bash(
                "rescind_aot_prepare \"$JAR\" " + command
                        + "; echo \"options=${rescind_aot_options[*]}\"; echo \"training=$rescind_aot_training\"",
                environment);
        String options = out.lines()
                .filter(l -> l.startsWith("options="))
                .findFirst()
                .orElseThrow()
                .substring(8);
        String training = out.lines()
                .filter(l -> l.startsWith("training="))
                .findFirst()
                .orElseThrow()
                .substring(9);
        return new Decision(options, training);
    }

    Decision prepare(String command) throws Exception {
        return prepare(command, Map.of());
    }

    record Decision(String options, String training) {}

    String bash(String script, Map<String, String> environment) throws Exception {
        var builder = new ProcessBuilder("bash", "-c", "set -euo pipefail; . \"$SCRIPT\"; " + script)
                .redirectErrorStream(true);
        builder.environment().put("SCRIPT", SCRIPT.toString());
        builder.environment().put("JAVA_HOME", jdk.toString());
        builder.environment().put("JAR", jar.toString());
        builder.environment().remove("RESCIND_AOT");
        builder.environment().remove("RESCIND_JAVA_OPTS");
        builder.environment().putAll(environment);
        Process p = builder.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
        lastExit = p.exitValue();
        return out;
    }

    int lastExit;

    Path aotDir() {
        return jar.resolveSibling("aot");
    }

    /** Trains as the first serve would, with a fake java that writes the cache at exit; answers the cache. */
    Path trained() throws Exception {
        Path training = Path.of(prepare("serve").training());
        Files.writeString(training, "cache");
        Files.deleteIfExists(Path.of(training + ".lock"));
        return training;
    }

    @Nested
    class Training {
        @Test
        void theFirstServeOfABuildTrainsACacheNamedForItsJarAndJdk() throws Exception {
            Decision d = prepare("serve");

            assertThat(d.options()).isEmpty();
            assertThat(Path.of(d.training()).getParent()).isEqualTo(aotDir());
            assertThat(Path.of(d.training()).getFileName().toString()).matches("rescind-server-\\d+\\.aot");
        }

        @Test
        void anAdminCommandNeverTrains() throws Exception {
            assertThat(prepare("client")).isEqualTo(new Decision("", ""));
        }

        @Test
        void aSecondServeDoesNotTrainWhileTheFirstStillDoes() throws Exception {
            prepare("serve"); // the lock names the bash that took it, gone now: hold it with a live pid instead
            Path lock = Files.list(aotDir())
                    .filter(p -> p.toString().endsWith(".lock"))
                    .findFirst()
                    .orElseThrow();
            Files.writeString(lock, ProcessHandle.current().pid() + "\n");

            assertThat(prepare("serve")).isEqualTo(new Decision("", ""));
        }

        @Test
        void aLockLeftByADeadTrainingIsTakenOver() throws Exception {
            prepare("serve"); // its lock names a bash that has exited

            assertThat(prepare("serve").training()).isNotEmpty();
        }

        @Test
        void theTrainingPublishesTheCacheWhenTheJvmIsGoneAndExitsWithItsStatus() throws Exception {
            Path java = Files.writeString(dir.resolve("java"), """
                    #!/usr/bin/env bash
                    out="${1#-XX:AOTCacheOutput=}"
                    echo cache >"$out"
                    exit 143
                    """);
            Files.setPosixFilePermissions(java, PosixFilePermissions.fromString("rwx------"));
            Files.createDirectories(aotDir());
            Path stale = Files.writeString(aotDir().resolve("rescind-server-1.aot"), "an older build's");

            String out = bash(
                    "rescind_aot_prepare \"$JAR\" serve; rescind_aot_train \"$JAVA\" -jar \"$JAR\" serve",
                    Map.of("JAVA", java.toString()));

            assertThat(lastExit).as(out).isEqualTo(143);
            List<String> files = new ArrayList<>();
            Files.list(aotDir()).forEach(p -> files.add(p.getFileName().toString()));
            assertThat(files).singleElement().asString().matches("rescind-server-\\d+\\.aot");
            assertThat(stale).doesNotExist();
            assertThat(prepare("serve").options()).startsWith("-XX:AOTCache=" + aotDir());
        }

        @Test
        void aServeThatFailedLeavesNoCache() throws Exception {
            Path java = Files.writeString(dir.resolve("java"), """
                    #!/usr/bin/env bash
                    echo cache >"${1#-XX:AOTCacheOutput=}"
                    exit 1
                    """);
            Files.setPosixFilePermissions(java, PosixFilePermissions.fromString("rwx------"));

            bash(
                    "rescind_aot_prepare \"$JAR\" serve; rescind_aot_train \"$JAVA\" -jar \"$JAR\" serve",
                    Map.of("JAVA", java.toString()));

            assertThat(lastExit).isEqualTo(1);
            assertThat(Files.list(aotDir())).isEmpty();
        }

        @Test
        void serveHelpNeverTrains() throws Exception {
            assertThat(prepare("serve --port 8080 --help")).isEqualTo(new Decision("", ""));
        }
    }

    @Nested
    class Use {
        @Test
        void everyCommandUsesTheCacheOfItsJar() throws Exception {
            Path cache = trained();

            assertThat(prepare("serve")).isEqualTo(new Decision("-XX:AOTCache=" + cache + " -Xlog:aot*=off", ""));
            assertThat(prepare("client").options()).isEqualTo("-XX:AOTCache=" + cache + " -Xlog:aot*=off");
        }

        @Test
        void aRebuiltJarNeverUsesTheCacheOfTheOldOne() throws Exception {
            trained();
            Files.setLastModifiedTime(jar, FileTime.fromMillis(System.currentTimeMillis() + 5_000));

            assertThat(prepare("serve").options()).isEmpty();
        }

        @Test
        void aChangedDependencyNeverUsesTheOldCache() throws Exception {
            trained();
            Files.writeString(jar.resolveSibling("lib/dependency.jar"), "another version");

            assertThat(prepare("serve").options()).isEmpty();
        }

        @Test
        void anotherJdkNeverUsesTheCacheOfThisOne() throws Exception {
            trained();
            Files.writeString(jdk.resolve("release"), "JAVA_RUNTIME_VERSION=\"25.0.4+1-LTS\"\n");

            assertThat(prepare("serve").options()).isEmpty();
        }

        @Test
        void otherJvmOptionsNeverUseTheCacheMadeWithout() throws Exception {
            trained();

            assertThat(prepare("serve", Map.of("RESCIND_JAVA_OPTS", "-Xmx256m")).options())
                    .isEmpty();
        }
    }

    @Nested
    class Off {
        @Test
        void rescindAotOffNeitherUsesNorTrains() throws Exception {
            trained();

            assertThat(prepare("serve", Map.of("RESCIND_AOT", "off"))).isEqualTo(new Decision("", ""));
        }

        @Test
        void aotOptionsOfTheOperatorWin() throws Exception {
            assertThat(prepare("serve", Map.of("RESCIND_JAVA_OPTS", "-XX:AOTCache=/elsewhere.aot")))
                    .isEqualTo(new Decision("", ""));
        }

        @Test
        void aFolderThatCannotBeMadeMeansAStartWithoutCache() throws Exception {
            Files.writeString(aotDir(), "a file where the folder should be");

            assertThat(prepare("serve")).isEqualTo(new Decision("", ""));
            assertThat(lastExit).isZero();
        }

        @Test
        void aJdkWithoutLibjvmMeansAStartWithoutCache() throws Exception {
            Files.delete(jdk.resolve("lib/server/libjvm.so"));

            assertThat(prepare("serve")).isEqualTo(new Decision("", ""));
            assertThat(lastExit).isZero();
        }
    }
}
