package io.rescind.bench.load;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * How the driver starts a server: the packaged jar, the bench's config file, what runs before {@code java}
 * ({@code taskset -c 0} when pinned) and the options of the server's JVM.
 */
record ServerCommand(Path jar, String configYaml, List<String> launcher, List<String> jvmOptions) {
    ServerCommand {
        launcher = List.copyOf(launcher);
        jvmOptions = List.copyOf(jvmOptions);
    }

    /** The same, with more JVM options after these (an AOT cache). */
    ServerCommand withJvmOptions(List<String> more) {
        var all = new ArrayList<>(jvmOptions);
        all.addAll(more);
        return new ServerCommand(jar, configYaml, launcher, all);
    }

    /** {@code java [options] -jar rescind-server.jar serve ...} on {@code dataDir} and {@code port}. */
    List<String> serve(Path dataDir, Path config, int port, Store store) {
        List<String> command = new ArrayList<>(launcher);
        command.add(ProcessHandle.current().info().command().orElse("java"));
        command.addAll(jvmOptions);
        command.addAll(List.of("-jar", jar.toString(), "serve", "--config", config.toString()));
        command.addAll(List.of("--data-dir", dataDir.toString(), "--port", Integer.toString(port)));
        command.addAll(store.serveOptions());
        return command;
    }
}
