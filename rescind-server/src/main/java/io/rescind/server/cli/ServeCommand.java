package io.rescind.server.cli;

import io.rescind.core.admin.ClientAdministration;
import io.rescind.core.admin.UserAdministration;
import io.rescind.core.revocation.Revocations;
import io.rescind.core.settings.ServerSettings;
import io.rescind.server.bootstrap.AdminCredentialFile;
import io.rescind.server.bootstrap.DemoSetup;
import io.rescind.server.bootstrap.OpenedStore;
import io.rescind.server.bootstrap.Rescind;
import io.rescind.server.bootstrap.RootSecret;
import io.rescind.server.config.ConfigApplier;
import io.rescind.server.config.ConfigFile;
import io.rescind.server.config.SettingsLoader;
import io.rescind.store.embedded.EmbeddedPostgresServer;
import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code rescind serve}: start the server, on the embedded store unless {@code --db-url} says otherwise. */
@Command(name = "serve", mixinStandardHelpOptions = true, description = "Start the server.")
final class ServeCommand implements Callable<Integer> {
    @Mixin
    StoreMixin store;

    @Option(
            names = "--host",
            defaultValue = "${env:RESCIND_HOST:-127.0.0.1}",
            description = "Address to listen on (default: ${DEFAULT-VALUE}).")
    String host;

    @Option(
            names = "--port",
            defaultValue = "${env:RESCIND_PORT:-8080}",
            description = "Port (default: ${DEFAULT-VALUE}).")
    int port;

    @Option(
            names = "--issuer",
            defaultValue = "${env:RESCIND_ISSUER}",
            description = "The issuer URL (default: http://<host>:<port>).")
    String issuer;

    @Option(
            names = "--config",
            paramLabel = "FILE",
            defaultValue = "${env:RESCIND_CONFIG}",
            description = "YAML config file (settings, clients, users), applied at every start.")
    Path config;

    @Override
    public Integer call() throws InterruptedException {
        Map<String, String> env = System.getenv();
        Optional<ConfigFile> file = Optional.ofNullable(config).map(ConfigFile::read);
        URI issuerUri = URI.create(
                Optional.ofNullable(issuer).filter(s -> !s.isBlank()).orElse("http://" + hostInUrl(host) + ":" + port));
        ServerSettings settings =
                SettingsLoader.load(issuerUri, file.map(ConfigFile::settings).orElse(Map.of()), env);
        Clock clock = Clock.systemUTC();
        var opened = OpenedStore.open(store.options(), EmbeddedPostgresServer.Opener.SERVER, clock);
        Rescind rescind;
        String adminApi;
        try {
            var secrets = RootSecret.load(store.options().dataDir(), env);
            var admin =
                    AdminCredentialFile.load(settings.admin(), store.options().dataDir());
            var hashing = Rescind.hashing(settings, secrets);
            // Applied before the server starts; it loads these revocations from the log.
            var revocations = Revocations.detached(opened.store().revocations(), clock);
            file.ifPresent(f -> new ConfigApplier(
                            opened.store().clients(),
                            opened.store().users(),
                            hashing,
                            new ClientAdministration(opened.store().clients(), revocations, settings.revocation()),
                            new UserAdministration(opened.store().users(), revocations, settings.revocation()))
                    .apply(f));
            Optional<Path> demo = file.isPresent()
                    ? Optional.empty()
                    : DemoSetup.createIfEmpty(
                            opened.store(), hashing, store.options().dataDir());
            rescind = Rescind.start(settings, opened.store(), secrets, admin.credential(), clock, host, port);
            adminApi = "http://" + hostInUrl(settings.admin().host()) + ":" + rescind.adminPort() + " (credential in "
                    + admin.file() + ")";
            demo.ifPresent(path -> printDemo(path, settings));
        } catch (RuntimeException e) {
            opened.close();
            throw e;
        }
        var stopped = new CountDownLatch(1);
        Runtime.getRuntime()
                .addShutdownHook(Thread.ofPlatform().name("rescind-shutdown").unstarted(() -> {
                    rescind.close();
                    opened.close();
                    stopped.countDown();
                }));
        System.out.println("Rescind is ready on " + settings.issuer() + " (GET " + settings.issuer() + "/health)");
        System.out.println("Admin API on " + adminApi);
        stopped.await();
        return 0;
    }

    private static String hostInUrl(String host) {
        return host.contains(":") ? "[" + host + "]" : host;
    }

    private static void printDemo(Path credentials, ServerSettings settings) {
        String file = credentials.toString();
        System.out.println("""

                First start: created the demo client '%s' and the demo user '%s' with random secrets.
                Their credentials are in %s (mode 0600). Get a token:

                  (. %s && curl -s -u "$client_id:$client_secret" -d grant_type=client_credentials %s/token)
                """.formatted(DemoSetup.CLIENT_ID, DemoSetup.USERNAME, file, file, settings.issuer()));
    }
}
