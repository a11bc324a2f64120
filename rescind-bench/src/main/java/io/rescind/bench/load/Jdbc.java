package io.rescind.bench.load;

import java.io.IOException;
import java.io.StringReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Optional;
import java.util.Properties;

/**
 * How the driver reaches a PostgreSQL database with JDBC: to seed grants, and to create and drop the databases of an
 * external PostgreSQL.
 *
 * @param password none for trust or peer authentication
 */
record Jdbc(String url, String user, Optional<String> password) {
    Jdbc {
        if (!url.startsWith("jdbc:postgresql:")) {
            throw new IllegalArgumentException("not a PostgreSQL JDBC URL: " + url);
        }
    }

    /** The embedded PostgreSQL of a started server's data folder, as the server reaches it: port and password files. */
    static Jdbc embedded(Path dataDir) {
        Path embedded = dataDir.resolve("embedded");
        try {
            var instance = new Properties();
            instance.load(new StringReader(Files.readString(embedded.resolve("instance.properties"))));
            String password = Files.readString(embedded.resolve("password")).strip();
            return new Jdbc(
                    "jdbc:postgresql://127.0.0.1:" + instance.getProperty("port") + "/rescind",
                    "postgres",
                    Optional.of(password));
        } catch (IOException e) {
            throw new LoadException("cannot read the embedded PostgreSQL's port and password in " + embedded, e);
        }
    }

    /** The same server and user, another database. */
    Jdbc withDatabase(String name) {
        return new Jdbc(url.replaceFirst("^(jdbc:postgresql://[^/?]*)(/[^?]*)?", "$1/" + name), user, password);
    }

    /** The database this URL names. */
    String database() {
        return url.replaceFirst("^jdbc:postgresql://[^/?]*/?([^?]*).*$", "$1");
    }

    Connection connect() throws SQLException {
        var properties = new Properties();
        properties.setProperty("user", user);
        password.ifPresent(p -> properties.setProperty("password", p));
        properties.setProperty("ApplicationName", "rescind-bench");
        return DriverManager.getConnection(url, properties);
    }

    /** The URL without its query (which may hold credentials), for messages. */
    String shown() {
        return url.replaceFirst("\\?.*$", "");
    }
}
