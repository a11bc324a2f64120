package io.rescind.server.outbound;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.util.Arrays;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Where Rescind may send outbound requests (DESIGN §4): https only, to public addresses. Plain http only to a loopback
 * address of an allow-listed host (development); internal addresses (loopback, private, link-local, carrier-grade NAT,
 * multicast, unspecified, and IPv6 forms that embed one: mapped, compatible, NAT64, 6to4) only for an allow-listed
 * host. Every address the name resolves to is checked, so one internal answer is enough to refuse.
 */
public final class OutboundPolicy {
    private final Set<String> allowlist;

    /** @param allowlist host names (or literal addresses) exempted from the address checks */
    public OutboundPolicy(Set<String> allowlist) {
        this.allowlist = allowlist.stream().map(h -> h.toLowerCase(Locale.ROOT)).collect(Collectors.toSet());
    }

    /** Throws {@link OutboundRefused} unless {@code uri} may be fetched now. */
    public void check(URI uri) {
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        String host = uri.getHost() == null ? "" : stripBrackets(uri.getHost().toLowerCase(Locale.ROOT));
        if (host.isEmpty() || uri.getRawUserInfo() != null) {
            throw new OutboundRefused("URL has no host, or carries credentials: " + uri);
        }
        if (!scheme.equals("https") && !scheme.equals("http")) {
            throw new OutboundRefused("only https is allowed: " + uri);
        }
        boolean allowlisted = allowlist.contains(host);
        InetAddress[] addresses;
        try {
            addresses = InetAddress.getAllByName(host);
        } catch (UnknownHostException e) {
            throw new UnresolvableHost("unknown host " + host);
        }
        if (scheme.equals("http")) {
            if (!allowlisted || !Arrays.stream(addresses).allMatch(InetAddress::isLoopbackAddress)) {
                throw new OutboundRefused("plain http is allowed only to an allow-listed loopback host: " + uri);
            }
            return;
        }
        if (!allowlisted) {
            for (InetAddress address : addresses) {
                if (isInternal(address)) {
                    throw new OutboundRefused(
                            host + " resolves to an internal address (" + address.getHostAddress() + ")");
                }
            }
        }
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
            if ((b[0] & 0xfe) == 0xfc) {
                return true; // fc00::/7, unique local
            }
            return embeddedIpv4(b).map(OutboundPolicy::isInternalV4).orElse(false);
        }
        return isInternalV4(b);
    }

    private static boolean isInternalV4(byte[] b) {
        try {
            InetAddress v4 = InetAddress.getByAddress(b);
            if (v4.isLoopbackAddress()
                    || v4.isSiteLocalAddress()
                    || v4.isLinkLocalAddress()
                    || v4.isAnyLocalAddress()
                    || v4.isMulticastAddress()) {
                return true;
            }
        } catch (UnknownHostException e) {
            return true;
        }
        int first = b[0] & 0xff;
        int second = b[1] & 0xff;
        return first == 0 // 0.0.0.0/8
                || (first == 100 && second >= 64 && second <= 127) // 100.64.0.0/10, carrier-grade NAT
                || (first == 192 && second == 0 && (b[2] & 0xff) == 0) // 192.0.0.0/24
                || (first == 198 && (second == 18 || second == 19)) // 198.18.0.0/15, benchmarking
                || first >= 224; // multicast and reserved
    }

    /** The IPv4 address an IPv6 address carries: v4-mapped, v4-compatible, NAT64 (64:ff9b::/96) or 6to4 (2002::/16). */
    private static java.util.Optional<byte[]> embeddedIpv4(byte[] b) {
        boolean zeros80 = Arrays.equals(Arrays.copyOfRange(b, 0, 10), new byte[10]);
        boolean mapped = zeros80 && (b[10] & 0xff) == 0xff && (b[11] & 0xff) == 0xff;
        boolean compatible = zeros80 && b[10] == 0 && b[11] == 0;
        boolean nat64 = (b[0] & 0xff) == 0x00
                && (b[1] & 0xff) == 0x64
                && (b[2] & 0xff) == 0xff
                && (b[3] & 0xff) == 0x9b
                && Arrays.equals(Arrays.copyOfRange(b, 4, 12), new byte[8]);
        if (mapped || compatible || nat64) {
            return java.util.Optional.of(Arrays.copyOfRange(b, 12, 16));
        }
        if ((b[0] & 0xff) == 0x20 && (b[1] & 0xff) == 0x02) {
            return java.util.Optional.of(Arrays.copyOfRange(b, 2, 6));
        }
        return java.util.Optional.empty();
    }

    private static String stripBrackets(String host) {
        return host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
    }

    /** An outbound request the policy refuses. */
    public static class OutboundRefused extends RuntimeException {
        public OutboundRefused(String message) {
            super(message);
        }
    }

    /** A host name that does not resolve now: refused too, but unlike the other refusals it may pass. */
    public static final class UnresolvableHost extends OutboundRefused {
        public UnresolvableHost(String message) {
            super(message);
        }
    }
}
