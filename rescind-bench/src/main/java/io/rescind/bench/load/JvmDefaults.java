package io.rescind.bench.load;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

/**
 * The server's default JVM options, from the file {@code ./rescind} reads too ({@code rescind-server/jvm.options}):
 * options separated by white space, {@code #} to the end of a line a comment. {@code --jvm-opts} replaces them.
 */
final class JvmDefaults {
    static final String FILE = "rescind-server/jvm.options";

    private JvmDefaults() {}

    /** The options in {@code root}'s file. */
    static List<String> of(Path root) {
        Path file = root.resolve(FILE);
        try {
            return parse(Files.readString(file));
        } catch (IOException e) {
            throw new LoadException(
                    "cannot read the server's default JVM options in " + file + ": " + e.getMessage(), e);
        }
    }

    /** Options as {@code --jvm-opts} or the file gives them: white space between, comments dropped. */
    static List<String> parse(String text) {
        return text.lines()
                .map(line -> line.replaceFirst("#.*", ""))
                .flatMap(line -> Arrays.stream(line.trim().split("\\s+")))
                .filter(option -> !option.isEmpty())
                .toList();
    }
}
