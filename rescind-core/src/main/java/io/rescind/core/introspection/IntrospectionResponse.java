package io.rescind.core.introspection;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/** An RFC 7662 §2.2 response: {@code {"active":false}} and nothing else, or the claims of an active token. */
public record IntrospectionResponse(Map<String, Object> members) {
    public static final IntrospectionResponse INACTIVE = new IntrospectionResponse(Map.of("active", false));

    public IntrospectionResponse {
        members = Collections.unmodifiableMap(new LinkedHashMap<>(members));
    }

    public boolean active() {
        return Boolean.TRUE.equals(members.get("active"));
    }
}
