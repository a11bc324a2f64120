package io.rescind.core.protocol;

/** Makes untrusted text safe to echo in an error description: printable ASCII only, and short. */
public final class Printable {
    private static final int MAX = 64;

    private Printable() {}

    public static String of(String untrusted) {
        var out = new StringBuilder();
        for (int i = 0; i < untrusted.length() && out.length() < MAX; i++) {
            char c = untrusted.charAt(i);
            out.append(c >= 0x20 && c < 0x7f && c != '"' && c != '\\' ? c : '?');
        }
        if (untrusted.length() > MAX) {
            out.append("...");
        }
        return out.toString();
    }
}
