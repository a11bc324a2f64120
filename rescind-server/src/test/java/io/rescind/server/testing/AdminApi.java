package io.rescind.server.testing;

import java.util.Map;

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
