package io.rescind.server.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The admin API over real HTTP, with the admin credential as a Bearer token. */
public final class AdminApi {
    private final Http http;
    private final String credential;

    public AdminApi(Http http, String credential) {
        this.http = http;
        this.credential = credential;
    }

    /** The same listener without any credential, for tests of what an unauthenticated caller gets. */
    public Http http() {
        return http;
    }

    public Http.Reply get(String path) {
        return http.get(path, auth());
    }

    public Http.Reply post(String path, String json) {
        return http.post(path, "application/json", json, auth());
    }

    public Http.Reply put(String path, String json) {
        return http.sendWithBody("PUT", path, "application/json", json, auth());
    }

    public Http.Reply delete(String path) {
        return http.send("DELETE", path, auth());
    }

    /**
     * {@code GET /admin/metrics}, each sample by its name and labels as the Prometheus text writes them ({@code
     * rescind_db_pool_connections{state="idle"}}).
     */
    public Map<String, Double> metrics() {
        Http.Reply reply = get("/admin/metrics");
        assertThat(reply.status()).as(reply.body()).isEqualTo(200);
        assertThat(reply.header("Content-Type"))
                .hasValueSatisfying(type -> assertThat(type).startsWith("text/plain; version=0.0.4"));
        var samples = new LinkedHashMap<String, Double>();
        Matcher line = SAMPLE.matcher(reply.body());
        while (line.find()) {
            samples.put(line.group(1), Double.parseDouble(line.group(2)));
        }
        return samples;
    }

    private static final Pattern SAMPLE = Pattern.compile("^([a-z_]+(?:\\{[^}]*})?) (\\S+)$", Pattern.MULTILINE);

    /** {@code POST /admin/revocations} of {@code target} (a JSON object). */
    public Http.Reply revoke(String target) {
        return post("/admin/revocations", "{\"target\":" + target + "}");
    }

    /** {@code {"type": type, member: value}} as JSON. */
    public static String target(String type, String member, String value) {
        return Json.of(Map.of("type", type, member, value));
    }

    private String[] auth() {
        return new String[] {"Authorization", "Bearer " + credential};
    }

    private static final class Json {
        static String of(Object value) {
            try {
                return new com.fasterxml.jackson.databind.ObjectMapper().writeValueAsString(value);
            } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
                throw new IllegalStateException(e);
            }
        }
    }
}
