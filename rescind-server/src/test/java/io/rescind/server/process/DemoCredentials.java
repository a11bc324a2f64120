package io.rescind.server.process;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/** Reads the demo credentials file the first start writes (KEY=value lines). */
record DemoCredentials(Map<String, String> values) {
    static DemoCredentials read(Path dataDir) {
        try {
            var values = new LinkedHashMap<String, String>();
            for (String line : Files.readAllLines(dataDir.resolve("demo-credentials.env"))) {
                int eq = line.indexOf('=');
                if (!line.startsWith("#") && eq > 0) {
                    values.put(line.substring(0, eq), line.substring(eq + 1));
                }
            }
            return new DemoCredentials(values);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    String clientId() {
        return values.get("client_id");
    }

    String clientSecret() {
        return values.get("client_secret");
    }

    String username() {
        return values.get("username");
    }

    String password() {
        return values.get("password");
    }

    String redirectUri() {
        return values.get("redirect_uri");
    }
}
