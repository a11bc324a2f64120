package io.rescind.core.protocol;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Request parameters of an {@code application/x-www-form-urlencoded} body or a query string.
 *
 * <p>RFC 6749 §3.1: a parameter sent without a value is treated as omitted, and no parameter may be included more
 * than once (a repeated one is refused, even with an equal value, so two parsers can never disagree on it).
 */
public record FormParameters(Map<String, String> values) {
    /** More parameters than any endpoint here defines, with room to spare; beyond this a request is refused. */
    public static final int MAX_PARAMETERS = 64;

    public FormParameters {
        values = Collections.unmodifiableMap(new LinkedHashMap<>(values));
    }

    public static FormParameters empty() {
        return new FormParameters(Map.of());
    }

    /** Parses a form-encoded body (or a raw query string). */
    public static FormParameters parse(String encoded) {
        var values = new LinkedHashMap<String, String>();
        var seen = new java.util.HashSet<String>();
        if (encoded.isEmpty()) {
            return new FormParameters(values);
        }
        String[] pairs = encoded.split("&", -1);
        if (pairs.length > MAX_PARAMETERS) {
            throw OAuthError.INVALID_REQUEST.exception("too many parameters");
        }
        for (String pair : pairs) {
            if (pair.isEmpty()) {
                continue;
            }
            int eq = pair.indexOf('=');
            String name = decode(eq < 0 ? pair : pair.substring(0, eq));
            String value = eq < 0 ? "" : decode(pair.substring(eq + 1));
            add(values, seen, name, value);
        }
        return new FormParameters(values);
    }

    private static void add(Map<String, String> values, java.util.Set<String> seen, String name, String value) {
        if (name.isEmpty()) {
            throw OAuthError.INVALID_REQUEST.exception("a parameter has no name");
        }
        if (name.indexOf(0) >= 0 || value.indexOf(0) >= 0) {
            // No OAuth or OIDC parameter admits NUL, and PostgreSQL text cannot hold one: the login transaction that
            // stores the request would fail as a 503 instead of this 400.
            throw OAuthError.INVALID_REQUEST.exception("a parameter contains a NUL character");
        }
        if (!seen.add(name)) {
            throw OAuthError.INVALID_REQUEST.exception("parameter '" + Printable.of(name) + "' must not be repeated");
        }
        if (!value.isEmpty()) {
            values.put(name, value);
        }
    }

    /**
     * Decodes one form-urlencoded component strictly: {@code +} is a space, {@code %} takes exactly two ASCII hex
     * digits, and the bytes must be UTF-8 (two different encodings never decode to the same value).
     */
    public static String decode(String raw) {
        if (raw.indexOf('%') < 0) {
            return raw.replace('+', ' ');
        }
        var bytes = new ByteArrayOutputStream(raw.length());
        for (int i = 0; i < raw.length(); i++) {
            char c = raw.charAt(i);
            if (c == '%') {
                if (i + 2 >= raw.length() || hex(raw.charAt(i + 1)) < 0 || hex(raw.charAt(i + 2)) < 0) {
                    throw OAuthError.INVALID_REQUEST.exception("malformed form encoding");
                }
                bytes.write(hex(raw.charAt(i + 1)) << 4 | hex(raw.charAt(i + 2)));
                i += 2;
            } else if (c == '+') {
                bytes.write(' ');
            } else {
                int end = Character.isHighSurrogate(c) && i + 1 < raw.length() ? i + 2 : i + 1;
                bytes.writeBytes(raw.substring(i, end).getBytes(StandardCharsets.UTF_8));
                i = end - 1;
            }
        }
        return Utf8.strict(bytes.toByteArray())
                .orElseThrow(() -> OAuthError.INVALID_REQUEST.exception("malformed form encoding: not UTF-8"));
    }

    private static int hex(char c) {
        if (c >= '0' && c <= '9') {
            return c - '0';
        }
        if (c >= 'a' && c <= 'f') {
            return c - 'a' + 10;
        }
        return c >= 'A' && c <= 'F' ? c - 'A' + 10 : -1;
    }

    public Optional<String> get(String name) {
        return Optional.ofNullable(values.get(name));
    }

    public String require(String name) {
        return get(name).orElseThrow(() -> OAuthError.INVALID_REQUEST.exception("missing parameter '" + name + "'"));
    }

    public boolean has(String name) {
        return values.containsKey(name);
    }

    /** Only the parameters named in {@code names}: what a protocol reads, never what a caller added. */
    public FormParameters only(java.util.Set<String> names) {
        var kept = new LinkedHashMap<String, String>();
        values.forEach((name, value) -> {
            if (names.contains(name)) {
                kept.put(name, value);
            }
        });
        return new FormParameters(kept);
    }

    /** Names only: a form may carry a secret, a code or a token. */
    @Override
    public String toString() {
        return "FormParameters" + values.keySet();
    }
}
