package io.rescind.server.outbound;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.util.Locale;
import java.util.Set;

/**
 * Where Rescind may send outbound requests (DESIGN §4): https only; plain http only to an allow-listed loopback host
 * (development); never to loopback, private, link-local, multicast or unspecified addresses unless the host is
 * allow-listed. Every address the name resolves to is checked, so one private answer is enough to refuse.
 */
public final class OutboundPolicy {
    private final Set<String> allowlist;

    /** @param allowlist host names (or literal addresses) exempted from the address checks */
    public OutboundPolicy(Set<String> allowlist) {
        this.allowlist =
                allowlist.stream().map(h -> h.toLowerCase(Locale.ROOT)).collect(java.util.stream.Collectors.toSet());
    }

    /** The addresses {@code uri} may be reached at; throws {@link OutboundRefused} when the policy says no. */
    public InetAddress[] check(URI uri) {
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        String host = uri.getHost() == null ? "" : uri.getHost().toLowerCase(Locale.ROOT);
        if (host.isEmpty() || uri.getRawUserInfo() != null) {
            throw new OutboundRefused("URL has no host, or carries credentials: " + uri);
        }
        boolean allowlisted = allowlist.contains(host) || allowlist.contains(stripBrackets(host));
        if (!scheme.equals("https") && !(scheme.equals("http") && allowlisted)) {
            throw new OutboundRefused("only https is allowed: " + uri);
        }
        InetAddress[] addresses;
        try {
            addresses = InetAddress.getAllByName(stripBrackets(host));
        } catch (UnknownHostException e) {
            throw new OutboundRefused("unknown host " + host);
        }
        if (!allowlisted) {
            for (InetAddress address : addresses) {
                if (isInternal(address)) {
                    throw new OutboundRefused(
                            host + " resolves to an internal address (" + address.getHostAddress() + ")");
                }
            }
        }
        return addresses;
    }

    static boolean isInternal(InetAddress a) {
        if (a.isLoopbackAddress()
                || a.isSiteLocalAddress()
                || a.isLinkLocalAddress()
                || a.isAnyLocalAddress()
                || a.isMulticastAddress()) {
            return true;
        }
        byte[] b = a.getAddress();
        if (a instanceof Inet6Address) {
            boolean uniqueLocal = (b[0] & 0xfe) == 0xfc; // fc00::/7
            boolean mappedV4 = b.length == 16 && isV4Mapped(b);
            if (mappedV4) {
                try {
                    return isInternal(InetAddress.getByAddress(java.util.Arrays.copyOfRange(b, 12, 16)));
                } catch (UnknownHostException e) {
                    return true;
                }
            }
            return uniqueLocal;
        }
        int first = b[0] & 0xff;
        int second = b[1] & 0xff;
        return first == 0 // 0.0.0.0/8
                || (first == 100 && second >= 64 && second <= 127) // 100.64.0.0/10, carrier-grade NAT
                || (first == 192 && second == 0 && (b[2] & 0xff) == 0) // 192.0.0.0/24
                || first >= 224; // multicast and reserved
    }

    private static boolean isV4Mapped(byte[] b) {
        for (int i = 0; i < 10; i++) {
            if (b[i] != 0) {
                return false;
            }
        }
        return (b[10] & 0xff) == 0xff && (b[11] & 0xff) == 0xff;
    }

    private static String stripBrackets(String host) {
        return host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
    }

    /** An outbound request the policy refuses. */
    public static final class OutboundRefused extends RuntimeException {
        public OutboundRefused(String message) {
            super(message);
        }
    }
}
